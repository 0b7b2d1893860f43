import { valuesOf } from "./collection";
import { INCIDENT_TYPE_LABELS, type IncidentType } from "./domain";
import type { LatLng } from "./events";
import { distanceMetres } from "./geo";
import type { Incident, OperationState, StewardReport } from "./state";

/**
 * Triage help (issue 10 item 4), pure: which open incidents and other new reports a new steward
 * report is likely about, and the incidents it could be merged into, ranked. It suggests; it
 * never merges. Each call walks the open incidents and the reports once: O(n) for one report.
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
 */
export function likelyDuplicates(report: StewardReport, state: OperationState): TriageSuggestion[] {
  const me = ofReport(report);
  const found: (TriageSuggestion & { close: number })[] = [];
  for (const i of valuesOf(state.incidents)) {
    if (!OPEN(i) || i.reportIds.includes(report.id) || report.receivedAt < i.reportedAt - DUPLICATE_WINDOW_MS) continue;
    const c = closeness(me, ofIncident(i, state));
    if (samePlace(c)) found.push({ kind: "incident", id: i.id, ref: i.ref, ...c });
  }
  for (const r of valuesOf(state.reports)) {
    if (r.id === report.id || r.status !== "new" || Math.abs(r.receivedAt - report.receivedAt) > DUPLICATE_WINDOW_MS) continue;
    const c = closeness(me, ofReport(r));
    if (samePlace(c)) found.push({ kind: "report", id: r.id, ref: null, ...c });
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
