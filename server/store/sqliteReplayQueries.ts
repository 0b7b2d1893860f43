import { setImmediate as yieldToIo } from "node:timers/promises";
import type Database from "better-sqlite3";
import type { CordonEvent } from "../../shared/events";
import type { OperationState } from "../../shared/state";
import type { EventStore } from "./eventStore";
import type { EventTimeRow, Keyframe, ReplayQueries, TrackMark, TrackRow, TrackStore } from "./replayQueries";
import { markOf, type TimeRowText } from "./timeRows";

/** Replay's own tables: keyframes are a cache of the track (server/replay/positionTrack.ts). */
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

const COLUMNS = "unit_id, lat, lng, at, heading, speed";
/** Rows read per slice when looking for late fixes: a live operation's track is never scanned in one go. */
const LATE_SCAN_ROWS = 200_000;

/**
 * Replay's reads on the embedded file. The log and snapshots go through the event store; the
 * time index and the track are read here. A track mark is a `fixes` rowid: SQLite has one
 * writer, so rowid order is commit order.
 */
export class SqliteReplayQueries implements ReplayQueries {
  readonly kind = "sqlite" as const;
  readonly track: TrackStore;
  private readonly timesPage: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly log: EventStore,
  ) {
    db.exec(SCHEMA);
    this.track = new SqliteTrack(db);
    this.timesPage = db.prepare(
      `SELECT seq, at, CASE WHEN type = 'StewardReportSubmitted' THEN min(json_extract(body, '$.payload.reporterTime'), at) END AS reporterTime,
         CASE WHEN type IN ('IncidentReported', 'StewardReportPromoted') THEN body END AS body
       FROM events WHERE op_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    );
  }

  readAfter(opId: string, afterSeq: number, limit?: number): Promise<CordonEvent[]> {
    return this.log.readAfter(opId, afterSeq, limit);
  }

  async eventTimes(opId: string, afterSeq: number, limit: number): Promise<EventTimeRow[]> {
    const rows = this.timesPage.all(opId, afterSeq, limit) as TimeRowText[];
    return rows.map((r) => ({ seq: r.seq, at: r.at, reporterTime: r.reporterTime, mark: markOf(r.body) }));
  }

  saveSnapshot(opId: string, state: OperationState): Promise<void> {
    return this.log.saveSnapshot(opId, state);
  }

  snapshot(opId: string, atOrBeforeSeq?: number): Promise<OperationState | null> {
    return this.log.snapshot(opId, atOrBeforeSeq);
  }

  snapshotSeqs(opId: string): Promise<number[]> {
    return this.log.snapshotSeqs(opId);
  }
}

class SqliteTrack implements TrackStore {
  constructor(private readonly db: Database.Database) {}

  async span(opId: string): Promise<{ first: number | null; last: number | null }> {
    // Two index lookups: MIN and MAX in one query would scan.
    const first = this.db.prepare("SELECT MIN(at) FROM fixes WHERE op_id = ?").pluck().get(opId) as number | null;
    const last = this.db.prepare("SELECT MAX(at) FROM fixes WHERE op_id = ?").pluck().get(opId) as number | null;
    return { first, last };
  }

  async fixesBetween(opId: string, after: number, to: number, upTo?: TrackMark): Promise<TrackRow[]> {
    const bound = upTo === undefined ? "" : "AND rowid <= ?";
    const args = upTo === undefined ? [opId, after, to] : [opId, after, to, upTo];
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM fixes WHERE op_id = ? AND at > ? AND at <= ? ${bound} ORDER BY at, rowid`)
      .raw()
      .all(...args) as TrackRow[];
  }

  async latestEachUnit(opId: string, t: number): Promise<TrackRow[]> {
    // The units by a skip-scan of the index, then one lookup each.
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
    const rows: TrackRow[] = [];
    for (const unitId of units) {
      const row = latest.get(opId, unitId, t) as TrackRow | undefined;
      if (row) rows.push(row);
    }
    return rows;
  }

  async window(opId: string, from: number, to: number, limit: number, step?: number): Promise<TrackRow[]> {
    // With a step, SQLite takes the other columns from the row that has MAX(at) in each group.
    const stmt = step
      ? this.db
          .prepare(
            `SELECT unit_id, lat, lng, MAX(at) AS at, heading, speed FROM fixes WHERE op_id = ? AND at > ? AND at <= ?
             GROUP BY unit_id, CAST((at - ? - 1) / ? AS INTEGER) ORDER BY at LIMIT ?`,
          )
          .raw()
      : this.db.prepare(`SELECT ${COLUMNS} FROM fixes WHERE op_id = ? AND at > ? AND at <= ? ORDER BY at, rowid LIMIT ?`).raw();
    return (step ? stmt.all(opId, from, to, from, step, limit) : stmt.all(opId, from, to, limit)) as TrackRow[];
  }

  async storedUpTo(): Promise<TrackMark> {
    return (this.db.prepare("SELECT MAX(rowid) FROM fixes").pluck().get() as number | null) ?? 0;
  }

  async earliestStoredBetween(opId: string, since: TrackMark, upTo: TrackMark): Promise<number | null> {
    // By rowid range, in slices: only the rows stored since the mark are read, not the operation's whole track.
    const min = this.db.prepare("SELECT MIN(at) FROM fixes NOT INDEXED WHERE rowid > ? AND rowid <= ? AND op_id = ?").pluck();
    let earliest: number | null = null;
    for (let from = since; from < upTo; from += LATE_SCAN_ROWS) {
      const at = min.get(from, Math.min(upTo, from + LATE_SCAN_ROWS), opId) as number | null;
      if (at !== null && (earliest === null || at < earliest)) earliest = at;
      if (from + LATE_SCAN_ROWS < upTo) await yieldToIo();
    }
    return earliest;
  }

  async nextFixTime(opId: string, after: number, upTo: TrackMark): Promise<number | null> {
    return this.db.prepare("SELECT MIN(at) FROM fixes WHERE op_id = ? AND at > ? AND rowid <= ?").pluck().get(opId, after, upTo) as
      | number
      | null;
  }

  async keyframe(opId: string, t?: number): Promise<Keyframe | null> {
    const row = (
      t === undefined
        ? this.db.prepare("SELECT at, data FROM position_keyframes WHERE op_id = ? ORDER BY at DESC LIMIT 1").get(opId)
        : this.db.prepare("SELECT at, data FROM position_keyframes WHERE op_id = ? AND at <= ? ORDER BY at DESC LIMIT 1").get(opId, t)
    ) as Keyframe | undefined;
    return row ?? null;
  }

  async putKeyframe(opId: string, at: number, units: number, data: Buffer): Promise<void> {
    this.db.prepare("INSERT OR REPLACE INTO position_keyframes (op_id, at, units, data) VALUES (?, ?, ?, ?)").run(opId, at, units, data);
  }

  async dropKeyframes(opId: string, from?: number): Promise<void> {
    if (from === undefined) this.db.prepare("DELETE FROM position_keyframes WHERE op_id = ?").run(opId);
    else this.db.prepare("DELETE FROM position_keyframes WHERE op_id = ? AND at >= ?").run(opId, from);
  }

  async keyframeMark(opId: string): Promise<TrackMark | null> {
    const mark = this.db.prepare("SELECT fix_rowid FROM position_keyframe_marks WHERE op_id = ?").pluck().get(opId) as number | undefined;
    return mark ?? null;
  }

  async setKeyframeMark(opId: string, mark: TrackMark): Promise<void> {
    this.db.prepare("INSERT OR REPLACE INTO position_keyframe_marks (op_id, fix_rowid) VALUES (?, ?)").run(opId, mark);
  }

  /** One process per file: the caller's per-operation lock is enough. */
  async exclusively(_opId: string, build: () => Promise<void>): Promise<boolean> {
    await build();
    return true;
  }

  async keyframeCount(opId: string, at?: number): Promise<number> {
    return (
      at === undefined
        ? this.db.prepare("SELECT COUNT(*) FROM position_keyframes WHERE op_id = ?").pluck().get(opId)
        : this.db.prepare("SELECT COUNT(*) FROM position_keyframes WHERE op_id = ? AND at = ?").pluck().get(opId, at)
    ) as number;
  }
}
