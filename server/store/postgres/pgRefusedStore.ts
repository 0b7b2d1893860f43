import type pg from "pg";
import {
  type RefusedQuery,
  type RefusedSubmission,
  type RefusedSubmissionStore,
  refusedWhere as whereOf,
} from "../../audit/refusedSubmissions";

const COLUMNS = `id, at, user_id AS "userId", user_name AS "userName", role, op_id AS "opId", command, idem_key AS key, body,
  truncated, code, message`;

/** `?` placeholders as PostgreSQL's `$1`, `$2`, … */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** Refused submissions in PostgreSQL (migration 202): triggers refuse UPDATE, DELETE and TRUNCATE. */
export class PgRefusedStore implements RefusedSubmissionStore {
  constructor(private readonly pool: pg.Pool) {}

  async append(e: Omit<RefusedSubmission, "id">): Promise<boolean> {
    const res = await this.pool.query(
      `INSERT INTO refused_submissions (at, user_id, user_name, role, op_id, command, idem_key, body, truncated, code, message)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT (user_id, idem_key) DO NOTHING`,
      [e.at, e.userId, e.userName, e.role, e.opId, e.command, e.key, e.body, e.truncated, e.code, e.message],
    );
    return res.rowCount === 1;
  }

  async list(q: RefusedQuery): Promise<RefusedSubmission[]> {
    const { where, params } = whereOf(q.opId, q.before);
    const sql = numbered(`SELECT ${COLUMNS} FROM refused_submissions ${where} ORDER BY id DESC LIMIT ?`);
    const res = await this.pool.query<RefusedSubmission>(sql, [...params, q.limit]);
    return res.rows;
  }

  async count(opId: string | undefined): Promise<number> {
    const { where, params } = whereOf(opId, undefined);
    const res = await this.pool.query<{ n: number }>(numbered(`SELECT count(*)::int AS n FROM refused_submissions ${where}`), params);
    return res.rows[0]?.n ?? 0;
  }
}
