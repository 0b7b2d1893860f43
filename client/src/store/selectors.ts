import { type Grade, INCIDENT_TYPE_LABELS, type IncidentStatus, type IncidentType } from "../../../shared/domain";
import type { Incident, OperationState, StewardReport, Unit } from "../../../shared/state";

/**
 * Pure views of the operation state that panels share. They build new arrays, so the hooks
 * that use them wrap them in useShallow: the items keep their identity from the fold.
 */

const GRADE_RANK: Record<Grade, number> = { I: 0, S: 1, E: 2, R: 3 };
const gradeRank = (g: Grade | null) => (g ? GRADE_RANK[g] : 4);

/** Live, then resolved (waiting to be closed), then closed (shown only when searched for). */
const statusBucket = (i: Incident) => (i.status === "closed" ? 2 : i.status === "resolved" ? 1 : 0);

/** A grade I incident nobody has been sent to yet: the one thing control must act on now. */
export function isUnresourcedGradeI(i: Incident): boolean {
  return i.grade === "I" && i.assigned.length === 0 && statusBucket(i) === 0;
}

/**
 * Queue order: unresourced grade I first, above everything; then live before resolved before
 * closed, then grade I, S, E, R, ungraded, then oldest first.
 */
export function compareIncidents(a: Incident, b: Incident): number {
  const urgent = Number(isUnresourcedGradeI(b)) - Number(isUnresourcedGradeI(a));
  if (urgent !== 0) return urgent;
  const bucket = statusBucket(a) - statusBucket(b);
  if (bucket !== 0) return bucket;
  return gradeRank(a.grade) - gradeRank(b.grade) || a.reportedAt - b.reportedAt || a.id.localeCompare(b.id);
}

/** Incidents not yet closed (resolved ones stay until control closes them), in queue order. */
export function openIncidents(state: OperationState): Incident[] {
  return Object.values(state.incidents)
    .filter((i) => i.status !== "closed")
    .sort(compareIncidents);
}

/** Steward reports awaiting triage, oldest received first, so the longest-waiting never sinks. */
export function newReports(state: OperationState): StewardReport[] {
  return Object.values(state.reports)
    .filter((r) => r.status === "new")
    .sort((a, b) => a.receivedAt - b.receivedAt || a.id.localeCompare(b.id));
}

export function reportsBy(state: OperationState, userId: string): StewardReport[] {
  return Object.values(state.reports)
    .filter((r) => r.steward.userId === userId)
    .sort((a, b) => b.receivedAt - a.receivedAt);
}

/** One collator for every sort of call signs: localeCompare with options builds one per call (~100x slower). */
const callSignOrder = new Intl.Collator("en-GB", { numeric: true }).compare;

/**
 * Sorted once per units map: the fold gives a new map only when a unit changes, and zustand runs
 * this selector on every store change (a click, an event), which re-sorted 1,500 units each time.
 */
const sortedUnits = new WeakMap<OperationState["units"], Unit[]>();
/** The last order sorted, to carry over to the next map (see `sameOrder`). */
let lastSorted: Unit[] | null = null;

export function unitsByCallSign(state: OperationState): Unit[] {
  let sorted = sortedUnits.get(state.units);
  if (!sorted) {
    sorted =
      (lastSorted && sameOrder(lastSorted, state.units)) ??
      Object.values(state.units).sort((a, b) => callSignOrder(a.callSign, b.callSign));
    sortedUnits.set(state.units, sorted);
    lastSorted = sorted;
  }
  return sorted;
}

/**
 * The previous order with each unit taken from the new map, when the new map holds the same
 * units under the same call signs (a status or assignment changed, the usual event): one pass
 * rather than a sort. Null when a unit came, went or was renamed.
 */
function sameOrder(previous: readonly Unit[], units: OperationState["units"]): Unit[] | null {
  const next: Unit[] = new Array(previous.length);
  for (let i = 0; i < previous.length; i++) {
    const before = previous[i] as Unit;
    const now = units[before.id];
    if (!now || now.callSign !== before.callSign) return null;
    next[i] = now;
  }
  let count = 0;
  for (const _ in units) count++;
  return count === previous.length ? next : null;
}

/** Incidents a unit should know about in its sector, in queue order. */
export function sectorIncidents(state: OperationState, sector: string | null): Incident[] {
  if (!sector) return [];
  return openIncidents(state).filter((i) => i.sector === sector);
}

/** The incident queue's search and filters; empty strings mean "any". */
export interface IncidentFilter {
  /** Words looked for in the CAD reference, description, location text and type label. */
  text: string;
  type: IncidentType | "";
  /** A grade, "none" for ungraded, or "" for any. */
  grade: Grade | "none" | "";
  sector: string;
  /** "open" (the default: everything not closed), "all", or one status ("closed" included). */
  status: IncidentStatus | "open" | "all";
}

export const OPEN_INCIDENTS: IncidentFilter = { text: "", type: "", grade: "", sector: "", status: "open" };

export function isDefaultFilter(f: IncidentFilter): boolean {
  return f.text.trim() === "" && f.type === "" && f.grade === "" && f.sector === "" && f.status === "open";
}

function matchesStatus(i: Incident, status: IncidentFilter["status"]): boolean {
  if (status === "all") return true;
  if (status === "open") return i.status !== "closed";
  return i.status === status;
}

/** Every word typed must appear somewhere in what an operator would quote ("4150", "gate j", "flare"). */
function matchesText(i: Incident, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const hay = `${i.ref} ${i.description} ${i.locationText} ${INCIDENT_TYPE_LABELS[i.type]}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** Incidents that pass the queue's filters, in queue order. Closed ones stay findable. */
export function filterIncidents(state: OperationState, f: IncidentFilter): Incident[] {
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  return Object.values(state.incidents)
    .filter(
      (i) =>
        matchesStatus(i, f.status) &&
        (!f.type || i.type === f.type) &&
        (!f.grade || (f.grade === "none" ? i.grade === null : i.grade === f.grade)) &&
        (!f.sector || i.sector === f.sector) &&
        matchesText(i, words),
    )
    .sort(compareIncidents);
}
