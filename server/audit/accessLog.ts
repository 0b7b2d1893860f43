import type Database from "better-sqlite3";
import { z } from "zod";
import type { AccessRecord } from "../../shared/accessLog";

/**
 * Who looked at what, when and why (DPA 2018 s.62: consultation and disclosure are logged with
 * a justification): every incident detail opened, every replay opened or printed, every export
 * with its stated reason and recipient, every admin action, and every read of this log itself.
 * Append-only: this class only inserts and reads, and triggers make the database refuse an
 * UPDATE or DELETE from anywhere else. The REST API has no route that changes an entry.
 */
export type { AccessRecord };

/** Who did it: any signed-in user (the User of server/auth/accounts.ts fits). */
export interface AccessActor {
  id: string;
  name: string;
  role: string;
}

/**
 * One entry for `access.record({...})`. This shape is the stable API for every caller (replay,
 * exports, incident detail, admin user management): add optional fields, never change these.
 */
export interface AccessEntry {
  user: AccessActor;
  /** Dotted, lower case: `admin.user.create`, `export.incidents.csv`. */
  action: string;
  opId?: string | null;
  target?: string | null;
  reason?: string | null;
  recipient?: string | null;
  detail?: string | null;
}

export const ACTION_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/;

/** A search of the log (admin page, CSV export). Every field narrows; none is required. */
export const AccessQuery = z
  .object({
    /** A user: their id exactly, or part of their name. */
    user: z.string().trim().min(1).max(200).optional(),
    /** An action, or a family prefix: `export` matches `export.incidents.csv`. */
    action: z.string().trim().min(1).max(100).optional(),
    opId: z.string().trim().min(1).max(200).optional(),
    /** Real time, ms, inclusive. */
    from: z.coerce.number().int().min(0).optional(),
    to: z.coerce.number().int().min(0).optional(),
    /** Entries older than this id (paging, newest first). */
    before: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type AccessQuery = z.infer<typeof AccessQuery>;

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

const COLUMNS = `id, at, user_id AS userId, user_name AS userName, role, NULLIF(op_id, '') AS opId, action, target,
  reason, recipient, detail`;

/** Longest stored text field: an entry is evidence, not a place to dump a body. */
const MAX_FIELD = 2000;
const clip = (s: string | null | undefined) => (s == null ? null : s.slice(0, MAX_FIELD));

export class AccessLog {
  private readonly insert: Database.Statement;
  private readonly byOp: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
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

  /**
   * Appends one entry, committed (synchronously) before the caller goes on to show or send
   * anything. Throws on a malformed action: a caller's bug must not write an unsearchable entry.
   */
  record(e: AccessEntry): AccessRecord {
    if (!ACTION_PATTERN.test(e.action)) throw new Error(`access log: bad action "${e.action}"`);
    const at = this.now();
    const row = [at, e.user.id, e.user.name, e.user.role, e.opId ?? "", e.action, clip(e.target), clip(e.reason), clip(e.recipient)];
    const info = this.insert.run(...row, clip(e.detail));
    return {
      id: Number(info.lastInsertRowid),
      at,
      userId: e.user.id,
      userName: e.user.name,
      role: e.user.role,
      opId: e.opId ?? null,
      action: e.action,
      target: clip(e.target),
      reason: clip(e.reason),
      recipient: clip(e.recipient),
      detail: clip(e.detail),
    };
  }

  /** Every entry about an operation, newest first. */
  forOperation(opId: string): AccessRecord[] {
    return this.byOp.all(opId) as AccessRecord[];
  }

  /** Entries matching a query, newest first, at most `limit`. */
  search(q: AccessQuery): AccessRecord[] {
    const { sql, params } = where(q);
    return this.db.prepare(`SELECT ${COLUMNS} FROM access_log ${sql} ORDER BY id DESC LIMIT ?`).all(...params, q.limit) as AccessRecord[];
  }

  /**
   * Every entry matching a query (no limit), newest first, a page at a time: for streamed
   * exports. Pages, not one open cursor: a cursor held across the stream's waits would keep the
   * connection busy and refuse every append meanwhile.
   */
  *iterate(q: Omit<AccessQuery, "limit" | "before">): Generator<AccessRecord> {
    let before: number | undefined;
    for (;;) {
      const page = this.search({ ...q, ...(before === undefined ? {} : { before }), limit: 1000 });
      yield* page;
      if (page.length < 1000) return;
      before = page.at(-1)?.id;
    }
  }
}

function where(q: Omit<AccessQuery, "limit">): { sql: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const add = (clause: string, ...values: (string | number)[]) => {
    clauses.push(clause);
    params.push(...values);
  };
  if (q.user !== undefined) add("(user_id = ? OR user_name LIKE ? ESCAPE '\\')", q.user, `%${likeEscape(q.user)}%`);
  // Exact, or the family: `export` matches `export.*`.
  if (q.action !== undefined) add("(action = ? OR action LIKE ? ESCAPE '\\')", q.action, `${likeEscape(q.action)}.%`);
  if (q.opId !== undefined) add("op_id = ?", q.opId);
  if (q.from !== undefined) add("at >= ?", q.from);
  if (q.to !== undefined) add("at <= ?", q.to);
  if (q.before !== undefined) add("id < ?", q.before);
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

/** LIKE's own wildcards in a user's text match only themselves. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
