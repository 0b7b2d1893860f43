import type Database from "better-sqlite3";
import {
  type RefusedQuery,
  type RefusedSubmission,
  type RefusedSubmissionStore,
  refusedWhere as whereOf,
} from "../audit/refusedSubmissions";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS refused_submissions (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        INTEGER NOT NULL,
  user_id   TEXT    NOT NULL,
  user_name TEXT    NOT NULL,
  role      TEXT    NOT NULL,
  op_id     TEXT    NOT NULL,
  command   TEXT    NOT NULL,
  idem_key  TEXT    NOT NULL,
  body      TEXT    NOT NULL,
  truncated INTEGER NOT NULL,
  code      TEXT    NOT NULL,
  message   TEXT    NOT NULL,
  UNIQUE (user_id, idem_key)
);
CREATE INDEX IF NOT EXISTS refused_submissions_by_op ON refused_submissions (op_id, id);
CREATE TRIGGER IF NOT EXISTS refused_submissions_no_update BEFORE UPDATE ON refused_submissions
  BEGIN SELECT RAISE(ABORT, 'refused submissions are append-only'); END;
CREATE TRIGGER IF NOT EXISTS refused_submissions_no_delete BEFORE DELETE ON refused_submissions
  BEGIN SELECT RAISE(ABORT, 'refused submissions are append-only'); END;
`;

const COLUMNS = `id, at, user_id AS userId, user_name AS userName, role, op_id AS opId, command, idem_key AS key, body,
  truncated, code, message`;

type Row = Omit<RefusedSubmission, "truncated"> & { truncated: number };
const fromRow = (r: Row): RefusedSubmission => ({ ...r, truncated: r.truncated === 1 });

/** Refused submissions in the server's SQLite file; triggers refuse UPDATE and DELETE from anywhere. */
export class SqliteRefusedStore implements RefusedSubmissionStore {
  private readonly insert: Database.Statement;

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    // A phone retrying the same key records once: the unique (user, key) ignores the rest.
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO refused_submissions
       (at, user_id, user_name, role, op_id, command, idem_key, body, truncated, code, message) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
    );
  }

  async append(e: Omit<RefusedSubmission, "id">): Promise<boolean> {
    const info = this.insert.run(
      e.at,
      e.userId,
      e.userName,
      e.role,
      e.opId,
      e.command,
      e.key,
      e.body,
      e.truncated ? 1 : 0,
      e.code,
      e.message,
    );
    return info.changes === 1;
  }

  async list(q: RefusedQuery): Promise<RefusedSubmission[]> {
    const { where, params } = whereOf(q.opId, q.before);
    const rows = this.db.prepare(`SELECT ${COLUMNS} FROM refused_submissions ${where} ORDER BY id DESC LIMIT ?`).all(...params, q.limit);
    return (rows as Row[]).map(fromRow);
  }

  async count(opId: string | undefined): Promise<number> {
    const { where, params } = whereOf(opId, undefined);
    return (this.db.prepare(`SELECT count(*) AS n FROM refused_submissions ${where}`).get(...params) as { n: number }).n;
  }
}
