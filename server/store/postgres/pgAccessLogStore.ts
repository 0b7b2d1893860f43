import type pg from "pg";
import type { AccessRecord } from "../../../shared/accessLog";
import { type AccessLogStore, type AccessQuery, accessWhere } from "../../audit/accessLog";

/** An entry with no operation is stored with op_id '' (the column is NOT NULL) and read back as null. */
const COLUMNS = `id, at, user_id AS "userId", user_name AS "userName", role, NULLIF(op_id, '') AS "opId", action, target,
  reason, recipient, detail`;

/** `?` placeholders (shared with SQLite's query builder) as PostgreSQL's `$1`, `$2`, … */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/**
 * The access log in PostgreSQL (migration 201): triggers refuse UPDATE, DELETE and TRUNCATE,
 * so no process and no psql session can alter an entry short of dropping the trigger, which
 * the application's database role should not be allowed to do (docs/operations.md).
 */
export class PgAccessLogStore implements AccessLogStore {
  constructor(private readonly pool: pg.Pool) {}

  async append(e: Omit<AccessRecord, "id">): Promise<number> {
    const res = await this.pool.query<{ id: number }>(
      `INSERT INTO access_log (at, user_id, user_name, role, op_id, action, target, reason, recipient, detail)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`,
      [e.at, e.userId, e.userName, e.role, e.opId ?? "", e.action, e.target, e.reason, e.recipient, e.detail],
    );
    return res.rows[0]!.id;
  }

  async forOperation(opId: string): Promise<AccessRecord[]> {
    const res = await this.pool.query<AccessRecord>(`SELECT ${COLUMNS} FROM access_log WHERE op_id = $1 ORDER BY id DESC`, [opId]);
    return res.rows;
  }

  async search(q: AccessQuery): Promise<AccessRecord[]> {
    const { sql, params } = accessWhere(q, "ILIKE");
    const res = await this.pool.query<AccessRecord>(numbered(`SELECT ${COLUMNS} FROM access_log ${sql} ORDER BY id DESC LIMIT ?`), [
      ...params,
      q.limit,
    ]);
    return res.rows;
  }
}
