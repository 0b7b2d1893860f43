import { z } from "zod";
import type { CordonEvent } from "./events";
import type { OperationState } from "./state";
import type { PositionTuple } from "./wire";

/**
 * The replay and export API (issue "Post-event replay and debrief"): the contract between the
 * server's replay routes and the replay view. Replay folds the same events with the same reducer
 * (shared/evolve.ts); the server only chooses where to start (a snapshot) and what to fold.
 */

/** Which clock decides "as it was at T": record time (what control knew) or the reporter's own. */
export const TimeBasis = z.enum(["record", "reporter"]);
export type TimeBasis = z.infer<typeof TimeBasis>;

/** A mark on the scrubber: one incident, at the time it was reported. */
export interface IncidentMark {
  seq: number;
  at: number;
  incidentId: string;
  ref: string;
  type: string;
  grade: string | null;
}

/** GET /api/operations/:opId/replay — what the replay view needs to lay out its scrubber. */
export interface ReplayMeta {
  opId: string;
  name: string;
  venueId: string;
  /** Record time of the first and last event, and of the first and last position fix. */
  startAt: number;
  endAt: number;
  headSeq: number;
  /** The hash of event headSeq, and the SHA-256 of the server's signing key: printed on every page of the debrief. */
  headHash: string | null;
  keyId: string | null;
  incidents: IncidentMark[];
  /** Record time of every event (index i is seq i + 1), for stepping from event to event. */
  eventTimes: number[];
}

export const StateQuery = z.object({
  at: z.coerce.number().int().min(0),
  basis: TimeBasis.default("record"),
});

/** GET /api/operations/:opId/replay/state?at=T&basis=record — the board exactly as it was at T. */
export interface ReplayState {
  at: number;
  basis: TimeBasis;
  /** Seq of the last event folded in. */
  seq: number;
  state: OperationState;
  /** Each unit's latest fix at or before T. */
  positions: PositionTuple[];
}

export const WindowQuery = z.object({
  from: z.coerce.number().int().min(0),
  to: z.coerce.number().int().min(0),
  /** Optional: only each unit's latest fix in each `step` ms, for fast playback (600x needs about a tenth of the bytes). */
  step: z.coerce.number().int().min(1).optional(),
});

/**
 * GET /api/operations/:opId/replay/window?from=A&to=B[&step=S] — everything between two times,
 * for playback: the events with record time in (A, B] and the position fixes with time in (A, B]
 * (with `step`, each unit's latest in each S ms), fixes oldest first.
 */
export interface ReplayWindow {
  from: number;
  to: number;
  events: CordonEvent[];
  fixes: PositionTuple[];
}

/** Exports must say why and to whom (DPA 2018 s.62); both are logged with who and when. */
export const ExportQuery = z.object({
  reason: z.string().trim().min(3).max(300),
  recipient: z.string().trim().min(2).max(200),
});
export type ExportQuery = z.infer<typeof ExportQuery>;

export const EXPORT_KINDS = ["incidents.csv", "incidents.json", "events.ndjson", "report.html"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** The protective marking every export and print carries. */
export const MARKING = "OFFICIAL-SENSITIVE";
