import type Database from "better-sqlite3";
import type { Role } from "../../shared/domain";
import type { AccountChangeReason, AccountStore, StoredUser, User, UserFields } from "../auth/accountStore";
import { migrate } from "../auth/schema";
import type { AccountChange, LiveSession } from "../auth/sessionDirectory";
import { preparedOnce } from "./statements";

interface UserRow {
  id: string;
  username: string;
  name: string;
  role: Role;
  sector: string | null;
  unit_id: string | null;
  post: string | null;
  password_hash: string;
  disabled: number;
  operations: string;
}

const toUser = (r: UserRow): StoredUser => ({
  id: r.id,
  username: r.username,
  name: r.name,
  role: r.role,
  sector: r.sector,
  unitId: r.unit_id,
  post: r.post,
  disabled: r.disabled === 1,
  operations: JSON.parse(r.operations) as string[],
  passwordHash: r.password_hash,
});

const withoutHash = ({ passwordHash: _, ...user }: StoredUser): User => user;

/**
 * Accounts in the server's SQLite file. better-sqlite3 is synchronous: each method does its work
 * before it returns its (already settled) promise, so a caller that does not wait still finds it
 * done.
 */
export class SqliteAccountStore implements AccountStore {
  /** Every statement prepared once (issue 14): session loads, the sweep's reads and sign-ins among them. */
  private readonly sql: (sql: string) => Database.Statement;

  constructor(private readonly db: Database.Database) {
    migrate(db);
    this.sql = preparedOnce(db);
  }

  async insertUser(u: StoredUser): Promise<boolean> {
    const info = this.sql(
      `INSERT INTO users (id, username, name, role, sector, unit_id, post, password_hash, disabled, operations)
         VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (username) DO NOTHING`,
    ).run(u.id, u.username, u.name, u.role, u.sector, u.unitId, u.post, u.passwordHash, u.disabled ? 1 : 0, JSON.stringify(u.operations));
    return info.changes === 1;
  }

  async userById(id: string): Promise<StoredUser | null> {
    const row = this.sql("SELECT * FROM users WHERE id = ?").get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  async userByUsername(username: string): Promise<StoredUser | null> {
    const row = this.sql("SELECT * FROM users WHERE username = ?").get(username) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<User[]> {
    return (this.sql("SELECT * FROM users ORDER BY username").all() as UserRow[]).map((r) => withoutHash(toUser(r)));
  }

  async countUsers(): Promise<number> {
    return (this.sql("SELECT COUNT(*) AS n FROM users").get() as { n: number }).n;
  }

  async countEnabledAdmins(): Promise<number> {
    return (this.sql("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as { n: number }).n;
  }

  async updateUser(id: string, f: Omit<UserFields, "username">): Promise<void> {
    this.sql("UPDATE users SET name = ?, role = ?, sector = ?, unit_id = ?, post = ?, operations = ? WHERE id = ?").run(
      f.name,
      f.role,
      f.sector,
      f.unitId,
      f.post,
      JSON.stringify(f.operations),
      id,
    );
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    this.sql("UPDATE users SET disabled = ? WHERE id = ?").run(disabled ? 1 : 0, id);
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    this.sql("UPDATE users SET password_hash = ? WHERE id = ?").run(passwordHash, id);
  }

  async createSession(s: { hash: string; userId: string; createdAt: number; expiresAt: number }): Promise<void> {
    this.sql("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?,?,?,?,?)").run(
      s.hash,
      s.userId,
      s.createdAt,
      s.expiresAt,
      s.createdAt,
    );
  }

  async signOut(hash: string, at: number): Promise<number | null> {
    return this.db.transaction(() => {
      const row = this.sql("DELETE FROM sessions WHERE token_hash = ? RETURNING user_id").get(hash) as { user_id: string } | undefined;
      return row ? this.record(at, row.user_id, hash, "signed-out") : null;
    })();
  }

  async endSessionsOf(userId: string, at: number, reason: AccountChangeReason): Promise<number> {
    return this.db.transaction(() => {
      this.sql("DELETE FROM sessions WHERE user_id = ?").run(userId);
      return this.record(at, userId, null, reason);
    })();
  }

  async load(hash: string): Promise<LiveSession | null> {
    const row = this.sql(
      `SELECT u.*, s.created_at AS s_created, s.expires_at AS s_expires, s.last_seen_at AS s_seen
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND u.disabled = 0`,
    ).get(hash) as (UserRow & { s_created: number; s_expires: number; s_seen: number | null }) | undefined;
    if (!row) return null;
    const user = withoutHash(toUser(row));
    return { hash, user, createdAt: row.s_created, expiresAt: row.s_expires, lastSeenAt: row.s_seen ?? row.s_created };
  }

  async lastSeen(hash: string): Promise<number | null> {
    const row = this.sql("SELECT created_at, last_seen_at FROM sessions WHERE token_hash = ?").get(hash) as
      | { created_at: number; last_seen_at: number | null }
      | undefined;
    return row ? (row.last_seen_at ?? row.created_at) : null;
  }

  async end(hash: string): Promise<void> {
    this.sql("DELETE FROM sessions WHERE token_hash = ?").run(hash);
  }

  async persistLastSeen(seen: ReadonlyMap<string, number>): Promise<void> {
    const update = this.sql("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND COALESCE(last_seen_at, 0) < ?");
    this.db.transaction(() => {
      for (const [hash, at] of seen) update.run(at, hash, at);
    })();
  }

  async changesAfter(id: number): Promise<AccountChange[]> {
    return this.sql("SELECT id, user_id AS userId, token_hash AS hash, reason FROM account_changes WHERE id > ? ORDER BY id").all(
      id,
    ) as AccountChange[];
  }

  async lastChangeId(): Promise<number> {
    return (this.sql("SELECT COALESCE(MAX(id), 0) AS id FROM account_changes").get() as { id: number }).id;
  }

  /** Drops sessions past either deadline that no process holds in memory, and day-old change rows. */
  async purge(idleCutoff: number, now: number): Promise<void> {
    this.sql("DELETE FROM sessions WHERE expires_at <= ? OR COALESCE(last_seen_at, created_at) <= ?").run(now, idleCutoff);
    this.sql("DELETE FROM account_changes WHERE at < ?").run(now - 24 * 60 * 60_000);
  }

  /** SQLite has one writer at a time, so ids are handed out in commit order. */
  private record(at: number, userId: string, hash: string | null, reason: AccountChange["reason"]): number {
    const { lastInsertRowid } = this.sql("INSERT INTO account_changes (at, user_id, token_hash, reason) VALUES (?,?,?,?)").run(
      at,
      userId,
      hash,
      reason,
    );
    return Number(lastInsertRowid);
  }
}
