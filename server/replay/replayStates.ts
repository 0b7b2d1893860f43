import { setImmediate as yieldToIo } from "node:timers/promises";
import type { CordonEvent } from "../../shared/events";
import { evolve } from "../../shared/evolve";
import { initialState, type OperationState } from "../../shared/state";
import { Mutex } from "../operations/mutex";
import type { SnapshotStore } from "../store/eventStore";
import type { EventPages } from "../store/replayQueries";
import { runs, type Selection } from "./eventTimes";

export interface ReplayStatesOptions {
  /** The log a page at a time, and the stored snapshots. */
  store: EventPages & SnapshotStore;
  /** A stored snapshot about every this many events (the snapshots table; config SNAPSHOT_EVERY). */
  snapshotEvery: number;
  /** An in-memory checkpoint every this many events. */
  checkpointEvery: number;
  /** How many events all operations' in-memory checkpoints may cover together (the memory bound). */
  budgetEvents: number;
}

/** Events read and folded per page; between pages a long fold lets the server serve others. */
const PAGE = 2000;

interface OpStates {
  /** spine[k] is the state after k × checkpointEvery events: one fold from the start, so they share structure. */
  spine: OperationState[];
  /** Extends the spine one caller at a time. */
  lock: Mutex;
  /** Seqs of the stored snapshots, ascending (null until first read). */
  stored: number[] | null;
  /** The last stored snapshot parsed, for seeks beyond the spine. */
  parsed: OperationState | null;
}

/**
 * The state after any prefix of an operation's log, folded by `shared/evolve` from the nearest
 * snapshot at or before it (DESIGN §1). Two caches, both rebuildable from the log:
 *
 * - stored snapshots (the `snapshots` table) at least about every `snapshotEvery` events;
 *   `ensureSnapshots` builds any that are missing (an operation recorded before snapshots, or
 *   with a larger interval) from the log;
 * - a spine of in-memory checkpoints every `checkpointEvery` events, made by one fold from the
 *   start. The fold copies only what each event changes, so the checkpoints share almost all
 *   their structure: 20,000 events with a checkpoint every 100 cost about 16 MB, where twenty
 *   parsed snapshots of the same log cost ten times that.
 *
 * A seek within the spine folds fewer than `checkpointEvery` events; past it, the spine grows by
 * up to `snapshotEvery` events, or (an operation over the memory bound) the nearest stored
 * snapshot is parsed and the tail folded.
 */
