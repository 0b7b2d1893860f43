import type { CordonEvent } from "../../shared/events";
import type { Fix, OperationState } from "../../shared/state";

/**
 * The durable log (DESIGN §1, §5). Two implementations are planned: SQLite (embedded default,
 * here) and PostgreSQL; both must pass test/store/eventStore.contract.ts.
 *
 * The interface is async so that a networked store fits behind it; the SQLite one answers at once.
 */
export interface EventStore {
  /** Appends one group commit: all or nothing, committed durably when the promise resolves. */
  append(opId: string, batch: readonly AppendItem[]): Promise<void>;
  /** Events with seq > afterSeq, in order, at most `limit`. */
  readAfter(opId: string, afterSeq: number, limit?: number): Promise<CordonEvent[]>;
  head(opId: string): Promise<{ seq: number; hash: string } | null>;
  /** The result of an idempotency key already applied, if any. */
  findKey(opId: string, key: string): Promise<KeyRecord | null>;
  operations(): Promise<OperationSummary[]>;
  saveSnapshot(opId: string, state: OperationState): Promise<void>;
  /** The newest snapshot at or before `atOrBeforeSeq` (default: newest). */
  snapshot(opId: string, atOrBeforeSeq?: number): Promise<OperationState | null>;
  /** The seqs of the stored snapshots, ascending (replay finds the missing ones). */
  snapshotSeqs(opId: string): Promise<number[]>;
  appendFixes(opId: string, fixes: readonly Fix[], receivedAt: number): Promise<void>;
  /** Each unit's newest fix. */
  latestFixes(opId: string): Promise<Fix[]>;
  /** Every fix of a unit (or all units) in a time range, oldest first: the full track. */
  track(opId: string, from: number, to: number, unitId?: string): Promise<Fix[]>;
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

/** Raised by a store when an append would break an invariant (a seq or key taken). */
export class AppendConflict extends Error {}
