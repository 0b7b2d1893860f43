import type pg from "pg";
import type { Role } from "../../../shared/domain";
import type { AccountChangeReason, AccountStore, StoredUser, User, UserFields } from "../../auth/accountStore";
import type { AccountChange, LiveSession } from "../../auth/sessionDirectory";

interface UserRow {
  id: string;
  username: string;
  name: string;
  role: Role;
  sector: string | null;
  unit_id: string | null;
  post: string | null;
  password_hash: string;
  disabled: boolean;
  /** jsonb: node-postgres parses it. */
  operations: string[];
}

const toUser = (r: UserRow): StoredUser => ({
  id: r.id,
  username: r.username,
  name: r.name,
  role: r.role,
  sector: r.sector,
  unitId: r.unit_id,
  post: r.post,
  disabled: r.disabled,
  operations: r.operations,
  passwordHash: r.password_hash,
});

const withoutHash = ({ passwordHash: _, ...user }: StoredUser): User => user;

/** Any constant: writers of account_changes take it, so change ids are handed out in commit order. */
const CHANGE_LOCK = 7_401_220;

/**
 * Accounts in PostgreSQL (tables of server/store/postgres/accountMigrations.ts), shared by every
 * process. The change feed is what makes a sign-out on one process close the session's sockets
 * on the others: each process's sweep reads `account_changes` after the last id it applied. A
 * bigserial alone would not do: two transactions can commit in the other order from their ids,
 * and a sweep between the commits would skip the lower id for ever. Writers therefore take one
 * transaction-scoped advisory lock before they insert, so ids commit in order.
 */
export class PgAccountStore implements AccountStore {
  constructor(private readonly pool: pg.Pool) {}

  async insertUser(u: StoredUser): Promise<boolean> {
    const res = await this.pool.query(
      `INSERT INTO users (id, username, name, role, sector, unit_id, post, password_hash, disabled, operations)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (username) DO NOTHING`,
      [u.id, u.username, u.name, u.role, u.sector, u.unitId, u.post, u.passwordHash, u.disabled, JSON.stringify(u.operations)],
    );
    return res.rowCount === 1;
  }

  async userById(id: string): Promise<StoredUser | null> {
    const res = await this.pool.query<UserRow>("SELECT * FROM users WHERE id = $1", [id]);
    return res.rows[0] ? toUser(res.rows[0]) : null;
  }

  async userByUsername(username: string): Promise<StoredUser | null> {
    const res = await this.pool.query<UserRow>("SELECT * FROM users WHERE username = $1", [username]);
    return res.rows[0] ? toUser(res.rows[0]) : null;
  }

  async listUsers(): Promise<User[]> {
    // COLLATE "C": the same order as SQLite's byte-wise comparison, whatever the database's locale.
    const res = await this.pool.query<UserRow>(`SELECT * FROM users ORDER BY username COLLATE "C"`);
    return res.rows.map((r) => withoutHash(toUser(r)));
  }

  async countUsers(): Promise<number> {
    return (await this.pool.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM users")).rows[0]?.n ?? 0;
  }

  async countEnabledAdmins(): Promise<number> {
    const res = await this.pool.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled");
    return res.rows[0]?.n ?? 0;
  }

  async updateUser(id: string, f: Omit<UserFields, "username">): Promise<void> {
    await this.pool.query("UPDATE users SET name = $1, role = $2, sector = $3, unit_id = $4, post = $5, operations = $6 WHERE id = $7", [
      f.name,
      f.role,
      f.sector,
      f.unitId,
      f.post,
      JSON.stringify(f.operations),
      id,
    ]);
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    await this.pool.query("UPDATE users SET disabled = $1 WHERE id = $2", [disabled, id]);
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.pool.query("UPDATE users SET password_hash = $1 WHERE id = $2", [passwordHash, id]);
  }

  async createSession(s: { hash: string; userId: string; createdAt: number; expiresAt: number }): Promise<void> {
    await this.pool.query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES ($1,$2,$3,$4,$3)", [
      s.hash,
      s.userId,
      s.createdAt,
      s.expiresAt,
    ]);
  }

  signOut(hash: string, at: number): Promise<number | null> {
    return this.changing(async (c) => {
      const row = (await c.query<{ user_id: string }>("DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id", [hash])).rows[0];
      return row ? this.record(c, at, row.user_id, hash, "signed-out") : null;
    });
  }

  endSessionsOf(userId: string, at: number, reason: AccountChangeReason): Promise<number> {
    return this.changing(async (c) => {
      await c.query("DELETE FROM sessions WHERE user_id = $1", [userId]);
      return this.record(c, at, userId, null, reason);
    });
  }

  async load(hash: string): Promise<LiveSession | null> {
    const res = await this.pool.query<UserRow & { s_created: number; s_expires: number; s_seen: number | null }>(
      `SELECT u.*, s.created_at AS s_created, s.expires_at AS s_expires, s.last_seen_at AS s_seen
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND NOT u.disabled`,
      [hash],
    );
    const row = res.rows[0];
    if (!row) return null;
    return {
      hash,
      user: withoutHash(toUser(row)),
      createdAt: row.s_created,
      expiresAt: row.s_expires,
      lastSeenAt: row.s_seen ?? row.s_created,
    };
  }

  async lastSeen(hash: string): Promise<number | null> {
    const res = await this.pool.query<{ at: number }>(
      "SELECT COALESCE(last_seen_at, created_at) AS at FROM sessions WHERE token_hash = $1",
      [hash],
    );
    return res.rows[0]?.at ?? null;
  }

  async end(hash: string): Promise<void> {
    await this.pool.query("DELETE FROM sessions WHERE token_hash = $1", [hash]);
  }

  /** One statement for every session seen since the last write-back. */
  async persistLastSeen(seen: ReadonlyMap<string, number>): Promise<void> {
    await this.pool.query(
      `UPDATE sessions s SET last_seen_at = u.at
       FROM unnest($1::text[], $2::bigint[]) AS u(hash, at)
       WHERE s.token_hash = u.hash AND COALESCE(s.last_seen_at, 0) < u.at`,
      [[...seen.keys()], [...seen.values()]],
    );
  }

  async changesAfter(id: number): Promise<AccountChange[]> {
    const res = await this.pool.query<AccountChange>(
      `SELECT id, user_id AS "userId", token_hash AS hash, reason FROM account_changes WHERE id > $1 ORDER BY id`,
      [id],
    );
    return res.rows;
  }

  async lastChangeId(): Promise<number> {
    return (await this.pool.query<{ id: number }>("SELECT COALESCE(MAX(id), 0) AS id FROM account_changes")).rows[0]?.id ?? 0;
  }

  async purge(idleCutoff: number, now: number): Promise<void> {
    await this.pool.query("DELETE FROM sessions WHERE expires_at <= $1 OR COALESCE(last_seen_at, created_at) <= $2", [now, idleCutoff]);
    await this.pool.query("DELETE FROM account_changes WHERE at < $1", [now - 24 * 60 * 60_000]);
  }

  /** One transaction, holding the change lock from before the insert until the commit. */
  private async changing<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  private async record(
    c: pg.PoolClient,
    at: number,
    userId: string,
    hash: string | null,
    reason: AccountChange["reason"],
  ): Promise<number> {
    await c.query("SELECT pg_advisory_xact_lock($1)", [CHANGE_LOCK]);
    const res = await c.query<{ id: number }>(
      "INSERT INTO account_changes (at, user_id, token_hash, reason) VALUES ($1,$2,$3,$4) RETURNING id",
      [at, userId, hash, reason],
    );
    return res.rows[0]!.id;
  }
}
