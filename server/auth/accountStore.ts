import type { Account } from "../../shared/visibility";
import { PgAccountStore } from "../store/postgres/pgAccountStore";
import { SqliteAccountStore } from "../store/sqliteAccountStore";
import type { Storage } from "../store/storage";
import type { SessionStore } from "./sessionDirectory";

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

/** A user as stored, with the Argon2id hash of their password (never leaves `Accounts`). */
export interface StoredUser extends User {
  passwordHash: string;
}

/**
 * Where users, sessions and account changes are kept (issue 9 item 1): SQLite or PostgreSQL,
 * both passing test/store/accountStore.contract.ts. It holds no rules: Argon2id, validation and
 * which change ends which sessions are `Accounts`' business. Each method that changes sessions
 * and records the change does both in one transaction, so another process never sees one
 * without the other.
 */
export interface AccountStore extends SessionStore {
  /** false when the username is taken (also when another process took it a moment ago). */
  insertUser(user: StoredUser): Promise<boolean>;
  userById(id: string): Promise<StoredUser | null>;
  userByUsername(username: string): Promise<StoredUser | null>;
  /** Every user, by username. */
  listUsers(): Promise<User[]>;
  countUsers(): Promise<number>;
  /** Admins that are not disabled. */
  countEnabledAdmins(): Promise<number>;
  /** Sets everything but the username, the password and `disabled`. */
  updateUser(id: string, fields: Omit<UserFields, "username">): Promise<void>;
  setDisabled(id: string, disabled: boolean): Promise<void>;
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  createSession(session: { hash: string; userId: string; createdAt: number; expiresAt: number }): Promise<void>;
  /** Deletes one session and records `signed-out`; null (and nothing recorded) if there was no such session. */
  signOut(hash: string, at: number): Promise<number | null>;
  /** Deletes every session of a user and records why; returns the change's id. */
  endSessionsOf(userId: string, at: number, reason: AccountChangeReason): Promise<number>;
}

export type AccountChangeReason = "disabled" | "rights-changed" | "password-reset";

/** The store for this storage: the same tables as the event log, in the same database. */
export function accountStoreFor(storage: Storage): AccountStore {
  if (storage.kind === "postgres" && storage.pg) return new PgAccountStore(storage.pg);
  if (storage.kind === "sqlite" && storage.sqlite) return new SqliteAccountStore(storage.sqlite);
  throw new Error(`${storage.where}: no connection for the account store`);
}