export class ReplayStates {
  /** Map order is least recently used first. */
  private readonly ops = new Map<string, OpStates>();
  private readonly warming = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly opts: ReplayStatesOptions) {}

  /** Builds the stored snapshots that are missing; returns how many it built. */
  async ensureSnapshots(opId: string, head: number): Promise<number> {
    const op = this.touch(opId);
    let stored = op.stored;
    let wanted = stored ? missingSnapshots(stored, head, this.opts.snapshotEvery) : null;
    if (!stored || wanted?.length) {
      // Read afresh: the live log writes snapshots of its own.
      stored = (await this.opts.store.snapshotSeqs(opId)).sort((a, b) => a - b);
      op.stored = stored;
      wanted = missingSnapshots(stored, head, this.opts.snapshotEvery);
    }
    for (const seq of wanted ?? []) {
      await this.opts.store.saveSnapshot(opId, await this.prefix(opId, seq));
      insertSorted(stored, seq);
    }
    return wanted?.length ?? 0;
  }

  /** Grows the spine to the head, a page at a time, letting others in between (when it fits the memory bound). */
  warm(opId: string, head: number): Promise<void> {
    const op = this.touch(opId);
    const run = (async () => {
      for (let end = this.spineEnd(op) + PAGE; end < head + PAGE && this.fits(opId, end) && !this.closed; end += PAGE) {
        await this.grow(opId, op, Math.min(end, head));
        await yieldToIo();
      }
    })().finally(() => this.warming.delete(run));
    this.warming.add(run);
    return run;
  }

  /** Stops warming (after the page under way) and waits for that, so the database can be closed. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.warming);
  }

  /** The state after exactly the first `seq` events (fewer if the log is shorter). */
  async prefix(opId: string, seq: number): Promise<OperationState> {
    const op = this.touch(opId);
    const c = this.opts.checkpointEvery;
    if (seq > this.spineEnd(op) && seq - this.spineEnd(op) <= this.opts.snapshotEvery && this.fits(opId, seq)) {
      await this.grow(opId, op, seq);
    }
    let state = op.spine[Math.min(Math.floor(seq / c), op.spine.length - 1)] ?? initialState;
    if (seq - state.seq > this.opts.snapshotEvery) {
      const stored = await this.stored(opId, op, seq);
      if (stored.seq > state.seq) state = stored;
    }
    await this.foldPages(opId, state.seq, seq, (e) => {
      state = evolve(state, e);
    });
    return state;
  }

  /** Folds a selection: the prefix, then each extra event, in seq order. */
  async fold(opId: string, selection: Selection): Promise<OperationState> {
    let state = await this.prefix(opId, selection.prefix);
    for (const [first, count] of runs(selection.extra)) {
      for (const e of await this.opts.store.readAfter(opId, first - 1, count)) state = evolve(state, e);
    }
    return state;
  }

  private spineEnd(op: OpStates): number {
    return (op.spine.length - 1) * this.opts.checkpointEvery;
  }

  /** Extends the spine so that it reaches `seq` (rounded down to a checkpoint). */
  private grow(opId: string, op: OpStates, seq: number): Promise<void> {
    const c = this.opts.checkpointEvery;
    return op.lock.run(async () => {
      const from = this.spineEnd(op);
      const to = Math.floor(seq / c) * c;
      if (to <= from) return;
      let state = op.spine[op.spine.length - 1] ?? initialState;
      await this.foldPages(opId, from, to, (e) => {
        state = evolve(state, e);
        // (An eviction meanwhile empties the spine; then nothing more belongs on it.)
        if (e.seq === op.spine.length * c) op.spine.push(state);
      });
      this.evict(opId);
    });
  }

  /** The newest stored snapshot at or before `seq` (the last one parsed is kept). */
  private async stored(opId: string, op: OpStates, seq: number): Promise<OperationState> {
    op.stored ??= (await this.opts.store.snapshotSeqs(opId)).sort((a, b) => a - b);
    const at = newestAtOrBefore(op.stored, seq);
    if (at === undefined) return initialState;
    if (op.parsed?.seq !== at) op.parsed = (await this.opts.store.snapshot(opId, at)) ?? initialState;
    return op.parsed;
  }

  /** Reads events (from, to] a page at a time and hands each to `apply`, letting others in between pages. */
  private async foldPages(opId: string, from: number, to: number, apply: (e: CordonEvent) => void): Promise<void> {
    for (let after = from; after < to; ) {
      const page = await this.opts.store.readAfter(opId, after, Math.min(PAGE, to - after));
      if (page.length === 0) return;
      for (const e of page) apply(e);
      after = page[page.length - 1]?.seq ?? to;
      if (after < to) await yieldToIo();
    }
  }

  private touch(opId: string): OpStates {
    const op = this.ops.get(opId) ?? { spine: [initialState], lock: new Mutex(), stored: null, parsed: null };
    this.ops.delete(opId);
    this.ops.set(opId, op);
    return op;
  }

  /** Whether a spine this long fits the bound, after dropping other operations' spines if need be. */
  private fits(opId: string, seq: number): boolean {
    return seq <= this.opts.budgetEvents && this.ops.has(opId);
  }

  /** Drops other operations' spines, least recently used first, until all fit the bound. */
  private evict(current: string): void {
    let total = 0;
    for (const op of this.ops.values()) total += this.spineEnd(op);
    for (const [opId, op] of this.ops) {
      if (total <= this.opts.budgetEvents) return;
      if (opId === current) continue;
      total -= this.spineEnd(op);
      op.spine = [initialState];
    }
  }
}

/**
 * Where snapshots are wanted: wherever more than `n` events and a quarter pass without one (the
 * live log snapshots after the group commit that crosses each multiple of n, so not exactly on
 * it), at the multiples of n.
 */
export function missingSnapshots(stored: readonly number[], head: number, n: number): number[] {
  const wanted: number[] = [];
  let prev = 0;
  for (const next of [...stored.filter((s) => s <= head), head + 1]) {
    while (next - prev > n + Math.floor(n / 4)) {
      prev = (Math.floor(prev / n) + 1) * n;
      wanted.push(prev);
    }
    prev = Math.max(prev, next);
  }
  return wanted;
}

/** The largest value ≤ x in an ascending array. */
function newestAtOrBefore(sorted: readonly number[], x: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sorted[lo - 1] : undefined;
}

function insertSorted(sorted: number[], x: number): void {
  let i = sorted.length;
  while (i > 0 && (sorted[i - 1] ?? 0) > x) i--;
  if (sorted[i - 1] !== x) sorted.splice(i, 0, x);
}
