import { setImmediate as yieldToIo } from "node:timers/promises";
import { encodeFix, type PositionTuple } from "../../shared/wire";
import { Mutex } from "../operations/mutex";
import type { TrackMark, TrackRow, TrackStore } from "../store/replayQueries";

/**
 * Where every unit was at any moment, from the stored track (the `fixes` table, DESIGN §1).
 *
 * Position keyframes make that fast: each is every unit's latest fix at a moment of fix time,
 * taken every `everyMs` of fix time or every `everyFixes` fixes, whichever comes first, and
 * stored compactly (binary, 40 bytes a unit) through the storage's TrackStore
 * (server/store/replayQueries.ts). Positions at T = the newest keyframe at or before
 * T plus the fixes after it up to T, latest wins. Keyframes are a cache: built from the track when
 * a replay is opened, extended as fixes arrive, and dropped from the moment of any fix that
 * arrives late (a tracker's delayed batch) so that they never disagree with the track.
 */

export interface PositionTrackOptions {
  everyMs: number;
  everyFixes: number;
  /** A window holds at most this many fixes (about 70 bytes each as JSON). */
  maxWindowFixes: number;
}

type Row = TrackRow;

export class WindowTooLarge extends Error {}

/** Past the newest keyframe by more than this many intervals (still being built, or a gap), look each unit up instead. */
const MAX_FOLD_INTERVALS = 4;
/** Work between two yields to the event loop while building, so live traffic is not held up. */
const SLICE_MS = 20;

export class PositionTrack {
  private readonly locks = new Map<string, Mutex>();
  private readonly building = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly store: TrackStore,
    private readonly opts: PositionTrackOptions,
  ) {}

  /** First and last fix time. */
  span(opId: string): Promise<{ first: number | null; last: number | null }> {
    return this.store.span(opId);
  }

  /**
   * Brings the keyframes up to date with the track. Resolves at once when that is already under
   * way: readers use what is built so far (positionsAt is exact either way, only slower).
   */
  refresh(opId: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    const running = this.building.get(opId);
    if (running) return running;
    const lock = this.locks.get(opId) ?? new Mutex();
    this.locks.set(opId, lock);
    const run = lock
      .run(async () => {
        // Most refreshes find nothing new: they take no cross-process lock.
        if (!(await this.settled(opId))) await this.store.exclusively(opId, () => this.update(opId));
      })
      .finally(() => this.building.delete(opId));
    this.building.set(opId, run);
    return run;
  }

  /** Stops building (at the next interval) and waits for that, so the database can be closed. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.building.values());
  }

  /** Each unit's latest fix with fix time ≤ t, by unit id. */
  async positionsAt(opId: string, t: number): Promise<PositionTuple[]> {
    const kf = await this.store.keyframe(opId, t);
    const from = kf?.at ?? (await this.store.span(opId)).first ?? t;
    if (t - from > MAX_FOLD_INTERVALS * this.opts.everyMs) return this.lookEachUnit(opId, t);
    const latest = kf ? decode(kf.data) : new Map<string, Row>();
    for (const row of await this.store.fixesBetween(opId, kf ? kf.at : from - 1, t)) latest.set(row[0], row);
    return tuples(latest.values());
  }

  /** Without keyframes: one indexed lookup per unit. */
  async lookEachUnit(opId: string, t: number): Promise<PositionTuple[]> {
    return tuples(await this.store.latestEachUnit(opId, t));
  }

  /**
   * The fixes with fix time in (from, to], oldest first; with `step`, only each unit's latest
   * in each `step` ms (enough to draw playback at high speed, a fraction of the bytes).
   */
  async window(opId: string, from: number, to: number, step?: number): Promise<PositionTuple[]> {
    const limit = this.opts.maxWindowFixes + 1;
    const rows = await this.store.window(opId, from, to, limit, step);
    if (rows.length >= limit) {
      throw new WindowTooLarge(
        `Over ${this.opts.maxWindowFixes.toLocaleString("en-GB")} position fixes in this window: ask for a shorter one, or give step=<ms>.`,
      );
    }
    return rows.map(tuple);
  }

  /**
   * Whether no fix of this operation was stored since the mark (then the mark moves on: safe
   * without the lock, as it passes only fixes of other operations).
   */
  private async settled(opId: string): Promise<boolean> {
    const top = await this.store.storedUpTo();
    const mark = await this.store.keyframeMark(opId);
    if (mark === null) return false;
    if (top <= mark) return true;
    if ((await this.store.earliestStoredBetween(opId, mark, top)) !== null) return false;
    await this.store.setKeyframeMark(opId, top);
    return true;
  }

  /** Drops keyframes a late fix contradicts, then extends them from the newest one to the end of the track. */
  private async update(opId: string): Promise<void> {
    const top = await this.store.storedUpTo();
    const mark = await this.store.keyframeMark(opId);
    if (mark !== null && top <= mark) return;
    if (mark === null) {
      await this.store.dropKeyframes(opId);
    } else {
      // Only fixes stored since the mark can be late; the earliest of them says what to drop.
      const earliest = await this.store.earliestStoredBetween(opId, mark, top);
      // None for this operation (the mark moved for others' fixes, or in PostgreSQL for any commit): nothing to build.
      if (earliest === null) return this.store.setKeyframeMark(opId, top);
      await this.store.dropKeyframes(opId, earliest);
    }
    if (await this.extend(opId, top)) await this.store.setKeyframeMark(opId, top);
  }

  /** Returns whether it reached the end of what `top` covers (not stopped by close). */
  private async extend(opId: string, top: TrackMark): Promise<boolean> {
    const { everyMs, everyFixes } = this.opts;
    const newest = await this.store.keyframe(opId);
    const latest = newest ? decode(newest.data) : new Map<string, Row>();
    let done = newest?.at ?? Number.MIN_SAFE_INTEGER;
    let counted = 0;
    let lastAt = done;
    let started = performance.now();
    const emit = async (at: number) => {
      if (counted > 0 && latest.size > 0) await this.store.putKeyframe(opId, at, latest.size, encode(latest));
      counted = 0;
    };
    while (!this.closed) {
      const first = await this.store.nextFixTime(opId, done, top);
      if (first === null) return true;
      // One keyframe interval at a time: every fix in it, then the keyframe at its end.
      const boundary = Math.ceil(first / everyMs) * everyMs;
      // All of the interval first: keyframes are written as it is read, and a live cursor would keep the connection busy.
      for (const row of await this.store.fixesBetween(opId, done, boundary, top)) {
        if (counted >= everyFixes && row[3] > lastAt) await emit(lastAt);
        latest.set(row[0], row);
        lastAt = row[3];
        counted++;
      }
      // A keyframe at the boundary only once a later fix shows the interval is complete.
      if ((await this.store.nextFixTime(opId, boundary, top)) === null) return true;
      await emit(boundary);
      done = boundary;
      if (performance.now() - started > SLICE_MS) {
        await yieldToIo();
        started = performance.now();
      }
    }
    return false;
  }
}

