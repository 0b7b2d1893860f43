import type { IncidentMark } from "../../shared/replay";
import type { EventLog, SnapshotStore } from "./eventStore";
import { PgReplayQueries } from "./postgres/pgReplayQueries";
import { SqliteReplayQueries } from "./sqliteReplayQueries";
import type { Storage } from "./storage";

/**
 * What replay and the exports read (issue 9 item 1): the log a page at a time, the two clocks
 * of every event, snapshots, and the position track with its keyframes. One implementation per
 * backend (sqliteReplayQueries.ts, postgres/pgReplayQueries.ts), both passing
 * test/store/replayQueries.contract.ts. Everything the reader builds from them (the time index,
 * checkpoints, keyframes) is a cache of the log: it can be dropped and rebuilt.
 */
export interface ReplayQueries extends EventPages, SnapshotStore {
  readonly kind: Storage["kind"];
  /** The time index's rows for events with seq > afterSeq, in seq order, at most `limit`. */
  eventTimes(opId: string, afterSeq: number, limit: number): Promise<EventTimeRow[]>;
  readonly track: TrackStore;
}

/**
 * A bounded page of the log (seq > afterSeq, ascending, at most `limit`): a fold's tail, a
 * playback window and an export read through it, never the whole log at once.
 */
export type EventPages = Pick<EventLog, "readAfter">;

export interface EventTimeRow {
  seq: number;
  /** Record time: when control knew. */
  at: number;
  /**
   * For a steward's report, the phone's time when earlier than `at`; null for every other
   * event: a promotion, grade or assignment made from a report stays at its own record time.
   */
  reporterTime: number | null;
  /** Set for the events that put an incident on the scrubber. */
  mark: IncidentMark | null;
}

/** A fix as replay reads it: [unitId, lat, lng, at, heading, speed]. */
export type TrackRow = [string, number, number, number, number | null, number | null];

/** One stored keyframe: every unit's latest fix at `at`, encoded by server/replay/positionTrack.ts. */
export interface Keyframe {
  at: number;
  data: Buffer;
}

/**
 * Where the track has been read up to, for keyframes. A number each backend gives its own
 * meaning (SQLite: a rowid; PostgreSQL: a transaction id below which every transaction has
 * ended); callers only pass back what `storedUpTo` gave them.
 */
export type TrackMark = number;

/**
 * The position track (the `fixes` table) and the keyframes built over it. Rows of one time are
 * in the order they were stored, so that the later of two fixes with one time wins.
 */
export interface TrackStore {
  /** First and last fix time, or null for an operation without fixes. */
  span(opId: string): Promise<{ first: number | null; last: number | null }>;
  /** Fixes with time in (after, to], oldest first; with `upTo`, only those stored before that mark. */
  fixesBetween(opId: string, after: number, to: number, upTo?: TrackMark): Promise<TrackRow[]>;
  /** Each unit's latest fix with time ≤ t, one indexed lookup per unit (no keyframe needed). */
  latestEachUnit(opId: string, t: number): Promise<TrackRow[]>;
  /**
   * Fixes with time in (from, to], oldest first, at most `limit`; with `step`, only each unit's
   * latest in each `step` ms counted from `from`.
   */
  window(opId: string, from: number, to: number, limit: number, step?: number): Promise<TrackRow[]>;

  /** A mark covering every fix stored so far (fixes stored later are past it). */
  storedUpTo(): Promise<TrackMark>;
  /** The earliest fix time of this operation among fixes stored from `since` up to `upTo`. */
  earliestStoredBetween(opId: string, since: TrackMark, upTo: TrackMark): Promise<number | null>;
  /** The first fix time > after among fixes stored before `upTo`. */
  nextFixTime(opId: string, after: number, upTo: TrackMark): Promise<number | null>;

  /** The newest keyframe at or before t (the newest of all without t). */
  keyframe(opId: string, t?: number): Promise<Keyframe | null>;
  putKeyframe(opId: string, at: number, units: number, data: Buffer): Promise<void>;
  /** Drops the keyframes at or after `from` (all of them without it). */
  dropKeyframes(opId: string, from?: number): Promise<void>;
  /** The mark the keyframes were last brought up to, if ever. */
  keyframeMark(opId: string): Promise<TrackMark | null>;
  setKeyframeMark(opId: string, mark: TrackMark): Promise<void>;
  /**
   * Runs a keyframe build unless another process is running one for this operation (then
   * returns false at once: readers use the keyframes there are, positions are exact either way).
   */
  exclusively(opId: string, build: () => Promise<void>): Promise<boolean>;
  /** How many keyframes are stored (tests and the bench). */
  keyframeCount(opId: string, at?: number): Promise<number>;
}

/** The replay queries for the storage the server runs on. */
export function openReplayQueries(storage: Storage): ReplayQueries {
  if (storage.kind === "postgres") {
    if (!storage.pg) throw new Error(`${storage.where}: no PostgreSQL pool`);
    return new PgReplayQueries(storage.pg, storage.log);
  }
  if (!storage.sqlite) throw new Error(`${storage.where}: no SQLite handle`);
  return new SqliteReplayQueries(storage.sqlite, storage.log);
}
