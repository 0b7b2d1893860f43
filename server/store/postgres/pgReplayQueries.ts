import type pg from "pg";
import type { CordonEvent } from "../../../shared/events";
import type { OperationState } from "../../../shared/state";
import { Mutex } from "../../operations/mutex";
import type { EventStore } from "../eventStore";
import type { EventTimeRow, Keyframe, ReplayQueries, TrackMark, TrackRow, TrackStore } from "../replayQueries";
import { markOf, type TimeRowText } from "../timeRows";

/**
 * The reporter's clock places only a steward's report itself, never after it was received; the
 * body is parsed only for the rows that need it (CASE evaluates lazily).
 */
const TIMES_PAGE = `
SELECT e.seq, e.at,
  CASE WHEN r.rt IS NULL THEN NULL ELSE least(r.rt, e.at) END AS "reporterTime",
  CASE WHEN e.type IN ('IncidentReported', 'StewardReportPromoted') THEN e.body END AS body
FROM events e
CROSS JOIN LATERAL (
  SELECT CASE WHEN e.type = 'StewardReportSubmitted' THEN (e.body::json #>> '{payload,reporterTime}')::float8 END AS rt
) r
WHERE e.op_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3`;

/** The units by a skip-scan of fixes_by_unit, then one indexed lookup each. */
const LATEST_EACH_UNIT = `
WITH RECURSIVE u(id) AS (
  (SELECT unit_id FROM fixes WHERE op_id = $1 ORDER BY unit_id LIMIT 1)
  UNION ALL
  SELECT (SELECT unit_id FROM fixes WHERE op_id = $1 AND unit_id > u.id ORDER BY unit_id LIMIT 1) FROM u WHERE u.id IS NOT NULL
)
SELECT f.unit_id, f.lat, f.lng, f.at, f.heading, f.speed FROM u
CROSS JOIN LATERAL (
  SELECT unit_id, lat, lng, at, heading, speed FROM fixes
  WHERE op_id = $1 AND unit_id = u.id AND at <= $2 ORDER BY at DESC, id DESC LIMIT 1
) f
WHERE u.id IS NOT NULL ORDER BY f.unit_id`;

/** Each unit's latest fix per `step` ms, counted from `from`, oldest first. */
const STEPPED_WINDOW = `
SELECT unit_id, lat, lng, at, heading, speed FROM (
  SELECT DISTINCT ON (unit_id, (at - $2::bigint - 1) / $4::bigint) unit_id, lat, lng, at, heading, speed, id
  FROM fixes WHERE op_id = $1 AND at > $2 AND at <= $3
  ORDER BY unit_id, (at - $2::bigint - 1) / $4::bigint, at DESC, id DESC
) s ORDER BY at, id LIMIT $5`;

const COLUMNS = "unit_id, lat, lng, at, heading, speed";
/** Any constant: with the operation's hash, the advisory lock of its keyframe build. */
const KEYFRAME_LOCK = 7_401_300;

/**
 * Replay's reads on PostgreSQL (node-postgres, the storage's Pool). The log and snapshots go
 * through the event store; the time index and the track are read here, with replay's own
 * tables (replayMigrations.ts). A track mark is a transaction id: every fix with `tx` below it
 * was stored by a transaction that has ended (replayMigrations.ts says why).
 */
