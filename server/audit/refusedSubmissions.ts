import { z } from "zod";
import type { CommandName } from "../../shared/commands";
import { type AckError, ErrorCode } from "../../shared/errors";
import type { RefusedSubmission } from "../../shared/refusedSubmissions";
import { PgRefusedStore } from "../store/postgres/pgRefusedStore";
import { SqliteRefusedStore } from "../store/sqliteRefusedStore";
import type { Storage } from "../store/storage";

export type { RefusedSubmission };

/** A search of refused submissions: one operation or all, newest first, paged by id. */
export const RefusedQuery = z
  .object({
    opId: z.string().trim().min(1).max(200).optional(),
    /** Entries older than this id. */
    before: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();
export type RefusedQuery = z.infer<typeof RefusedQuery>;

/**
 * Where refused submissions are kept, beside the access log: SQLite or PostgreSQL, both passing
 * test/store/refusedSubmissions.contract.ts. Append and read only; the tables refuse the rest.
 */
export interface RefusedSubmissionStore {
  /** Stores one entry unless this user already has one under this key; says whether it stored. */
  append(entry: Omit<RefusedSubmission, "id">): Promise<boolean>;
  /** Entries matching a query, newest first, at most `limit`. */
  list(q: RefusedQuery): Promise<RefusedSubmission[]>;
  /** How many match (ignoring `before` and `limit`). */
  count(opId: string | undefined): Promise<number>;
}

export function refusedStoreFor(storage: Storage): RefusedSubmissionStore {
  if (storage.kind === "postgres" && storage.pg) return new PgRefusedStore(storage.pg);
  if (storage.kind === "sqlite" && storage.sqlite) return new SqliteRefusedStore(storage.sqlite);
  throw new Error(`${storage.where}: no connection for refused submissions`);
}

/** Commands a phone sends through its outbox: only their refusals are kept. */
const PHONE_COMMANDS = new Set<string>(["report:submit", "unit:status", "incident:note", "incident:acknowledge", "alert:seen"]);

/**
 * Refusals another attempt would not change. Rate limits, an unavailable server and a photo not
 * uploaded yet are left out: the phone tries again and the entry usually goes.
 */
const FOR_GOOD = new Set<string>([ErrorCode.NotFound, ErrorCode.Forbidden, ErrorCode.Conflict, ErrorCode.BadRequest]);

/** A body is evidence of what the phone meant, not a place to keep megabytes. */
export const MAX_BODY_CHARS = 4096;
const MAX_MESSAGE_CHARS = 1000;

export interface Submitter {
  id: string;
  name: string;
  role: string;
}

export class RefusedSubmissions {
  constructor(
    private readonly store: RefusedSubmissionStore,
    private readonly now: () => number = Date.now,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Whether a refusal of this command with this code is kept for control. */
  static keeps(name: CommandName | string, code: string): boolean {
    return PHONE_COMMANDS.has(name) && FOR_GOOD.has(code);
  }

  /**
   * Records a refusal once per (user, key); others are ignored. Says whether it stored one. Never
   * rejects: a store that fails is reported, and the phone still gets its refusal.
   */
  async note(user: Submitter, name: string, wire: { opId: string; key: string; body: unknown }, error: AckError): Promise<boolean> {
    if (!RefusedSubmissions.keeps(name, error.code)) return false;
    try {
      return await this.store.append(this.entry(user, name, wire, error));
    } catch (err) {
      this.onError(err);
      return false;
    }
  }

  private entry(user: Submitter, name: string, wire: { opId: string; key: string; body: unknown }, error: AckError) {
    const json = JSON.stringify(wire.body) ?? "null";
    return {
      at: this.now(),
      userId: user.id,
      userName: user.name,
      role: user.role,
      opId: wire.opId,
      command: name,
      key: wire.key,
      body: json.slice(0, MAX_BODY_CHARS),
      truncated: json.length > MAX_BODY_CHARS,
      code: error.code,
      message: error.message.slice(0, MAX_MESSAGE_CHARS),
    };
  }

  /** A page, newest first, and the number matching in all. */
  async page(q: RefusedQuery): Promise<{ entries: RefusedSubmission[]; total: number }> {
    const [entries, total] = await Promise.all([this.store.list(q), this.store.count(q.opId)]);
    return { entries, total };
  }
}

/** A listing's WHERE clause with `?` placeholders, shared by both stores (PostgreSQL numbers them). */
export function refusedWhere(opId: string | undefined, before: number | undefined): { where: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (opId !== undefined) {
    clauses.push("op_id = ?");
    params.push(opId);
  }
  if (before !== undefined) {
    clauses.push("id < ?");
    params.push(before);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}
