import pg from "pg";
import type { CordonEvent } from "../../../shared/events";
import type { GateCount } from "../../../shared/ingress";
import { parseStoredSnapshot } from "../../../shared/snapshot";
import type { Fix, OperationState } from "../../../shared/state";
import { AppendConflict, type AppendItem, type EventStore, type KeyRecord, type OperationSummary } from "../eventStore";
import { snapshotJson } from "../snapshotJson";
import { PgCounts } from "./pgCounts";

/**
 * Other processes learn of an append from this channel: payload `<schema> <opId> <head seq>`.
 * Channels are per database, not per schema: a listener ignores other schemas' appends.
 */
export const APPENDED_CHANNEL = "cordon_appended";

/**
 * One statement, one round trip, per group commit (issue 9 item 2). The operation's head row
 * moves only from the head this batch follows (or is created for its first event): a second
 * writer blocks on the row until the first commits, then finds the head moved and inserts
 * nothing, so `seq` order is commit order. The notification goes out at commit.
 */
const APPEND = `
WITH moved AS (
  UPDATE op_heads SET seq = $3, hash = $4
  WHERE op_id = $1 AND seq = $2::bigint AND hash = $5 AND $2::bigint > 0
  RETURNING 1
), started AS (
  INSERT INTO op_heads (op_id, seq, hash) SELECT $1, $3, $4 WHERE $2::bigint = 0
  ON CONFLICT (op_id) DO NOTHING
  RETURNING 1
), head AS (
  SELECT 1 FROM moved UNION ALL SELECT 1 FROM started
), ins AS (
  INSERT INTO events (op_id, seq, id, type, at, user_id, idem_key, body, prev_hash, hash)
  SELECT $1, u.seq, u.id, u.type, u.at, u.user_id, u.idem_key, u.body, u.prev_hash, u.hash
  FROM unnest($6::bigint[], $7::text[], $8::text[], $9::bigint[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
    AS u(seq, id, type, at, user_id, idem_key, body, prev_hash, hash)
  WHERE EXISTS (SELECT 1 FROM head)
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::int AS n,
       CASE WHEN EXISTS (SELECT 1 FROM ins) THEN pg_notify('${APPENDED_CHANNEL}', current_schema() || ' ' || $1 || ' ' || $3) END AS notified`;

const FIX_INSERT = `
INSERT INTO fixes (op_id, unit_id, at, lat, lng, heading, speed, accuracy, received_at)
SELECT $1, u.unit_id, u.at, u.lat, u.lng, u.heading, u.speed, u.accuracy, $9
FROM unnest($2::text[], $3::bigint[], $4::float8[], $5::float8[], $6::real[], $7::real[], $8::real[])
  AS u(unit_id, at, lat, lng, heading, speed, accuracy)`;

const FIX_COLS = `unit_id AS "unitId", lat, lng, at, heading, speed, accuracy`;

/**
 * The shared event log in PostgreSQL (DESIGN §5): the same contract as the SQLite store
 * (test/store/eventStore.contract.ts), for several processes at once. Events are kept as the
 * exact JSON text they were hashed from.
 */