export class PgReplayQueries implements ReplayQueries {
  readonly kind = "postgres" as const;
  readonly track: TrackStore;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: EventStore,
  ) {
    this.track = new PgTrack(pool);
  }

  readAfter(opId: string, afterSeq: number, limit?: number): Promise<CordonEvent[]> {
    return this.log.readAfter(opId, afterSeq, limit);
  }

  async eventTimes(opId: string, afterSeq: number, limit: number): Promise<EventTimeRow[]> {
    const res = await this.pool.query<TimeRowText>(TIMES_PAGE, [opId, afterSeq, limit]);
    return res.rows.map((r) => ({ seq: r.seq, at: r.at, reporterTime: r.reporterTime, mark: markOf(r.body) }));
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

class PgTrack implements TrackStore {
  /** One build at a time in this process: each holds a pooled connection, and must leave the rest for its own queries. */
  private readonly builds = new Mutex();

  constructor(private readonly pool: pg.Pool) {}

  private async rows(text: string, values: unknown[]): Promise<TrackRow[]> {
    const res = await this.pool.query<TrackRow>({ text, values, rowMode: "array" });
    return res.rows;
  }

  private async one<T>(text: string, values: unknown[]): Promise<T | null> {
    const res = await this.pool.query<{ v: T | null }>(text, values);
    return res.rows[0]?.v ?? null;
  }

  async span(opId: string): Promise<{ first: number | null; last: number | null }> {
    const res = await this.pool.query<{ first: number | null; last: number | null }>(
      `SELECT (SELECT min(at) FROM fixes WHERE op_id = $1) AS first, (SELECT max(at) FROM fixes WHERE op_id = $1) AS last`,
      [opId],
    );
    return res.rows[0] ?? { first: null, last: null };
  }

  fixesBetween(opId: string, after: number, to: number, upTo?: TrackMark): Promise<TrackRow[]> {
    return upTo === undefined
      ? this.rows(`SELECT ${COLUMNS} FROM fixes WHERE op_id = $1 AND at > $2 AND at <= $3 ORDER BY at, id`, [opId, after, to])
      : this.rows(`SELECT ${COLUMNS} FROM fixes WHERE op_id = $1 AND at > $2 AND at <= $3 AND tx < $4::text::xid8 ORDER BY at, id`, [
          opId,
          after,
          to,
          upTo,
        ]);
  }

  latestEachUnit(opId: string, t: number): Promise<TrackRow[]> {
    return this.rows(LATEST_EACH_UNIT, [opId, t]);
  }

  window(opId: string, from: number, to: number, limit: number, step?: number): Promise<TrackRow[]> {
    return step
      ? this.rows(STEPPED_WINDOW, [opId, from, to, step, limit])
      : this.rows(`SELECT ${COLUMNS} FROM fixes WHERE op_id = $1 AND at > $2 AND at <= $3 ORDER BY at, id LIMIT $4`, [
          opId,
          from,
          to,
          limit,
        ]);
  }

  async storedUpTo(): Promise<TrackMark> {
    return (await this.one<number>("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS v", [])) ?? 0;
  }

  earliestStoredBetween(opId: string, since: TrackMark, upTo: TrackMark): Promise<number | null> {
    return this.one<number>("SELECT min(at) AS v FROM fixes WHERE op_id = $1 AND tx >= $2::text::xid8 AND tx < $3::text::xid8", [
      opId,
      since,
      upTo,
    ]);
  }

  nextFixTime(opId: string, after: number, upTo: TrackMark): Promise<number | null> {
    return this.one<number>("SELECT min(at) AS v FROM fixes WHERE op_id = $1 AND at > $2 AND tx < $3::text::xid8", [opId, after, upTo]);
  }

  async keyframe(opId: string, t?: number): Promise<Keyframe | null> {
    const res =
      t === undefined
        ? await this.pool.query<Keyframe>("SELECT at, data FROM position_keyframes WHERE op_id = $1 ORDER BY at DESC LIMIT 1", [opId])
        : await this.pool.query<Keyframe>(
            "SELECT at, data FROM position_keyframes WHERE op_id = $1 AND at <= $2 ORDER BY at DESC LIMIT 1",
            [opId, t],
          );
    return res.rows[0] ?? null;
  }

  async putKeyframe(opId: string, at: number, units: number, data: Buffer): Promise<void> {
    await this.pool.query(
      `INSERT INTO position_keyframes (op_id, at, units, data) VALUES ($1, $2, $3, $4)
       ON CONFLICT (op_id, at) DO UPDATE SET units = EXCLUDED.units, data = EXCLUDED.data`,
      [opId, at, units, data],
    );
  }

  async dropKeyframes(opId: string, from?: number): Promise<void> {
    if (from === undefined) await this.pool.query("DELETE FROM position_keyframes WHERE op_id = $1", [opId]);
    else await this.pool.query("DELETE FROM position_keyframes WHERE op_id = $1 AND at >= $2", [opId, from]);
  }

  keyframeMark(opId: string): Promise<TrackMark | null> {
    return this.one<number>("SELECT tx_mark AS v FROM position_keyframe_marks WHERE op_id = $1", [opId]);
  }

  async setKeyframeMark(opId: string, mark: TrackMark): Promise<void> {
    await this.pool.query(
      `INSERT INTO position_keyframe_marks (op_id, tx_mark) VALUES ($1, $2)
       ON CONFLICT (op_id) DO UPDATE SET tx_mark = EXCLUDED.tx_mark`,
      [opId, mark],
    );
  }

  /**
   * Two processes building one operation's keyframes at once could each drop what the other
   * wrote and leave a keyframe a late fix contradicts: a session advisory lock, held by one
   * pooled connection for the build, lets one at a time build.
   */
  exclusively(opId: string, build: () => Promise<void>): Promise<boolean> {
    return this.builds.run(() => this.locked(opId, build));
  }

  private async locked(opId: string, build: () => Promise<void>): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      const got = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok", [KEYFRAME_LOCK, opId]);
      if (!got.rows[0]?.ok) return false;
      try {
        await build();
      } finally {
        await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [KEYFRAME_LOCK, opId]);
      }
      return true;
    } finally {
      client.release();
    }
  }

  async keyframeCount(opId: string, at?: number): Promise<number> {
    return at === undefined
      ? ((await this.one<number>("SELECT count(*)::int AS v FROM position_keyframes WHERE op_id = $1", [opId])) ?? 0)
      : ((await this.one<number>("SELECT count(*)::int AS v FROM position_keyframes WHERE op_id = $1 AND at = $2", [opId, at])) ?? 0);
  }
}
