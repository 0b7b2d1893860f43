import type Database from "better-sqlite3";
import type { Role } from "../../shared/domain";
import type { User } from "../auth/accounts";

/**
 * Who looked at what, when and why (DPA 2018 s.62: consultation and disclosure are logged with
 * a justification): every replay opened, every export with its stated reason and recipient, and
 * every read of this log itself. Append-only: this class only inserts and reads, and triggers
 * make the database refuse an UPDATE or DELETE from anywhere else.
 */
export interface AccessRecord {
  id: number;
  /** Real time (ms), not an operation's record time. */
  at: number;
  userId: string;
  userName: string;
  role: Role;
  opId: string;
  /** `replay.open`, `export.<kind>`, `access-log.read`. */
  action: string;
  reason: string | null;
  recipient: string | null;
  detail: string | null;
}

export interface AccessDetail {
  reason?: string;
  recipient?: string;
  detail?: string;
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
  private readonly insert: Database.Statement;
  private readonly list: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    db.exec(SCHEMA);
    this.insert = db.prepare(
      "INSERT INTO access_log (at, user_id, user_name, role, op_id, action, reason, recipient, detail) VALUES (?,?,?,?,?,?,?,?,?)",
    );
    this.list = db.prepare(
      `SELECT id, at, user_id AS userId, user_name AS userName, role, op_id AS opId, action, reason, recipient, detail
       FROM access_log WHERE op_id = ? ORDER BY id DESC`,
    );
  }

  /** Appends one entry, committed before the caller goes on to show or send anything. */
  record(user: User, opId: string, action: string, extra: AccessDetail = {}): void {
    this.insert.run(
      this.now(),
      user.id,
      user.name,
      user.role,
      opId,
      action,
      extra.reason ?? null,
      extra.recipient ?? null,
      extra.detail ?? null,
    );
  }

  /** Every entry about an operation, newest first. */
  forOperation(opId: string): AccessRecord[] {
    return this.list.all(opId) as AccessRecord[];
  }
}
