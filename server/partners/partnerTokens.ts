import { createHash, randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import type pg from "pg";
import type { Storage } from "../store/storage";

/**
 * API tokens for partners' systems (issue 12 item 8): one or more per partner account, each
 * revocable. Only the SHA-256 of a token is stored; the token itself is shown once, when made.
 */
export interface TokenRow {
  id: number;
  userId: string;
  label: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface PartnerTokenStore {
  insert(userId: string, label: string, hash: string, now: number): Promise<TokenRow>;
  list(userId: string): Promise<TokenRow[]>;
  /** Revokes one of the user's tokens; false when there is no such live token. */
  revoke(userId: string, id: number, now: number): Promise<boolean>;
  /** The live token with this hash. */
  byHash(hash: string): Promise<TokenRow | null>;
}

const PREFIX = "cpt_";
export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

export class PartnerTokens {
  constructor(
    private readonly store: PartnerTokenStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new token for the user: the row, and the token to hand over (never stored, never shown again). */
  async create(userId: string, label: string): Promise<{ row: TokenRow; token: string }> {
    const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
    return { row: await this.store.insert(userId, label, tokenHash(token), this.now()), token };
  }

  list(userId: string): Promise<TokenRow[]> {
    return this.store.list(userId);
  }

  revoke(userId: string, id: number): Promise<boolean> {
    return this.store.revoke(userId, id, this.now());
  }

  /** The user id a live token belongs to, or null (unknown, revoked, or not a token at all). */
  async userOf(token: string): Promise<string | null> {
    if (!token.startsWith(PREFIX) || token.length > 200) return null;
    return (await this.store.byHash(tokenHash(token)))?.userId ?? null;
  }
}

export function partnerTokenStoreFor(storage: Storage): PartnerTokenStore {
  if (storage.kind === "postgres" && storage.pg) return new PgPartnerTokenStore(storage.pg);
  if (storage.kind === "sqlite" && storage.sqlite) return new SqlitePartnerTokenStore(storage.sqlite);
  throw new Error(`${storage.where}: no connection for the partner tokens`);
}

type Row = { id: number; user_id: string; label: string; created_at: number; revoked_at: number | null };
const fromRow = (r: Row): TokenRow => ({
  id: Number(r.id),
  userId: r.user_id,
  label: r.label,
  createdAt: Number(r.created_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
});

export class SqlitePartnerTokenStore implements PartnerTokenStore {
  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS partner_tokens (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      user_id TEXT NOT NULL,
      label TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      revoked_at INTEGER
    )`);
  }

  async insert(userId: string, label: string, hash: string, now: number): Promise<TokenRow> {
    const r = this.db
      .prepare("INSERT INTO partner_tokens (user_id, label, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING *")
      .get(userId, label, hash, now) as Row;
    return fromRow(r);
  }

  async list(userId: string): Promise<TokenRow[]> {
    return (this.db.prepare("SELECT * FROM partner_tokens WHERE user_id = ? ORDER BY id").all(userId) as Row[]).map(fromRow);
  }

  async revoke(userId: string, id: number, now: number): Promise<boolean> {
    const done = this.db
      .prepare("UPDATE partner_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL")
      .run(now, id, userId);
    return done.changes === 1;
  }

  async byHash(hash: string): Promise<TokenRow | null> {
    const r = this.db.prepare("SELECT * FROM partner_tokens WHERE token_hash = ? AND revoked_at IS NULL").get(hash) as Row | undefined;
    return r ? fromRow(r) : null;
  }
}

export class PgPartnerTokenStore implements PartnerTokenStore {
  private ready: Promise<unknown> | null = null;

  constructor(private readonly pool: pg.Pool) {}

  private async q<T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T[]> {
    this.ready ??= this.pool.query(`CREATE TABLE IF NOT EXISTS partner_tokens (
      id BIGSERIAL PRIMARY KEY,
      user_id TEXT NOT NULL,
      label TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE,
      created_at BIGINT NOT NULL,
      revoked_at BIGINT
    )`);
    await this.ready;
    return (await this.pool.query<T>(sql, params)).rows;
  }

  async insert(userId: string, label: string, hash: string, now: number): Promise<TokenRow> {
    const [r] = await this.q<Row>(
      "INSERT INTO partner_tokens (user_id, label, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING *",
      [userId, label, hash, now],
    );
    if (!r) throw new Error("partner token not inserted");
    return fromRow(r);
  }

  async list(userId: string): Promise<TokenRow[]> {
    return (await this.q<Row>("SELECT * FROM partner_tokens WHERE user_id = $1 ORDER BY id", [userId])).map(fromRow);
  }

  async revoke(userId: string, id: number, now: number): Promise<boolean> {
    const rows = await this.q<Row>(
      "UPDATE partner_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL RETURNING *",
      [now, id, userId],
    );
    return rows.length === 1;
  }

  async byHash(hash: string): Promise<TokenRow | null> {
    const [r] = await this.q<Row>("SELECT * FROM partner_tokens WHERE token_hash = $1 AND revoked_at IS NULL", [hash]);
    return r ? fromRow(r) : null;
  }
}
