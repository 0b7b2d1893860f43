import type { CordonEvent } from "../../shared/events";
import type { IncidentMark } from "../../shared/replay";

/**
 * A time-index row as both backends' SQL gives it: the event's body only for the events that
 * put an incident on the scrubber, so a page of the index parses a handful of bodies, not all.
 */
export interface TimeRowText {
  seq: number;
  at: number;
  reporterTime: number | null;
  body: string | null;
}

type MarkEvent = Extract<CordonEvent, { type: "IncidentReported" | "StewardReportPromoted" }>;

/** The scrubber's mark for an IncidentReported or StewardReportPromoted body (null for none). */
export function markOf(body: string | null): IncidentMark | null {
  if (body === null) return null;
  const e = JSON.parse(body) as MarkEvent;
  const p = e.payload;
  return { seq: e.seq, at: e.at, incidentId: p.incidentId, ref: p.ref, type: p.type, grade: p.grade };
}
