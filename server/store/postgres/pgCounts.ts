import type pg from "pg";
import type { GateCount } from "../../../shared/ingress";
import type { CountStore } from "../eventStore";

const INSERT = `
INSERT INTO gate_counts (op_id, group_id, at, count, queue, source, by, received_at)
SELECT $1, u.group_id, u.at, u.count, u.queue, u.source, u.by, $7
FROM unnest($2::text[], $3::bigint[], $4::integer[], $5::integer[], $6::text[], $8::text[])
  AS u(group_id, at, count, queue, source, by)`;

const COLS = `group_id AS "groupId", at, count, queue, source, by`;

/** The newest row per group and source at or before $2 (the later stored wins a tie of times). */
const LATEST_AT = `
SELECT * FROM (
  SELECT DISTINCT ON (group_id, source) ${COLS}, id FROM gate_counts
  WHERE op_id = $1 AND at <= $2 ORDER BY group_id, source, at DESC, id DESC
) latest ORDER BY at, id`;

type Row = GateCount & { id?: string };
/** bigint comes back as a string: times are numbers here. */
const fromRow = ({ id: _id, ...r }: Row): GateCount => ({ ...r, at: Number(r.at) });

/** The turnstile readings in PostgreSQL: the same contract as the SQLite store's (test/store/countStore.contract.ts). */
export class PgCounts implements CountStore {
  constructor(private readonly pool: pg.Pool) {}

  async appendCounts(opId: string, counts: readonly GateCount[], receivedAt: number): Promise<void> {
    if (counts.length === 0) return;
    await this.pool.query(INSERT, [
      opId,
      counts.map((c) => c.groupId),
      counts.map((c) => c.at),
      counts.map((c) => c.count),
      counts.map((c) => c.queue),
      counts.map((c) => c.source),
      receivedAt,
      counts.map((c) => c.by),
    ]);
  }

  latestCounts(opId: string): Promise<GateCount[]> {
    return this.countsAt(opId, Number.MAX_SAFE_INTEGER);
  }

  async countsAt(opId: string, t: number): Promise<GateCount[]> {
    return (await this.pool.query<Row>(LATEST_AT, [opId, t])).rows.map(fromRow);
  }

  async countHistory(opId: string, from: number, to: number, groupId?: string): Promise<GateCount[]> {
    const res = groupId
      ? await this.pool.query<Row>(
          `SELECT ${COLS} FROM gate_counts WHERE op_id = $1 AND group_id = $2 AND at BETWEEN $3 AND $4 ORDER BY at, id`,
          [opId, groupId, from, to],
        )
      : await this.pool.query<Row>(`SELECT ${COLS} FROM gate_counts WHERE op_id = $1 AND at BETWEEN $2 AND $3 ORDER BY at, id`, [
          opId,
          from,
          to,
        ]);
    return res.rows.map(fromRow);
  }
}