const tuple = (r: Row): PositionTuple =>
  encodeFix({ unitId: r[0], lat: r[1], lng: r[2], at: r[3], heading: r[4], speed: r[5], accuracy: null });

function tuples(rows: Iterable<Row>): PositionTuple[] {
  return [...rows].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(tuple);
}

/**
 * Keyframe layout: u32 unit count, u32 byte length of the unit ids (a JSON array, UTF-8), the
 * ids padded to 8 bytes, then five float64 per unit: lat, lng, at, heading, speed (NaN for null).
 * Exact: what is read back is what was stored.
 */
function encode(latest: Map<string, Row>): Buffer {
  const ids = Buffer.from(JSON.stringify([...latest.keys()]), "utf8");
  const idsEnd = 8 + Math.ceil(ids.length / 8) * 8;
  const buf = Buffer.alloc(idsEnd + latest.size * 40);
  buf.writeUInt32LE(latest.size, 0);
  buf.writeUInt32LE(ids.length, 4);
  ids.copy(buf, 8);
  let off = idsEnd;
  for (const row of latest.values()) {
    for (let i = 1; i <= 5; i++) {
      buf.writeDoubleLE((row[i] as number | null) ?? Number.NaN, off);
      off += 8;
    }
  }
  return buf;
}

function decode(buf: Buffer): Map<string, Row> {
  const count = buf.readUInt32LE(0);
  const idsLength = buf.readUInt32LE(4);
  const ids = JSON.parse(buf.toString("utf8", 8, 8 + idsLength)) as string[];
  const orNull = (x: number) => (Number.isNaN(x) ? null : x);
  const out = new Map<string, Row>();
  let off = 8 + Math.ceil(idsLength / 8) * 8;
  for (let u = 0; u < count; u++) {
    const id = ids[u] ?? "";
    out.set(id, [
      id,
      buf.readDoubleLE(off),
      buf.readDoubleLE(off + 8),
      buf.readDoubleLE(off + 16),
      orNull(buf.readDoubleLE(off + 24)),
      orNull(buf.readDoubleLE(off + 32)),
    ]);
    off += 40;
  }
  return out;
}
