import { createHash, randomBytes, randomUUID } from "node:crypto";
import { hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import type Database from "better-sqlite3";
import type { Role } from "../../shared/domain";
import type { Account } from "../../shared/visibility";
import { migrate } from "./schema";
import {
  type LiveSession,
  LocalSessionDirectory,
  type SessionDirectory,
  type SessionEndReason,
  type SessionPolicy,
} from "./sessionDirectory";

export interface User extends Account {
  username: string;
  name: string;
  /** A steward's post (venue plan post id). */
  post: string | null;
  /** A disabled account cannot sign in; its sessions ended when it was disabled. */
  disabled: boolean;
  /** The operations this user may see: empty means every operation. */
  operations: string[];
}

/** What an administrator may set on an account (everything but its id and password). */
export type UserFields = Omit<User, "id" | "disabled">;
export type UserPatch = Partial<Omit<UserFields, "username">>;

/** Argon2id (algorithm 2) with OWASP's second recommended setting: 19 MiB, 2 passes. */
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** The defaults of SESSION_IDLE_MINUTES and SESSION_ABSOLUTE_HOURS (server/config.ts). */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 120 * 60_000, absoluteMs: 14 * 60 * 60_000 };

export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** A refused account change, with a message fit for the CLI and the admin page. */
export class AccountError extends Error {
  constructor(
    readonly code: "not_found" | "conflict" | "bad_request",
    message: string,
  ) {
    super(message);
  }
}

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

const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  name: r.name,
  role: r.role,
  sector: r.sector,
  unitId: r.unit_id,
  post: r.post,
  disabled: r.disabled === 1,
  operations: JSON.parse(r.operations) as string[],
});

/**
 * Users and their server-side sessions (DESIGN §8). Only a hash of each session token is stored.
 * Every change to a user's rights ends their sessions and is written to `account_changes`, which
 * the session directory of every process reads once a second (so the CLI's changes reach a
 * running server too).
 */
