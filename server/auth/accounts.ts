import { createHash, randomBytes, randomUUID } from "node:crypto";
import { hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import type { Role } from "../../shared/domain";
import type { AccountChangeReason, AccountStore, StoredUser, User, UserFields, UserPatch } from "./accountStore";
import { LocalSessionDirectory, type SessionDirectory, type SessionPolicy } from "./sessionDirectory";

export type { User, UserFields, UserPatch } from "./accountStore";

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

const withoutHash = ({ passwordHash: _, ...user }: StoredUser): User => user;

export interface AccountsOptions {
  /** Real time, for sessions' deadlines and the change feed. */
  now?: () => number;
  policy?: SessionPolicy;
  /** A session sweep that failed (the database unreachable); the next one tries again. */
  onError?: (err: unknown) => void;
}

/**
 * Users and their server-side sessions (DESIGN §8), kept in an `AccountStore` (SQLite or
 * PostgreSQL). Only a hash of each session token is stored. Every change to a user's rights
 * ends their sessions and is written to `account_changes`, which the session directory of every
 * process reads once a second (so another server's or the CLI's changes reach this one too).
 */
export class Accounts {
  /** A real hash of a random secret: unknown usernames cost the same verify as known ones. */
  private readonly dummyHash = argon2Hash(randomBytes(16).toString("hex"), ARGON);
  /** The in-memory session cache every request and socket message is checked against. */
  readonly sessions: SessionDirectory;
  private readonly now: () => number;

  constructor(
    private readonly store: AccountStore,
    options: AccountsOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.sessions = new LocalSessionDirectory({
      policy: options.policy ?? DEFAULT_SESSION_POLICY,
      now: this.now,
      store,
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  async create(input: UserFields & { password: string }): Promise<User> {
    const taken = () => new AccountError("conflict", `The username "${input.username}" is taken.`);
    if (await this.store.userByUsername(input.username)) throw taken();
    const id = `u-${randomUUID().slice(0, 8)}`;
    const passwordHash = await argon2Hash(input.password, ARGON);
    const { password: _, ...fields } = input;
    // Taken meanwhile (another admin, another process): the store's unique username says so.
    if (!(await this.store.insertUser({ ...fields, id, disabled: false, passwordHash }))) throw taken();
    return this.require(id);
  }

  async byUsername(username: string): Promise<User | null> {
    const user = await this.store.userByUsername(username);
    return user ? withoutHash(user) : null;
  }

  async byId(id: string): Promise<User | null> {
    const user = await this.store.userById(id);
    return user ? withoutHash(user) : null;
  }

  list(): Promise<User[]> {
    return this.store.listUsers();
  }

  count(): Promise<number> {
    return this.store.countUsers();
  }

  /** Admin accounts that can sign in: a real start needs at least one. */
  enabledAdmins(): Promise<number> {
    return this.store.countEnabledAdmins();
  }

  /** Checks a password; returns the user and a new session token, or null (also for a disabled account). */
  async signIn(username: string, password: string): Promise<{ user: User; token: string } | null> {
    const user = await this.store.userByUsername(username);
    // Verify against a dummy hash when the user is unknown, so timing does not reveal usernames.
    const ok = await argon2Verify(user?.passwordHash ?? (await this.dummyHash), password).catch(() => false);
    if (!user || !ok || user.disabled) return null;
    const token = randomBytes(32).toString("base64url");
    const now = this.now();
    await this.store.createSession({
      hash: tokenHash(token),
      userId: user.id,
      createdAt: now,
      expiresAt: now + this.sessions.policy.absoluteMs,
    });
    return { user: withoutHash(user), token };
  }

  /** Whether `password` is this account's password (no session is made). */
  async acceptsPassword(username: string, password: string): Promise<boolean> {
    const user = await this.store.userByUsername(username);
    return user ? argon2Verify(user.passwordHash, password).catch(() => false) : false;
  }

  /** The user a session token belongs to, if the session is live (a cookie another process made is loaded; counts as activity). */
  async session(token: string | undefined): Promise<User | null> {
    return token ? ((await this.sessions.get(tokenHash(token)))?.user ?? null) : null;
  }

  /**
   * Whether the session with this token hash is still live: checked on every socket message,
   * from memory only (the socket's handshake loaded it), never a database round trip.
   */
  isLive(hash: string): boolean {
    return this.sessions.peek(hash) !== null;
  }

  async signOut(token: string): Promise<void> {
    const hash = tokenHash(token);
    const change = await this.store.signOut(hash, this.now());
    if (change !== null) this.sessions.appliedLocally(change);
    await this.sessions.invalidate({ hash }, "signed-out");
  }

  /** Changes a user's role; their sessions end, so every socket must re-authenticate. */
  setRole(userId: string, role: Role): Promise<User> {
    return this.update(userId, { role });
  }

  /** Changes what an administrator may set; any change of rights ends the user's sessions everywhere. */
  async update(userId: string, patch: UserPatch): Promise<User> {
    const { username: _, ...before } = await this.require(userId);
    const { disabled: __, id: ___, ...next } = { ...before, ...patch };
    await this.store.updateUser(userId, next);
    await this.endSessionsOf(userId, "rights-changed");
    return this.require(userId);
  }

  async setDisabled(userId: string, disabled: boolean): Promise<User> {
    await this.require(userId);
    await this.store.setDisabled(userId, disabled);
    if (disabled) await this.endSessionsOf(userId, "disabled");
    return this.require(userId);
  }

  /** A new password; the old one's sessions end everywhere. */
  async resetPassword(userId: string, password: string): Promise<User> {
    await this.require(userId);
    await this.store.setPasswordHash(userId, await argon2Hash(password, ARGON));
    await this.endSessionsOf(userId, "password-reset");
    return this.require(userId);
  }

  private async require(userId: string): Promise<User> {
    const user = await this.byId(userId);
    if (!user) throw new AccountError("not_found", `No user ${userId}.`);
    return user;
  }

  private async endSessionsOf(userId: string, reason: AccountChangeReason): Promise<void> {
    this.sessions.appliedLocally(await this.store.endSessionsOf(userId, this.now(), reason));
    await this.sessions.invalidate({ userId }, reason);
  }
}

/** Invented demo accounts (README lists them). */
export const DEMO_ACCOUNTS: UserFields[] = [
  { username: "gold", name: "Ch. Supt. Alan Reeve (Gold)", role: "gold", sector: null, unitId: null, post: null, operations: [] },
  { username: "commander", name: "Supt. Helen Marsh (Silver)", role: "commander", sector: null, unitId: null, post: null, operations: [] },
  {
    username: "bronze",
    name: "Insp. Sam Okafor (Bronze Olympic Way)",
    role: "bronze",
    sector: "olympic-way",
    unitId: null,
    post: null,
    operations: [],
  },
  {
    username: "bronze-north",
    name: "Insp. Grace Lowe (Bronze Stadium North)",
    role: "bronze",
    sector: "stadium-north",
    unitId: null,
    post: null,
    operations: [],
  },
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
  // A partner (issue 12 item 8): the account names the organisation; each submission names its sender.
  { username: "partner", name: "Boxpark Wembley (CCTV room)", role: "partner", sector: null, unitId: null, post: null, operations: [] },
];

export async function seedDemoAccounts(accounts: Accounts, password: string): Promise<number> {
  let added = 0;
  for (const a of DEMO_ACCOUNTS) {
    if (await accounts.byUsername(a.username)) continue;
    await accounts.create({ ...a, password });
    added++;
  }
  return added;
}
