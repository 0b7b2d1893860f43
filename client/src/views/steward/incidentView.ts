import type { IncidentStatus } from "../../../../shared/domain";
import type { Incident, OperationState } from "../../../../shared/state";

/**
 * What a steward is told about an incident. The server has already withheld units, officers
 * and police free text (shared/visibility.ts); this only puts the rest in a steward's words.
 */
export const STEWARD_STATUS: Record<IncidentStatus, string> = {
  reported: "With control",
  triaged: "With control",
  resourced: "Police attending",
  "on-scene": "Police attending",
  resolved: "Resolved",
  closed: "Closed",
};

export interface StewardNote {
  seq: number;
  at: number;
  who: string;
  text: string;
}

/** Notes and outcomes their authors wrote for stewards, oldest first. */
export function notesForStewards(i: Incident): StewardNote[] {
  return i.timeline
    .filter((t) => t.forStewards && !t.intel && (t.kind === "IncidentNoteAdded" || t.kind === "IncidentResolved"))
    .map((t) => ({ seq: t.seq, at: t.at, who: t.actor.name, text: t.text }));
}

/** The incidents a steward holds (their sector's and their own reports'), open first, newest first. */
export function stewardIncidents(state: OperationState): Incident[] {
  const rank = (i: Incident) => (i.status === "resolved" ? 1 : 0);
  return Object.values(state.incidents)
    .filter((i) => i.status !== "closed")
    .sort((a, b) => rank(a) - rank(b) || b.reportedAt - a.reportedAt || a.id.localeCompare(b.id));
}