export class Accounts {
  /** A real hash of a random secret: unknown usernames cost the same verify as known ones. */
  private readonly dummyHash = argon2Hash(randomBytes(16).toString("hex"), ARGON);
  /** The in-memory session cache every request and socket message is checked against. */
  readonly sessions: SessionDirectory;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
    policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  ) {
    migrate(db);
    this.sessions = new LocalSessionDirectory({
      policy,
      now,
      load: (hash) => this.loadSession(hash),
      lastSeen: (hash) => this.lastSeen(hash),
      end: (hash) => this.deleteSession(hash),
      persistLastSeen: (seen) => this.persistLastSeen(seen),
      changesAfter: (id) => this.changesAfter(id),
      purge: (cutoffIdle, cutoffNow) => this.purge(cutoffIdle, cutoffNow),
    });
  }

  async create(input: UserFields & { password: string }): Promise<User> {
    if (this.byUsername(input.username)) throw new AccountError("conflict", `The username "${input.username}" is taken.`);
    const id = `u-${randomUUID().slice(0, 8)}`;
    const passwordHash = await argon2Hash(input.password, ARGON);
    this.db
      .prepare(
        "INSERT INTO users (id, username, name, role, sector, unit_id, post, password_hash, disabled, operations) VALUES (?,?,?,?,?,?,?,?,0,?)",
      )
      .run(
        id,
        input.username,
        input.name,
        input.role,
        input.sector,
        input.unitId,
        input.post,
        passwordHash,
        JSON.stringify(input.operations),
      );
    return this.byId(id)!;
  }

  byUsername(username: string): User | null {
    const row = this.db.prepare("SELECT * FROM users WHERE username = ?").get(username) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  byId(id: string): User | null {
    const row = this.db.prepare("SELECT * FROM users WHERE id = ?").get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  list(): User[] {
    return (this.db.prepare("SELECT * FROM users ORDER BY username").all() as UserRow[]).map(toUser);
  }

  count(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM users").get() as { n: number }).n;
  }

  /** Admin accounts that can sign in: a real start needs at least one. */
  enabledAdmins(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as { n: number }).n;
  }

  /** Checks a password; returns the user and a new session token, or null (also for a disabled account). */
  async signIn(username: string, password: string): Promise<{ user: User; token: string } | null> {
    const row = this.db.prepare("SELECT * FROM users WHERE username = ?").get(username) as UserRow | undefined;
    // Verify against a dummy hash when the user is unknown, so timing does not reveal usernames.
    const ok = await argon2Verify(row?.password_hash ?? (await this.dummyHash), password).catch(() => false);
    if (!row || !ok || row.disabled === 1) return null;
    const token = randomBytes(32).toString("base64url");
    const now = this.now();
    this.db
      .prepare("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?,?,?,?,?)")
      .run(tokenHash(token), row.id, now, now + this.sessions.policy.absoluteMs, now);
    return { user: toUser(row), token };
  }

  /** Whether `password` is this account's password (no session is made). */
  async acceptsPassword(username: string, password: string): Promise<boolean> {
    const row = this.db.prepare("SELECT password_hash FROM users WHERE username = ?").get(username) as
      | { password_hash: string }
      | undefined;
    return row ? argon2Verify(row.password_hash, password).catch(() => false) : false;
  }

  /** The user a session token belongs to, if the session is live (from the cache; counts as activity). */
  session(token: string | undefined): User | null {
    return token ? (this.sessions.get(tokenHash(token))?.user ?? null) : null;
  }

  /** Whether the session with this token hash is still live (checked on every socket message, in memory). */
  isLive(hash: string): boolean {
    return this.sessions.get(hash) !== null;
  }

  signOut(token: string): void {
    const hash = tokenHash(token);
    const row = this.db.prepare("SELECT user_id FROM sessions WHERE token_hash = ?").get(hash) as { user_id: string } | undefined;
    this.deleteSession(hash);
    if (row) this.recordChange(row.user_id, hash, "signed-out");
    this.sessions.invalidate({ hash }, "signed-out");
  }

  /** Changes a user's role; their sessions end, so every socket must re-authenticate. */
  setRole(userId: string, role: Role): User {
    return this.update(userId, { role });
  }

  /** Changes what an administrator may set; any change of rights ends the user's sessions everywhere. */
  update(userId: string, patch: UserPatch): User {
    const before = this.require(userId);
    const next = { ...before, ...patch };
    this.db
      .prepare("UPDATE users SET name = ?, role = ?, sector = ?, unit_id = ?, post = ?, operations = ? WHERE id = ?")
      .run(next.name, next.role, next.sector, next.unitId, next.post, JSON.stringify(next.operations), userId);
    this.endSessionsOf(userId, "rights-changed");
    return this.byId(userId)!;
  }

  setDisabled(userId: string, disabled: boolean): User {
    this.require(userId);
    this.db.prepare("UPDATE users SET disabled = ? WHERE id = ?").run(disabled ? 1 : 0, userId);
    if (disabled) this.endSessionsOf(userId, "disabled");
    return this.byId(userId)!;
  }

  /** A new password; the old one's sessions end everywhere. */
  async resetPassword(userId: string, password: string): Promise<User> {
    this.require(userId);
    const passwordHash = await argon2Hash(password, ARGON);
    this.db.prepare("UPDATE users SET password_hash = ? WHERE id = ?").run(passwordHash, userId);
    this.endSessionsOf(userId, "password-reset");
    return this.byId(userId)!;
  }

  private require(userId: string): User {
    const user = this.byId(userId);
    if (!user) throw new AccountError("not_found", `No user ${userId}.`);
    return user;
  }

  private endSessionsOf(userId: string, reason: SessionEndReason): void {
    this.db.prepare("DELETE FROM sessions WHERE user_id = ?").run(userId);
    this.recordChange(userId, null, reason);
    this.sessions.invalidate({ userId }, reason);
  }

  private recordChange(userId: string, hash: string | null, reason: SessionEndReason): void {
    const { lastInsertRowid } = this.db
      .prepare("INSERT INTO account_changes (at, user_id, token_hash, reason) VALUES (?,?,?,?)")
      .run(this.now(), userId, hash, reason);
    this.sessions.appliedLocally(Number(lastInsertRowid));
  }

  private loadSession(hash: string): LiveSession | null {
    const row = this.db
      .prepare(
        `SELECT u.*, s.created_at AS s_created, s.expires_at AS s_expires, s.last_seen_at AS s_seen
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND u.disabled = 0`,
      )
      .get(hash) as (UserRow & { s_created: number; s_expires: number; s_seen: number | null }) | undefined;
    if (!row) return null;
    return { hash, user: toUser(row), createdAt: row.s_created, expiresAt: row.s_expires, lastSeenAt: row.s_seen ?? row.s_created };
  }

  private lastSeen(hash: string): number | null {
    const row = this.db.prepare("SELECT created_at, last_seen_at FROM sessions WHERE token_hash = ?").get(hash) as
      | { created_at: number; last_seen_at: number | null }
      | undefined;
    return row ? (row.last_seen_at ?? row.created_at) : null;
  }

  private deleteSession(hash: string): void {
    this.db.prepare("DELETE FROM sessions WHERE token_hash = ?").run(hash);
  }

  private persistLastSeen(seen: ReadonlyMap<string, number>): void {
    const update = this.db.prepare("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND COALESCE(last_seen_at, 0) < ?");
    this.db.transaction(() => {
      for (const [hash, at] of seen) update.run(at, hash, at);
    })();
  }

  private changesAfter(id: number) {
    return this.db
      .prepare("SELECT id, user_id AS userId, token_hash AS hash, reason FROM account_changes WHERE id > ? ORDER BY id")
      .all(id) as { id: number; userId: string; hash: string | null; reason: SessionEndReason }[];
  }

  /** Drops sessions past either deadline that no process holds in memory, and day-old change rows. */
  private purge(idleCutoff: number, now: number): void {
    this.db.prepare("DELETE FROM sessions WHERE expires_at <= ? OR COALESCE(last_seen_at, created_at) <= ?").run(now, idleCutoff);
    this.db.prepare("DELETE FROM account_changes WHERE at < ?").run(now - 24 * 60 * 60_000);
  }
}

