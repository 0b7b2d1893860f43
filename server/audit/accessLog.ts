import { z } from "zod";
import type { AccessRecord } from "../../shared/accessLog";
import { PgAccessLogStore } from "../store/postgres/pgAccessLogStore";
import { SqliteAccessLogStore } from "../store/sqliteAccessLogStore";
import type { Storage } from "../store/storage";

/**
 * Who looked at what, when and why (DPA 2018 s.62: consultation and disclosure are logged with
 * a justification): every incident detail opened, every replay opened or printed, every export
 * with its stated reason and recipient, every admin action, and every read of this log itself.
 * Append-only: this class only inserts and reads, and triggers make the database (SQLite or
 * PostgreSQL) refuse an UPDATE or DELETE from anywhere else. The REST API has no route that
 * changes an entry.
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

/**
 * Where the entries are kept (issue 9 item 1): SQLite or PostgreSQL, both passing
 * test/store/accessLog.contract.ts. Append and read only; there is no method that changes or
 * removes an entry, and the tables refuse it too.
 */
export interface AccessLogStore {
  /** Stores one entry (fields already checked and clipped); returns its id. */
  append(entry: Omit<AccessRecord, "id">): Promise<number>;
  /** Every entry about an operation, newest first. */
  forOperation(opId: string): Promise<AccessRecord[]>;
  /** Entries matching a query, newest first, at most `limit`. */
  search(q: AccessQuery): Promise<AccessRecord[]>;
}

/** The store for this storage, in the same database as the event log. */
export function accessLogStoreFor(storage: Storage): AccessLogStore {
  if (storage.kind === "postgres" && storage.pg) return new PgAccessLogStore(storage.pg);
  if (storage.kind === "sqlite" && storage.sqlite) return new SqliteAccessLogStore(storage.sqlite);
  throw new Error(`${storage.where}: no connection for the access log`);
}

/** Longest stored text field: an entry is evidence, not a place to dump a body. */
const MAX_FIELD = 2000;
const clip = (s: string | null | undefined) => (s == null ? null : s.slice(0, MAX_FIELD));

/** Rows per page of an export: each page is one query, so no cursor is held across the stream's waits. */
const PAGE = 1000;

export class AccessLog {
  constructor(
    private readonly store: AccessLogStore,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Appends one entry; the promise settles once it is committed, and the caller waits for it
   * before it shows or sends anything. Rejects a malformed action: a caller's bug must not write
   * an unsearchable entry. (With SQLite the insert is done before this returns.)
   */
  async record(e: AccessEntry): Promise<AccessRecord> {
    if (!ACTION_PATTERN.test(e.action)) throw new Error(`access log: bad action "${e.action}"`);
    const entry = {
      at: this.now(),
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
    return { id: await this.store.append(entry), ...entry };
  }

  /** Every entry about an operation, newest first. */
  forOperation(opId: string): Promise<AccessRecord[]> {
    return this.store.forOperation(opId);
  }

  /** Entries matching a query, newest first, at most `limit`. */
  search(q: AccessQuery): Promise<AccessRecord[]> {
    return this.store.search(q);
  }

  /** Every entry matching a query (no limit), newest first, a page at a time: for streamed exports. */
  async *iterate(q: Omit<AccessQuery, "limit" | "before">): AsyncGenerator<AccessRecord> {
    let before: number | undefined;
    for (;;) {
      const page = await this.store.search({ ...q, ...(before === undefined ? {} : { before }), limit: PAGE });
      yield* page;
      if (page.length < PAGE) return;
      before = page.at(-1)?.id;
    }
  }
}

/**
 * A query's WHERE clause with `?` placeholders, shared by both stores (PostgreSQL numbers them).
 * `like` is the backend's case-insensitive LIKE: SQLite's LIKE already is, PostgreSQL's ILIKE.
 */
export function accessWhere(q: Omit<AccessQuery, "limit">, like: "LIKE" | "ILIKE"): { sql: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const add = (clause: string, ...values: (string | number)[]) => {
    clauses.push(clause);
    params.push(...values);
  };
  if (q.user !== undefined) add(`(user_id = ? OR user_name ${like} ? ESCAPE '\\')`, q.user, `%${likeEscape(q.user)}%`);
  // Exact, or the family: `export` matches `export.*`.
  if (q.action !== undefined) add(`(action = ? OR action ${like} ? ESCAPE '\\')`, q.action, `${likeEscape(q.action)}.%`);
  if (q.opId !== undefined) add("op_id = ?", q.opId);
  if (q.from !== undefined) add("at >= ?", q.from);
  if (q.to !== undefined) add("at <= ?", q.to);
  if (q.before !== undefined) add("id < ?", q.before);
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

/** LIKE's own wildcards in a user's text match only themselves. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
