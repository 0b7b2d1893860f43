import { setImmediate as yieldToIo } from "node:timers/promises";
import type { CordonEvent } from "../../shared/events";
import type { IncidentMark, ReplayMeta, ReplayState, ReplayWindow, TimeBasis } from "../../shared/replay";
import { Mutex } from "../operations/mutex";
import type { ReplayQueries } from "../store/replayQueries";
import { EventTimes, runs } from "./eventTimes";
import { PositionTrack } from "./positionTrack";
import { ReplayStates } from "./replayStates";

export interface ReplayReaderOptions {
  /** A stored snapshot about every this many events (config SNAPSHOT_EVERY). */
  snapshotEvery: number;
  /** SHA-256 of the key that signs checkpoints, for the printed debrief (issue 13). */
  keyId?: string | null;
  /** An in-memory checkpoint every this many events (default a tenth of snapshotEvery, at most 100). */
  checkpointEvery?: number;
  /** How many events' worth of in-memory checkpoints, over all operations (default 250,000: about 200 MB at most). */
  budgetEvents?: number;
  keyframeEveryMs?: number;
  keyframeEveryFixes?: number;
  maxWindowFixes?: number;
  /** How long a request waits for the position keyframes to catch up before reading without them. */
  keyframeWaitMs?: number;
  onError?: (err: unknown, what: string) => void;
}

interface OpIndex {
  times: EventTimes;
  marks: IncidentMark[];
  lock: Mutex;
  /** Whether the stored snapshots have been checked against the log up to times.head. */
  ensured: boolean;
}

/** Events indexed per page on first open. */
const INDEX_PAGE = 10_000;

/**
 * An operation's stored log as it was at any moment (issue 3). Replay folds the stored events
 * with the live fold (shared/evolve.ts): the nearest snapshot or checkpoint, then the tail
 * (ReplayStates); positions come from the track through keyframes (PositionTrack); which events
 * count at T, by record time or by the reporter's own, comes from the time index (EventTimes).
 * Everything here is a cache of the log, built on first use and kept up with it after. It reads
 * through ReplayQueries (server/store/replayQueries.ts), so it runs on SQLite and PostgreSQL alike.
 */
export class ReplayReader {
  readonly states: ReplayStates;
  readonly track: PositionTrack;
  private readonly ops = new Map<string, OpIndex>();
  private readonly keyframeWaitMs: number;
  private readonly onError: (err: unknown, what: string) => void;
  private readonly keyId: string | null;

  constructor(
    private readonly store: ReplayQueries,
    opts: ReplayReaderOptions,
  ) {
    const n = opts.snapshotEvery;
    this.keyId = opts.keyId ?? null;
    this.states = new ReplayStates({
      store,
      snapshotEvery: n,
      // At most 100: a seek folds fewer than this many events, whatever the stored snapshots' interval.
      checkpointEvery: opts.checkpointEvery ?? Math.max(1, Math.round(Math.min(n, 1_000) / 10)),
      budgetEvents: opts.budgetEvents ?? 250_000,
    });
    this.track = new PositionTrack(store.track, {
      everyMs: opts.keyframeEveryMs ?? 30_000,
      everyFixes: opts.keyframeEveryFixes ?? 10_000,
      maxWindowFixes: opts.maxWindowFixes ?? 300_000,
    });
    this.keyframeWaitMs = opts.keyframeWaitMs ?? 50;
    this.onError = opts.onError ?? (() => {});
  }

  /**
   * Brings the caches up to the stored log: the time index and the stored snapshots (built where
   * missing) before answering; the position keyframes for at most keyframeWaitMs, then in the
   * background (positions are exact without them, only slower).
   */
  async open(opId: string): Promise<OpIndex> {
    let op = this.ops.get(opId);
    if (!op) {
      op = { times: new EventTimes(), marks: [], lock: new Mutex(), ensured: false };
      this.ops.set(opId, op);
    }
    const index = op;
    await index.lock.run(async () => {
      const before = index.times.head;
      await this.indexNewEvents(opId, index);
      if (index.times.head === before && index.ensured) return;
      await this.states.ensureSnapshots(opId, index.times.head);
      index.ensured = true;
      this.states.warm(opId, index.times.head).catch((err) => this.onError(err, "replay checkpoints failed"));
    });
    const keyframes = this.track.refresh(opId).catch((err) => this.onError(err, "position keyframes failed"));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([keyframes, new Promise((resolve) => (timer = setTimeout(resolve, this.keyframeWaitMs)))]);
    clearTimeout(timer);
    return index;
  }

  /** The scrubber: the operation's span, its incidents and every event's record time. */
  async meta(opId: string, name: string, venueId: string): Promise<ReplayMeta> {
    const { times, marks } = await this.open(opId);
    const eventTimes = times.recordTimes();
    const fixes = await this.track.span(opId);
    const first = eventTimes[0] ?? fixes.first ?? 0;
    const last = eventTimes.reduce((a, b) => Math.max(a, b), first);
    const [headEvent] = times.head > 0 ? await this.store.readAfter(opId, times.head - 1, 1) : [];
    return {
      opId,
      name,
      venueId,
      startAt: Math.min(first, fixes.first ?? first),
      endAt: Math.max(last, fixes.last ?? last),
      headSeq: times.head,
      headHash: headEvent?.hash ?? null,
      keyId: this.keyId,
      incidents: [...marks],
      eventTimes,
    };
  }

  /** The board at time t: the fold of the events whose `basis` time is ≤ t, and each unit's latest fix by then. */
  async stateAt(opId: string, t: number, basis: TimeBasis): Promise<ReplayState> {
    const { times } = await this.open(opId);
    const state = await this.states.fold(opId, times.select(t, basis));
    return { at: t, basis, seq: state.seq, state, positions: await this.track.positionsAt(opId, t) };
  }

  /** The board after exactly `seq` events (positions at that event's record time). */
  async stateAtSeq(opId: string, seq: number): Promise<ReplayState> {
    const { times } = await this.open(opId);
    const state = await this.states.prefix(opId, Math.min(seq, times.head));
    return { at: state.at, basis: "record", seq: state.seq, state, positions: await this.track.positionsAt(opId, state.at) };
  }

  /** Everything in (from, to]: events by record time and fixes by fix time, for playback. */
  async window(opId: string, from: number, to: number, step?: number): Promise<ReplayWindow> {
    const { times } = await this.open(opId);
    const fixes = await this.track.window(opId, from, to, step);
    const events: CordonEvent[] = [];
    for (const [first, count] of runs(times.recordedBetween(from, to)))
      events.push(...(await this.store.readAfter(opId, first - 1, count)));
    return { from, to, events, fixes };
  }

  /** Stops the background builds, so the database can be closed. */
  async close(): Promise<void> {
    await Promise.all([this.states.close(), this.track.close()]);
  }

  /** Indexes the events stored since the last call, a page at a time: both clocks, and the incident marks. */
  private async indexNewEvents(opId: string, op: OpIndex): Promise<void> {
    for (;;) {
      const rows = await this.store.eventTimes(opId, op.times.head, INDEX_PAGE);
      op.times.append(rows);
      for (const row of rows) if (row.mark) op.marks.push(row.mark);
      if (rows.length < INDEX_PAGE) return;
      await yieldToIo();
    }
  }
}
