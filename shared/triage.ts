import { valuesOf } from "./collection";
import { INCIDENT_TYPE_LABELS, type IncidentType } from "./domain";
import type { LatLng } from "./events";
import { distanceMetres, type LocalFrame, localFrame } from "./geo";
import type { Incident, OperationState, StewardReport } from "./state";

/**
 * Triage help (issue 10 item 4), pure: which open incidents and other new reports a new steward
 * report is likely about, and the incidents it could be merged into, ranked. It suggests; it
 * never merges. `likelyDuplicates` uses an index built once per state (for every card of a list);
 * `rankMergeTargets` walks the open incidents once, for the one report being merged.
 */

/** Types that are often the same thing seen by different people, as data. */
export const RELATED_TYPE_GROUPS: readonly (readonly IncidentType[])[] = [
  ["ticketless-entry", "gate-breach", "turnstile-failure"],
  ["crowd-surge", "gate-breach", "turnstile-failure"],
  ["disorder", "missile", "assault-on-staff", "pyrotechnics"],
  ["disorder", "discriminatory-chanting", "ejection", "arrest"],
  ["pyrotechnics", "pitch-incursion"],
  ["medical", "drunk-drugs", "vulnerable-person"],
  ["lost-child", "vulnerable-person"],
];

/** Likely the same thing: same or related type within this distance… */
export const DUPLICATE_RADIUS_M = 50;
/** …and this time (between two reports; an open incident is live until resolved, see `likelyDuplicates`). */
export const DUPLICATE_WINDOW_MS = 3 * 60_000;

export type TypeMatch = "same" | "related" | "other";

export function typeMatch(a: IncidentType, b: IncidentType): TypeMatch {
  if (a === b) return "same";
  return RELATED_TYPE_GROUPS.some((g) => g.includes(a) && g.includes(b)) ? "related" : "other";
}

/** What a suggestion and a merge target share. */
export interface Closeness {
  /** Straight-line metres between them; null when either has no location. */
  metres: number | null;
  /** Whole minutes between the report's arrival and the other's (an incident's first report). */
  minutes: number;
  typeMatch: TypeMatch;
  /** Both from the same steward post (an incident: any of its reports). */
  samePost: boolean;
  /** One line for the card: "same type, 20 m, 1 min apart", "related: Gate or fire-door breach, same post: Entrance J turnstiles, under 1 min apart". */
  why: string;
}

export interface TriageSuggestion extends Closeness {
  kind: "incident" | "report";
  id: string;
  /** The incident's CAD reference; null for a report. */
  ref: string | null;
}

export interface MergeTarget extends Closeness {
  incident: Incident;
  /** It is also a likely duplicate (`likelyDuplicates`); those come first. */
  likely: boolean;
}

/** What is compared: a report or an incident, reduced to its type, place, posts and time. */
interface Sighting {
  type: IncidentType;
  location: LatLng | null;
  posts: readonly { id: string; name: string }[];
  at: number;
}

const OPEN = (i: Incident) => i.status !== "resolved" && i.status !== "closed";

function ofReport(r: StewardReport): Sighting {
  return { type: r.type, location: r.location, posts: r.post ? [r.post] : [], at: r.receivedAt };
}

function ofIncident(i: Incident, state: OperationState): Sighting {
  const posts = i.reportIds.flatMap((id) => {
    const post = state.reports[id]?.post;
    return post ? [post] : [];
  });
  return { type: i.type, location: i.location, posts, at: i.reportedAt };
}

function closeness(report: Sighting, other: Sighting): Closeness & { close: number } {
  const metres = report.location && other.location ? distanceMetres(report.location, other.location) : null;
  const post = report.posts.find((p) => other.posts.some((q) => q.id === p.id)) ?? null;
  const match = typeMatch(report.type, other.type);
  const apart = Math.abs(report.at - other.at);
  const minutes = Math.round(apart / 60_000);
  // Best first within a type match: same post or near, and close in time, each counting up to 1.
  const close = (post ? 0 : Math.min(1, (metres ?? DUPLICATE_RADIUS_M) / DUPLICATE_RADIUS_M)) + Math.min(1, apart / DUPLICATE_WINDOW_MS);
  return {
    metres,
    minutes,
    typeMatch: match,
    samePost: post !== null,
    why: whyText(match, other.type, post?.name ?? null, metres, minutes),
    close,
  };
}

function whyText(match: TypeMatch, type: IncidentType, post: string | null, metres: number | null, minutes: number): string {
  const kind = match === "same" ? "same type" : `${match}: ${INCIDENT_TYPE_LABELS[type]}`;
  const where = post ? `same post: ${post}` : metres === null ? "no location" : metresText(metres);
  return `${kind}, ${where}, ${minutes === 0 ? "under 1 min" : `${minutes} min`} apart`;
}

function metresText(metres: number): string {
  if (metres < 100) return `${Math.round(metres)} m`;
  return metres < 1000 ? `${Math.round(metres / 10) * 10} m` : `${(metres / 1000).toFixed(1)} km`;
}

/** Same post, or same or related type within DUPLICATE_RADIUS_M. */
function samePlace(c: Closeness): boolean {
  return c.samePost || (c.typeMatch !== "other" && c.metres !== null && c.metres <= DUPLICATE_RADIUS_M);
}

const MATCH_RANK: Record<TypeMatch, number> = { same: 0, related: 1, other: 2 };