export class PgEventStore implements EventStore {
  private readonly listeners = new Set<(opId: string, seq: number) => void>();
  private listener: pg.Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  /** The schema this store's tables are in (the search_path's first), as the notifications name it. */
  private schema: string | null = null;
  /** The turnstile counts' table (pgCounts.ts). */
  private readonly counts: PgCounts;

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
  ) {
    this.counts = new PgCounts(pool);
  }

  async append(opId: string, batch: readonly AppendItem[]): Promise<void> {
    await this.appendOn(this.pool, opId, batch);
  }

  /** The append statement on a pool (autocommit) or on a client inside a transaction. */
  private async appendOn(db: pg.Pool | pg.PoolClient, opId: string, batch: readonly AppendItem[]): Promise<void> {
    const first = batch[0]?.event;
    if (!first) return;
    // The statement checks the batch against the stored head; its own links are checked here.
    for (let i = 1; i < batch.length; i++) {
      const prev = batch[i - 1]!.event;
      const e = batch[i]!.event;
      if (e.seq !== prev.seq + 1) throw new AppendConflict(`seq ${e.seq} does not follow ${prev.seq}`);
      if (e.prevHash !== prev.hash) throw new AppendConflict(`prevHash of seq ${e.seq} does not match`);
    }
    const last = batch[batch.length - 1]!.event;
    const col = <T>(f: (item: AppendItem) => T) => batch.map(f);
    let n: number;
    try {
      const res = await db.query<{ n: number }>(APPEND, [
        opId,
        first.seq - 1,
        last.seq,
        last.hash,
        first.prevHash,
        col((b) => b.event.seq),
        col((b) => b.event.id),
        col((b) => b.event.type),
        col((b) => b.event.at),
        col((b) => b.event.actor.userId),
        col((b) => b.key),
        col((b) => JSON.stringify(b.event)),
        col((b) => b.event.prevHash),
        col((b) => b.event.hash),
      ]);
      n = res.rows[0]?.n ?? 0;
    } catch (err) {
      // 23505: a unique key taken (the idempotency key, or an event id) — the batch is refused whole.
      if ((err as { code?: string }).code === "23505") throw new AppendConflict((err as Error).message, "key");
      throw err;
    }
    if (n !== batch.length) throw new AppendConflict(`the head of ${opId} is not seq ${first.seq - 1} (another writer appended)`);
  }

  /**
   * Takes the operation's head row FOR UPDATE, so other writers' appends wait for this
   * transaction, reads what they appended after `afterSeq`, and appends what `write` returns.
   */
  async appendHolding(opId: string, afterSeq: number, write: (tail: readonly CordonEvent[]) => readonly AppendItem[]): Promise<void> {
    const client = await this.pool.connect();
    let done = false;
    try {
      await client.query("BEGIN");
      const head = await client.query("SELECT seq FROM op_heads WHERE op_id = $1 FOR UPDATE", [opId]);
      const tail =
        head.rows.length === 0
          ? []
          : (
              await client.query<{ body: string }>("SELECT body FROM events WHERE op_id = $1 AND seq > $2 ORDER BY seq", [opId, afterSeq])
            ).rows.map((r) => JSON.parse(r.body) as CordonEvent);
      const batch = write(tail);
      if (batch.length > 0) await this.appendOn(client, opId, batch);
      await client.query("COMMIT");
      done = true;
    } finally {
      if (!done) await client.query("ROLLBACK").catch(() => {});
      client.release();
    }
  }

  async readAfter(opId: string, afterSeq: number, limit = 1_000_000): Promise<CordonEvent[]> {
    const res = await this.pool.query<{ body: string }>("SELECT body FROM events WHERE op_id = $1 AND seq > $2 ORDER BY seq LIMIT $3", [
      opId,
      afterSeq,
      limit,
    ]);
    return res.rows.map((r) => JSON.parse(r.body) as CordonEvent);
  }

  async head(opId: string): Promise<{ seq: number; hash: string } | null> {
    const res = await this.pool.query<{ seq: number; hash: string }>("SELECT seq, hash FROM op_heads WHERE op_id = $1", [opId]);
    return res.rows[0] ?? null;
  }

  async findKey(opId: string, key: string): Promise<KeyRecord | null> {
    const res = await this.pool.query<KeyRecord>(
      `SELECT seq, id AS "eventId", user_id AS "userId" FROM events WHERE op_id = $1 AND idem_key = $2`,
      [opId, key],
    );
    return res.rows[0] ?? null;
  }

  async findKeys(opId: string, keys: readonly string[]): Promise<Map<string, KeyRecord>> {
    const res = await this.pool.query<KeyRecord & { key: string }>(
      `SELECT idem_key AS key, seq, id AS "eventId", user_id AS "userId" FROM events WHERE op_id = $1 AND idem_key = ANY($2::text[])`,
      [opId, [...new Set(keys)]],
    );
    return new Map(res.rows.map(({ key, ...record }) => [key, record]));
  }

  /** The head rows: one per operation, however long the logs. */
  async heads(): Promise<{ opId: string; seq: number }[]> {
    return (await this.pool.query<{ opId: string; seq: number }>(`SELECT op_id AS "opId", seq FROM op_heads`)).rows;
  }

  async operations(): Promise<OperationSummary[]> {
    const res = await this.pool.query<{ id: string; body: string; openedAt: number; seq: number }>(
      `SELECT e.op_id AS id, e.body, e.at AS "openedAt", h.seq
       FROM events e JOIN op_heads h ON h.op_id = e.op_id
       WHERE e.seq = 1 AND e.type = 'OperationOpened' ORDER BY e.at DESC`,
    );
    return res.rows.map((r) => {
      const e = JSON.parse(r.body) as Extract<CordonEvent, { type: "OperationOpened" }>;
      return { id: r.id, name: e.payload.name, venueId: e.payload.venueId, openedAt: r.openedAt, seq: r.seq };
    });
  }

  onAppended(listener: (opId: string, seq: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async saveSnapshot(opId: string, state: OperationState): Promise<void> {
    await this.pool.query(
      "INSERT INTO snapshots (op_id, seq, state) VALUES ($1, $2, $3) ON CONFLICT (op_id, seq) DO UPDATE SET state = EXCLUDED.state",
      // Written out a slice at a time (issue 14): in one piece it held the event loop 150–250 ms.
      [opId, state.seq, await snapshotJson(state)],
    );
  }

  async snapshot(opId: string, atOrBeforeSeq = Number.MAX_SAFE_INTEGER): Promise<OperationState | null> {
    const res = await this.pool.query<{ state: string }>(
      "SELECT state FROM snapshots WHERE op_id = $1 AND seq <= $2 ORDER BY seq DESC LIMIT 1",
      [opId, atOrBeforeSeq],
    );
    const row = res.rows[0];
    return row ? parseStoredSnapshot(row.state) : null;
  }

  async snapshotSeqs(opId: string): Promise<number[]> {
    const res = await this.pool.query<{ seq: number }>("SELECT seq FROM snapshots WHERE op_id = $1 ORDER BY seq", [opId]);
    return res.rows.map((r) => r.seq);
  }

  /** One statement per flush of the lane, whatever the number of fixes. */
  async appendFixes(opId: string, fixes: readonly Fix[], receivedAt: number): Promise<void> {
    if (fixes.length === 0) return;
    await this.pool.query(FIX_INSERT, [
      opId,
      fixes.map((f) => f.unitId),
      fixes.map((f) => f.at),
      fixes.map((f) => f.lat),
      fixes.map((f) => f.lng),
      fixes.map((f) => f.heading),
      fixes.map((f) => f.speed),
      fixes.map((f) => f.accuracy),
      receivedAt,
    ]);
  }

  async latestFixes(opId: string): Promise<Fix[]> {
    const res = await this.pool.query<Fix>(
      `SELECT DISTINCT ON (unit_id) ${FIX_COLS} FROM fixes WHERE op_id = $1 ORDER BY unit_id, at DESC`,
      [opId],
    );
    return res.rows;
  }

  async track(opId: string, from: number, to: number, unitId?: string): Promise<Fix[]> {
    const res = unitId
      ? await this.pool.query<Fix>(`SELECT ${FIX_COLS} FROM fixes WHERE op_id = $1 AND unit_id = $2 AND at BETWEEN $3 AND $4 ORDER BY at`, [
          opId,
          unitId,
          from,
          to,
        ])
      : await this.pool.query<Fix>(`SELECT ${FIX_COLS} FROM fixes WHERE op_id = $1 AND at BETWEEN $2 AND $3 ORDER BY at`, [opId, from, to]);
    return res.rows;
  }

  appendCounts(opId: string, counts: readonly GateCount[], receivedAt: number): Promise<void> {
    return this.counts.appendCounts(opId, counts, receivedAt);
  }

  latestCounts(opId: string): Promise<GateCount[]> {
    return this.counts.latestCounts(opId);
  }

  countsAt(opId: string, t: number): Promise<GateCount[]> {
    return this.counts.countsAt(opId, t);
  }

  countHistory(opId: string, from: number, to: number, groupId?: string): Promise<GateCount[]> {
    return this.counts.countHistory(opId, from, to, groupId);
  }

  /**
   * Listens for appends on a connection of its own. When it drops (PostgreSQL restarted), it
   * reconnects every second and then tells every listener to check each head (`seq` 0): a
   * notification sent while it was away is not missed.
   */
  async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on("notification", (msg) => {
      const [schema, opId, seq] = (msg.payload ?? "").split(" ");
      if (schema === this.schema && opId && seq) this.tell(opId, Number(seq));
    });
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => {});
      this.scheduleListen();
    };
    client.on("error", lost);
    client.on("end", lost);
    await client.connect();
    this.schema = (await client.query<{ s: string }>("SELECT current_schema() AS s")).rows[0]?.s ?? null;
    await client.query(`LISTEN ${APPENDED_CHANNEL}`);
    this.listener = client;
  }

  private scheduleListen(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.listen()
        .then(() => this.tell("*", 0))
        .catch(() => this.scheduleListen());
    }, 1000);
    this.retry.unref();
  }

  private tell(opId: string, seq: number): void {
    for (const l of this.listeners) l(opId, seq);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.listener;
    this.listener = null;
    await client?.end().catch(() => {});
  }
}