/** Invented demo accounts (README lists them). */
export const DEMO_ACCOUNTS: UserFields[] = [
  { username: "commander", name: "Supt. Helen Marsh (Silver)", role: "commander", sector: null, unitId: null, post: null, operations: [] },
  { username: "controller", name: "PS Dev Anand (Control)", role: "controller", sector: null, unitId: null, post: null, operations: [] },
  {
    username: "steward",
    name: "Steward 1182 — Jo Pike",
    role: "steward",
    sector: "olympic-way",
    unitId: null,
    post: "post-ow-boxpark",
    operations: [],
  },
  {
    username: "steward2",
    name: "Steward 2047 — Sam Idowu",
    role: "steward",
    sector: "stadium-west",
    unitId: null,
    post: "post-ts-entrance-h",
    operations: [],
  },
  {
    username: "officer",
    name: "PC Ruth Kemp (PSU 12A)",
    role: "officer",
    sector: "olympic-way",
    unitId: "psu-12a",
    post: null,
    operations: [],
  },
  { username: "analyst", name: "Mark Ellis (Debrief)", role: "analyst", sector: null, unitId: null, post: null, operations: [] },
  { username: "admin", name: "Priya Shah (Accounts)", role: "admin", sector: null, unitId: null, post: null, operations: [] },
];

export async function seedDemoAccounts(accounts: Accounts, password: string): Promise<number> {
  let added = 0;
  for (const a of DEMO_ACCOUNTS) {
    if (accounts.byUsername(a.username)) continue;
    await accounts.create({ ...a, password });
    added++;
  }
  return added;
}