/**
 * The open incidents and other new reports a new report is likely about, best first: same type
 * before related before another type (same post only), then nearer and closer in time, incidents
 * before reports. A report matches within DUPLICATE_WINDOW_MS of its arrival; an open incident
 * from DUPLICATE_WINDOW_MS before its first report onwards, however old: it is live until
 * resolved, and the fifth steward to report a fight reports it ten minutes in.
 *
 * Cheap to call for every card of a long list: the open incidents and new reports are indexed
 * once per state object (by 55 m cell and by post), so each call looks only at its neighbours.
 */
export function likelyDuplicates(report: StewardReport, state: OperationState): TriageSuggestion[] {
  const me = ofReport(report);
  const found: (TriageSuggestion & { close: number })[] = [];
  for (const c of nearby(duplicateIndex(state), report)) {
    if (c.id === report.id) continue;
    const inWindow =
      c.kind === "incident"
        ? !c.reportIds.includes(report.id) && report.receivedAt >= c.sighting.at - DUPLICATE_WINDOW_MS
        : Math.abs(c.sighting.at - report.receivedAt) <= DUPLICATE_WINDOW_MS;
    if (!inWindow) continue;
    const close = closeness(me, c.sighting);
    if (samePlace(close)) found.push({ kind: c.kind, id: c.id, ref: c.ref, ...close });
  }
  found.sort(
    (a, b) =>
      MATCH_RANK[a.typeMatch] - MATCH_RANK[b.typeMatch] ||
      a.close - b.close ||
      Number(a.kind === "report") - Number(b.kind === "report") ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return found.map(({ close: _, ...s }) => s);
}

/** An open incident or a new report, as the index holds it. */
interface Candidate {
  kind: "incident" | "report";
  id: string;
  ref: string | null;
  sighting: Sighting;
  reportIds: readonly string[];
}

interface DuplicateIndex {
  frame: LocalFrame | null;
  cells: Map<number, Candidate[]>;
  byPost: Map<string, Candidate[]>;
}

/** Cells a little wider than the radius, so the 3 × 3 around a report hold everything within it. */
const CELL_M = DUPLICATE_RADIUS_M * 1.1;
const cellKey = (cx: number, cy: number) => (cx + 32_768) * 65_536 + (cy + 32_768);
const indexes = new WeakMap<OperationState, DuplicateIndex>();

function duplicateIndex(state: OperationState): DuplicateIndex {
  const known = indexes.get(state);
  if (known) return known;
  const candidates: Candidate[] = [
    ...valuesOf(state.incidents)
      .filter(OPEN)
      .map((i): Candidate => ({ kind: "incident", id: i.id, ref: i.ref, sighting: ofIncident(i, state), reportIds: i.reportIds })),
    ...valuesOf(state.reports)
      .filter((r) => r.status === "new")
      .map((r): Candidate => ({ kind: "report", id: r.id, ref: null, sighting: ofReport(r), reportIds: [] })),
  ];
  const origin = candidates.find((c) => c.sighting.location)?.sighting.location;
  const index: DuplicateIndex = { frame: origin ? localFrame(origin) : null, cells: new Map(), byPost: new Map() };
  const add = <K>(map: Map<K, Candidate[]>, key: K, c: Candidate) => {
    const list = map.get(key);
    if (list) list.push(c);
    else map.set(key, [c]);
  };
  for (const c of candidates) {
    if (c.sighting.location && index.frame) {
      const { x, y } = index.frame.toXY(c.sighting.location);
      add(index.cells, cellKey(Math.floor(x / CELL_M), Math.floor(y / CELL_M)), c);
    }
    for (const post of c.sighting.posts) add(index.byPost, post.id, c);
  }
  indexes.set(state, index);
  return index;
}

/** Candidates in the 3 × 3 cells around the report, and those from its post, each once. */
function nearby(index: DuplicateIndex, report: StewardReport): Set<Candidate> {
  const out = new Set<Candidate>();
  if (report.location && index.frame) {
    const { x, y } = index.frame.toXY(report.location);
    const cx = Math.floor(x / CELL_M);
    const cy = Math.floor(y / CELL_M);
    for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) for (const c of index.cells.get(cellKey(cx + i, cy + j)) ?? []) out.add(c);
  }
  for (const c of report.post ? (index.byPost.get(report.post.id) ?? []) : []) out.add(c);
  return out;
}

/**
 * Every open incident (not resolved or closed) a report could be merged into, best first: the
 * likely duplicates first (in `likelyDuplicates` order), then same type before related before
 * other, then nearer (no location last), then closer in time.
 */
export function rankMergeTargets(report: StewardReport, state: OperationState): MergeTarget[] {
  const me = ofReport(report);
  const targets = valuesOf(state.incidents)
    .filter(OPEN)
    .map((incident) => {
      const c = closeness(me, ofIncident(incident, state));
      const likely = samePlace(c) && report.receivedAt >= incident.reportedAt - DUPLICATE_WINDOW_MS;
      return { incident, likely, ...c };
    });
  targets.sort(
    (a, b) =>
      Number(b.likely) - Number(a.likely) ||
      MATCH_RANK[a.typeMatch] - MATCH_RANK[b.typeMatch] ||
      (a.likely ? a.close - b.close : 0) ||
      (a.metres ?? Number.POSITIVE_INFINITY) - (b.metres ?? Number.POSITIVE_INFINITY) ||
      Math.abs(report.receivedAt - a.incident.reportedAt) - Math.abs(report.receivedAt - b.incident.reportedAt) ||
      (a.incident.id < b.incident.id ? -1 : 1),
  );
  return targets.map(({ close: _, ...t }) => t);
}

/** New reports awaiting triage, oldest received first (each has waited `now - receivedAt`). */
export function reportsAwaitingTriage(state: OperationState): StewardReport[] {
  return valuesOf(state.reports)
    .filter((r) => r.status === "new")
    .sort((a, b) => a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
