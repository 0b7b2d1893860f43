import { createHash, randomBytes, randomUUID } from "node:crypto";
import { hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import type Database from "better-sqlite3";
import type { Role } from "../../shared/domain";
import type { Account } from "../../shared/visibility";

export interface User extends Account {
  username: string;
  name: string;
  /** A steward's post (venue plan post id). */
  post: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL,
  sector        TEXT,
  unit_id       TEXT,
  post          TEXT,
  password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
`;

const SESSION_MS = 14 * 60 * 60 * 1000;
/** Argon2id (algorithm 2) with OWASP's second recommended setting: 19 MiB, 2 passes. */
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

interface UserRow {
  id: string;
  username: string;
  name: string;
  role: Role;
  sector: string | null;
  unit_id: string | null;
  post: string | null;
  password_hash: string;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  name: r.name,
  role: r.role,
  sector: r.sector,
  unitId: r.unit_id,
  post: r.post,
});

/** Users and their server-side sessions (DESIGN §8). Only a hash of each session token is stored. */
export class Accounts {
  /** A real hash of a random secret: unknown usernames cost the same verify as known ones. */
  private readonly dummyHash = argon2Hash(randomBytes(16).toString("hex"), ARGON);

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    db.exec(SCHEMA);
  }

  async create(input: Omit<User, "id"> & { password: string }): Promise<User> {
    const id = `u-${randomUUID().slice(0, 8)}`;
    const passwordHash = await argon2Hash(input.password, ARGON);
    this.db
      .prepare("INSERT INTO users (id, username, name, role, sector, unit_id, post, password_hash) VALUES (?,?,?,?,?,?,?,?)")
      .run(id, input.username, input.name, input.role, input.sector, input.unitId, input.post, passwordHash);
    return { ...input, id };
  }

  byUsername(username: string): User | null {
    const row = this.db.prepare("SELECT * FROM users WHERE username = ?").get(username) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  byId(id: string): User | null {
    const row = this.db.prepare("SELECT * FROM users WHERE id = ?").get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  count(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM users").get() as { n: number }).n;
  }

  /** Checks a password; returns the user and a new session token, or null. */
  async signIn(username: string, password: string): Promise<{ user: User; token: string } | null> {
    const row = this.db.prepare("SELECT * FROM users WHERE username = ?").get(username) as UserRow | undefined;
    // Verify against a dummy hash when the user is unknown, so timing does not reveal usernames.
    const ok = await argon2Verify(row?.password_hash ?? (await this.dummyHash), password).catch(() => false);
    if (!row || !ok) return null;
    const token = randomBytes(32).toString("base64url");
    const now = this.now();
    this.db
      .prepare("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?,?,?,?)")
      .run(tokenHash(token), row.id, now, now + SESSION_MS);
    return { user: toUser(row), token };
  }

  /** Whether `password` is this account's password (no session is made). */
  async acceptsPassword(username: string, password: string): Promise<boolean> {
    const row = this.db.prepare("SELECT password_hash FROM users WHERE username = ?").get(username) as
      | { password_hash: string }
      | undefined;
    return row ? argon2Verify(row.password_hash, password).catch(() => false) : false;
  }

  /** The user a session token belongs to, if the session is live. */
  session(token: string | undefined): User | null {
    if (!token) return null;
    const row = this.db
      .prepare("SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?")
      .get(tokenHash(token), this.now()) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  /** Whether the session with this token hash is still live (checked on every socket message). */
  isLive(hash: string): boolean {
    return this.db.prepare("SELECT 1 FROM sessions WHERE token_hash = ? AND expires_at > ?").get(hash, this.now()) !== undefined;
  }

  signOut(token: string): void {
    this.db.prepare("DELETE FROM sessions WHERE token_hash = ?").run(tokenHash(token));
  }

  /** Changes a user's role; their sessions end, so every socket must re-authenticate. */
  setRole(userId: string, role: Role): void {
    this.db.prepare("UPDATE users SET role = ? WHERE id = ?").run(role, userId);
    this.db.prepare("DELETE FROM sessions WHERE user_id = ?").run(userId);
  }
}

/** Invented demo accounts (README lists them). */
export const DEMO_ACCOUNTS: Omit<User, "id">[] = [
  { username: "commander", name: "Supt. Helen Marsh (Silver)", role: "commander", sector: null, unitId: null, post: null },
  { username: "controller", name: "PS Dev Anand (Control)", role: "controller", sector: null, unitId: null, post: null },
  { username: "steward", name: "Steward 1182 — Jo Pike", role: "steward", sector: "olympic-way", unitId: null, post: "post-ow-boxpark" },
  {
    username: "steward2",
    name: "Steward 2047 — Sam Idowu",
    role: "steward",
    sector: "stadium-west",
    unitId: null,
    post: "post-ts-entrance-h",
  },
  { username: "officer", name: "PC Ruth Kemp (PSU 12A)", role: "officer", sector: "olympic-way", unitId: "psu-12a", post: null },
  { username: "analyst", name: "Mark Ellis (Debrief)", role: "analyst", sector: null, unitId: null, post: null },
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
