import { setImmediate as yieldToIo } from "node:timers/promises";
import type Database from "better-sqlite3";
import { encodeFix, type PositionTuple } from "../../shared/wire";
import { Mutex } from "../operations/mutex";

/**
 * Where every unit was at any moment, from the stored track (the `fixes` table, DESIGN §1).
 *
 * Position keyframes make that fast: each is every unit's latest fix at a moment of fix time,
 * taken every `everyMs` of fix time or every `everyFixes` fixes, whichever comes first, and
 * stored compactly (binary, 40 bytes a unit). Positions at T = the newest keyframe at or before
 * T plus the fixes after it up to T, latest wins. Keyframes are a cache: built from the track when
 * a replay is opened, extended as fixes arrive, and dropped from the moment of any fix that
 * arrives late (a tracker's delayed batch) so that they never disagree with the track.
 */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS position_keyframes (
  op_id TEXT    NOT NULL,
  at    INTEGER NOT NULL,
  units INTEGER NOT NULL,
  data  BLOB    NOT NULL,
  PRIMARY KEY (op_id, at)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS position_keyframe_marks (
  op_id     TEXT    NOT NULL PRIMARY KEY,
  fix_rowid INTEGER NOT NULL
) WITHOUT ROWID;
`;

export interface PositionTrackOptions {
  everyMs: number;
  everyFixes: number;
  /** A window holds at most this many fixes (about 70 bytes each as JSON). */
  maxWindowFixes: number;
}

/** A fix as stored: [unitId, lat, lng, at, heading, speed]. */
type Row = [string, number, number, number, number | null, number | null];

export class WindowTooLarge extends Error {}

/** Past the newest keyframe by more than this many intervals (still being built, or a gap), look each unit up instead. */
const MAX_FOLD_INTERVALS = 4;
/** Work between two yields to the event loop while building, so live traffic is not held up. */
const SLICE_MS = 20;
/** Rows read per slice when looking for late fixes. */
const LATE_SCAN_ROWS = 200_000;
const COLUMNS = "unit_id, lat, lng, at, heading, speed";

export class PositionTrack {
  private readonly locks = new Map<string, Mutex>();
  private readonly building = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly opts: PositionTrackOptions,
  ) {
    db.exec(SCHEMA);
  }

  /** First and last fix time (each one index lookup: MIN and MAX in one query would scan). */
  span(opId: string): { first: number | null; last: number | null } {
    const first = this.db.prepare("SELECT MIN(at) FROM fixes WHERE op_id = ?").pluck().get(opId) as number | null;
    const last = this.db.prepare("SELECT MAX(at) FROM fixes WHERE op_id = ?").pluck().get(opId) as number | null;
    return { first, last };
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
    const run = lock.run(() => this.update(opId)).finally(() => this.building.delete(opId));
    this.building.set(opId, run);
    return run;
  }

  /** Stops building (at the next interval) and waits for that, so the database can be closed. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.building.values());
  }

  /** Each unit's latest fix with fix time ≤ t, by unit id. */
  positionsAt(opId: string, t: number): PositionTuple[] {
    const kf = this.db
      .prepare("SELECT at, data FROM position_keyframes WHERE op_id = ? AND at <= ? ORDER BY at DESC LIMIT 1")
      .get(opId, t) as { at: number; data: Buffer } | undefined;
    const from = kf?.at ?? this.span(opId).first ?? t;
    if (t - from > MAX_FOLD_INTERVALS * this.opts.everyMs) return this.lookEachUnit(opId, t);
    const latest = kf ? decode(kf.data) : new Map<string, Row>();
    const since = this.db
      .prepare(`SELECT ${COLUMNS} FROM fixes WHERE op_id = ? AND at > ? AND at <= ? ORDER BY at, rowid`)
      .raw()
      .iterate(opId, kf ? kf.at : from - 1, t) as IterableIterator<Row>;
    for (const row of since) latest.set(row[0], row);
    return tuples(latest.values());
  }

  /** Without keyframes: one indexed lookup per unit (units found by a skip-scan of the index). */
  lookEachUnit(opId: string, t: number): PositionTuple[] {
    const units = this.db
      .prepare(
        `WITH RECURSIVE u(id) AS (
           SELECT MIN(unit_id) FROM fixes WHERE op_id = @op
           UNION ALL SELECT (SELECT MIN(unit_id) FROM fixes WHERE op_id = @op AND unit_id > u.id) FROM u WHERE u.id IS NOT NULL)
         SELECT id FROM u WHERE id IS NOT NULL`,
      )
      .pluck()
      .all({ op: opId }) as string[];
    const latest = this.db
      .prepare(`SELECT ${COLUMNS} FROM fixes WHERE op_id = ? AND unit_id = ? AND at <= ? ORDER BY at DESC, rowid DESC LIMIT 1`)
      .raw();
    const rows: Row[] = [];
    for (const unitId of units) {
      const row = latest.get(opId, unitId, t) as Row | undefined;
      if (row) rows.push(row);
    }
    return tuples(rows);
  }

  /**
   * The fixes with fix time in (from, to], oldest first; with `step`, only each unit's latest
   * in each `step` ms (enough to draw playback at high speed, a fraction of the bytes).
   */
  window(opId: string, from: number, to: number, step?: number): PositionTuple[] {
    const limit = this.opts.maxWindowFixes + 1;
    const rows = (
      step
        ? this.db
            .prepare(
              `SELECT unit_id, lat, lng, MAX(at) AS at, heading, speed FROM fixes WHERE op_id = ? AND at > ? AND at <= ?
               GROUP BY unit_id, CAST((at - ? - 1) / ? AS INTEGER) ORDER BY at LIMIT ?`,
            )
            .raw()
            .all(opId, from, to, from, step, limit)
        : this.db
            .prepare(`SELECT ${COLUMNS} FROM fixes WHERE op_id = ? AND at > ? AND at <= ? ORDER BY at, rowid LIMIT ?`)
            .raw()
            .all(opId, from, to, limit)
    ) as Row[];
    if (rows.length >= limit) {
      throw new WindowTooLarge(
        `Over ${this.opts.maxWindowFixes.toLocaleString("en-GB")} position fixes in this window: ask for a shorter one, or give step=<ms>.`,
      );
    }
    return rows.map(tuple);
  }

  /** Drops keyframes a late fix contradicts, then extends them from the newest one to the end of the track. */
  private async update(opId: string): Promise<void> {
    const top = (this.db.prepare("SELECT MAX(rowid) FROM fixes").pluck().get() as number | null) ?? 0;
    const mark = this.db.prepare("SELECT fix_rowid FROM position_keyframe_marks WHERE op_id = ?").pluck().get(opId) as number | undefined;
    if (mark !== undefined && top <= mark) return;
    if (mark === undefined) {
      this.db.prepare("DELETE FROM position_keyframes WHERE op_id = ?").run(opId);
    } else {
      const earliest = await this.earliestSince(opId, mark, top);
      if (earliest !== null) this.db.prepare("DELETE FROM position_keyframes WHERE op_id = ? AND at >= ?").run(opId, earliest);
    }
    await this.extend(opId, top);
    this.db.prepare("INSERT OR REPLACE INTO position_keyframe_marks (op_id, fix_rowid) VALUES (?, ?)").run(opId, top);
  }

  /**
   * The earliest fix time among this operation's rows stored since `mark`: only those can be late.
   * The rowid range reads just them, in slices, so a replay reopened hours into a live operation
   * does not hold the server up.
   */
  private async earliestSince(opId: string, mark: number, top: number): Promise<number | null> {
    const min = this.db.prepare("SELECT MIN(at) FROM fixes NOT INDEXED WHERE rowid > ? AND rowid <= ? AND op_id = ?").pluck();
    let earliest: number | null = null;
    for (let from = mark; from < top && !this.closed; from += LATE_SCAN_ROWS) {
      const at = min.get(from, Math.min(top, from + LATE_SCAN_ROWS), opId) as number | null;
      if (at !== null && (earliest === null || at < earliest)) earliest = at;
      if (from + LATE_SCAN_ROWS < top) await yieldToIo();
    }
    return earliest;
  }

  private async extend(opId: string, top: number): Promise<void> {
    const { everyMs, everyFixes } = this.opts;
    const newest = this.db.prepare("SELECT at, data FROM position_keyframes WHERE op_id = ? ORDER BY at DESC LIMIT 1").get(opId) as
      | { at: number; data: Buffer }
      | undefined;
    const latest = newest ? decode(newest.data) : new Map<string, Row>();
    const put = this.db.prepare("INSERT OR REPLACE INTO position_keyframes (op_id, at, units, data) VALUES (?, ?, ?, ?)");
    const slice = this.db
      .prepare(`SELECT ${COLUMNS} FROM fixes WHERE op_id = ? AND at > ? AND at <= ? AND rowid <= ? ORDER BY at, rowid`)
      .raw();
    const next = this.db.prepare("SELECT MIN(at) FROM fixes WHERE op_id = ? AND at > ? AND rowid <= ?").pluck();
    let done = newest?.at ?? Number.MIN_SAFE_INTEGER;
    let counted = 0;
    let lastAt = done;
    let started = performance.now();
    const emit = (at: number) => {
      if (counted > 0 && latest.size > 0) put.run(opId, at, latest.size, encode(latest));
      counted = 0;
    };
    while (!this.closed) {
      const first = next.get(opId, done, top) as number | null;
      if (first === null) return;
      // One keyframe interval at a time: every fix in it, then the keyframe at its end.
      const boundary = Math.ceil(first / everyMs) * everyMs;
      // All of the interval first: keyframes are written as it is read, and a live cursor would keep the connection busy.
      for (const row of slice.all(opId, done, boundary, top) as Row[]) {
        if (counted >= everyFixes && row[3] > lastAt) emit(lastAt);
        latest.set(row[0], row);
        lastAt = row[3];
        counted++;
      }
      // A keyframe at the boundary only once a later fix shows the interval is complete.
      if (next.get(opId, boundary, top) === null) return;
      emit(boundary);
      done = boundary;
      if (performance.now() - started > SLICE_MS) {
        await yieldToIo();
        started = performance.now();
      }
    }
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
