import type Database from "better-sqlite3";
import type { AccessRecord } from "../../shared/accessLog";
import { type AccessLogStore, type AccessQuery, accessWhere } from "../audit/accessLog";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS access_log (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        INTEGER NOT NULL,
  user_id   TEXT    NOT NULL,
  user_name TEXT    NOT NULL,
  role      TEXT    NOT NULL,
  op_id     TEXT    NOT NULL,
  action    TEXT    NOT NULL,
  reason    TEXT,
  recipient TEXT,
  detail    TEXT
);
CREATE INDEX IF NOT EXISTS access_log_by_op ON access_log (op_id, at);
CREATE INDEX IF NOT EXISTS access_log_by_user ON access_log (user_id, at);
CREATE INDEX IF NOT EXISTS access_log_by_at ON access_log (at);
CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log
  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log
  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
`;

/** An entry with no operation is stored with op_id '' (the column is NOT NULL) and read back as null. */
const COLUMNS = `id, at, user_id AS userId, user_name AS userName, role, NULLIF(op_id, '') AS opId, action, target,
  reason, recipient, detail`;

/**
 * The access log in the server's SQLite file. Triggers make the database refuse an UPDATE or
 * DELETE from anywhere, not only from this class. The insert is done before `append` returns.
 */
export class SqliteAccessLogStore implements AccessLogStore {
  private readonly insert: Database.Statement;
  private readonly byOp: Database.Statement;

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    // Databases from before `target` existed gain the column; nothing is rewritten.
    const cols = db.prepare("PRAGMA table_info(access_log)").all() as { name: string }[];
    if (!cols.some((c) => c.name === "target")) db.exec("ALTER TABLE access_log ADD COLUMN target TEXT");
    this.insert = db.prepare(
      `INSERT INTO access_log (at, user_id, user_name, role, op_id, action, target, reason, recipient, detail)
       VALUES (?,?,?,?,?,?,?,?,?,?)`,
    );
    this.byOp = db.prepare(`SELECT ${COLUMNS} FROM access_log WHERE op_id = ? ORDER BY id DESC`);
  }

  async append(e: Omit<AccessRecord, "id">): Promise<number> {
    const info = this.insert.run(e.at, e.userId, e.userName, e.role, e.opId ?? "", e.action, e.target, e.reason, e.recipient, e.detail);
    return Number(info.lastInsertRowid);
  }

  async forOperation(opId: string): Promise<AccessRecord[]> {
    return this.byOp.all(opId) as AccessRecord[];
  }

  async search(q: AccessQuery): Promise<AccessRecord[]> {
    const { sql, params } = accessWhere(q, "LIKE");
    return this.db.prepare(`SELECT ${COLUMNS} FROM access_log ${sql} ORDER BY id DESC LIMIT ?`).all(...params, q.limit) as AccessRecord[];
  }
}
