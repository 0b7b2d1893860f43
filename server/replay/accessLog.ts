import type Database from "better-sqlite3";
import type { Role } from "../../shared/domain";

/**
 * Who looked at what, when and why (DPA 2018 s.62): every replay opened, every export and
 * every read of this log itself. Append-only: nothing in the code updates or deletes a row.
 */
export interface AccessRecord {
  id: number;
  at: number;
  userId: string;
  userName: string;
  role: Role;
  opId: string;
  action: string;
  reason: string | null;
  recipient: string | null;
  detail: string | null;
}

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
CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log
  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log
  BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
`;

export class AccessLog {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    db.exec(SCHEMA);
  }

  record(entry: Omit<AccessRecord, "id" | "at">): void {
    this.db
      .prepare("INSERT INTO access_log (at, user_id, user_name, role, op_id, action, reason, recipient, detail) VALUES (?,?,?,?,?,?,?,?,?)")
      .run(this.now(), entry.userId, entry.userName, entry.role, entry.opId, entry.action, entry.reason, entry.recipient, entry.detail);
  }

  forOperation(opId: string): AccessRecord[] {
    return this.db
      .prepare(
        `SELECT id, at, user_id AS userId, user_name AS userName, role, op_id AS opId, action, reason, recipient, detail
         FROM access_log WHERE op_id = ? ORDER BY id DESC`,
      )
      .all(opId) as AccessRecord[];
  }
}
