import type { CordonEvent } from "../../shared/events";
import type { GateCount } from "../../shared/ingress";
import type { Fix, OperationState } from "../../shared/state";

/**
 * The durable log of each operation (DESIGN §1, §5): SQLite (sqliteStore.ts, the embedded
 * default) and PostgreSQL (postgres/pgEventStore.ts) both pass test/store/eventStore.contract.ts.
 * Async, so that a networked store fits behind it; the SQLite one answers at once.
 */
export interface EventLog {
  /**
   * Appends one group commit: all or nothing, committed durably when the promise resolves.
   * Throws AppendConflict when the batch does not continue the stored head (another process
   * appended first) or reuses an idempotency key.
   */
  append(opId: string, batch: readonly AppendItem[]): Promise<void>;
  /** Events with seq > afterSeq, in order, at most `limit`. */
  readAfter(opId: string, afterSeq: number, limit?: number): Promise<CordonEvent[]>;
  head(opId: string): Promise<{ seq: number; hash: string } | null>;
  /**
   * Appends while holding the operation's append lock, so that no other writer can move the
   * head meanwhile: `write` is given the events stored after `afterSeq` (appended elsewhere) and
   * returns the batch that follows them (empty: nothing). Costs several round trips in
   * PostgreSQL: the fallback of a writer that keeps losing races, not the hot path.
   */
  appendHolding(opId: string, afterSeq: number, write: (tail: readonly CordonEvent[]) => readonly AppendItem[]): Promise<void>;
  /** The result of an idempotency key already applied, if any. */
  findKey(opId: string, key: string): Promise<KeyRecord | null>;
  /** The results of those keys already applied, in one query. */
  findKeys(opId: string, keys: readonly string[]): Promise<Map<string, KeyRecord>>;
  operations(): Promise<OperationSummary[]>;
  /** Every operation's head seq: a cheap read for the periodic check of what other processes appended. */
  heads(): Promise<{ opId: string; seq: number }[]>;
  /**
   * Told of appends committed by other processes sharing this store (PostgreSQL LISTEN/NOTIFY);
   * the SQLite store has one writer and never calls it. Returns an unsubscribe.
   */
  onAppended(listener: (opId: string, seq: number) => void): () => void;
}

/** States of an operation at some seqs: a cache, always rebuildable from the log (DESIGN §1). */
export interface SnapshotStore {
  saveSnapshot(opId: string, state: OperationState): Promise<void>;
  /** The newest snapshot at or before `atOrBeforeSeq` (default: newest). */
  snapshot(opId: string, atOrBeforeSeq?: number): Promise<OperationState | null>;
  /** The seqs of the stored snapshots, ascending (replay finds the missing ones). */
  snapshotSeqs(opId: string): Promise<number[]>;
}

/** The positions lane's full track per operation (DESIGN §1: a second stream, not the log). */
export interface FixStore {
  appendFixes(opId: string, fixes: readonly Fix[], receivedAt: number): Promise<void>;
  /** Each unit's newest fix. */
  latestFixes(opId: string): Promise<Fix[]>;
  /** Every fix of a unit (or all units) in a time range, oldest first: the full track. */
  track(opId: string, from: number, to: number, unitId?: string): Promise<Fix[]>;
}

/**
 * The telemetry lane's second kind (issue 11 item 7): every turnstile reading stored in full, as
 * typed rows (`gate_counts`), beside the positions' `fixes`. Replay reads the counts at any time.
 */
export interface CountStore {
  appendCounts(opId: string, counts: readonly GateCount[], receivedAt: number): Promise<void>;
  /** The newest reading of each entrance group from each source, oldest first (the lane merges them). */
  latestCounts(opId: string): Promise<GateCount[]>;
  /** Each group's readings at or before `t`, as control saw them then: the newest per group and source, oldest first. */
  countsAt(opId: string, t: number): Promise<GateCount[]>;
  /** Every reading in a time range (of one group, or all), oldest first: the full history. */
  countHistory(opId: string, from: number, to: number, groupId?: string): Promise<GateCount[]>;
}

/** One backend's log, snapshots and tracks (each consumer takes only the part it uses). */
export interface EventStore extends EventLog, SnapshotStore, FixStore, CountStore {
  close(): Promise<void>;
}

export interface AppendItem {
  key: string;
  event: CordonEvent;
}

export interface KeyRecord {
  seq: number;
  eventId: string;
  userId: string;
}

export interface OperationSummary {
  id: string;
  name: string;
  venueId: string;
  openedAt: number;
  seq: number;
}

/**
 * Raised by a store when an append would break an invariant: the batch does not follow the
 * stored head (`head`: another writer appended first) or an idempotency key is taken (`key`).
 */
export class AppendConflict extends Error {
  constructor(
    message: string,
    readonly reason: "head" | "key" = "head",
  ) {
    super(message);
  }
}
