import type { User } from "./accounts";

/** Idle and absolute time-outs (SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS). */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export type SessionEndReason = "signed-out" | "expired" | "disabled" | "rights-changed" | "password-reset";

export interface LiveSession {
  hash: string;
  user: User;
  createdAt: number;
  /** The absolute deadline. */
  expiresAt: number;
  /** The last request or socket message on this session. */
  lastSeenAt: number;
}

export interface SessionEnded {
  hash: string;
  /** Null when this process never held the session. */
  userId: string | null;
  reason: SessionEndReason;
}

/**
 * Live sessions, answered from memory (the per-message check must not touch SQLite), and the
 * one place that says when a session has ended. This is the seam issue 9 backs with Redis
 * pub/sub across processes (docs/operations.md, "Sessions"):
 * - `get` answers from the cache, loading a session it has not seen from the store, and checks
 *   both deadlines; a hit counts as activity;
 * - `invalidate({ hash })` ends one session (sign-out); `invalidate({ userId })` drops every
 *   cached session of that user that the store no longer holds (a role, sector, unit or
 *   operations change, a disable or a password reset deleted them);
 * - `onInvalidated` tells the socket layer which sessions ended, so it disconnects their sockets;
 * - `sweep` (one timer a process, every second) ends sessions past a deadline, idle sockets
 *   included, and picks up changes other processes (the users CLI) made.
 */
export interface SessionDirectory {
  readonly policy: SessionPolicy;
  get(hash: string): LiveSession | null;
  invalidate(target: { hash: string } | { userId: string }, reason: SessionEndReason): void;
  onInvalidated(listener: (ended: SessionEnded) => void): () => void;
  /** A change this process made itself and has already applied (the sweep skips it). */
  appliedLocally(changeId: number): void;
  sweep(): void;
  start(): void;
  close(): void;
}

/** What the directory needs from the account store (SQLite in `Accounts`). */
export interface SessionStore {
  load(hash: string): LiveSession | null;
  lastSeen(hash: string): number | null;
  end(hash: string): void;
  persistLastSeen(seen: ReadonlyMap<string, number>): void;
  changesAfter(id: number): { id: number; userId: string; hash: string | null; reason: SessionEndReason }[];
  purge(idleCutoff: number, now: number): void;
}

interface Cached {
  session: LiveSession;
  /** The last-seen time the store holds: activity is written back at most every PERSIST_MS. */
  persisted: number;
}

const SWEEP_MS = 1000;
const PERSIST_MS = 30_000;
const PURGE_EVERY = 60;

/** One process's directory: a map of token hash → session, swept by one timer. */
export class LocalSessionDirectory implements SessionDirectory {
  readonly policy: SessionPolicy;
  private readonly cache = new Map<string, Cached>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly listeners = new Set<(ended: SessionEnded) => void>();
  private readonly local = new Set<number>();
  private readonly now: () => number;
  private readonly store: SessionStore;
  private lastChange: number;
  private sweeps = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(opts: SessionStore & { policy: SessionPolicy; now: () => number }) {
    this.policy = opts.policy;
    this.now = opts.now;
    this.store = opts;
    // Changes made before this process started are already reflected in the store.
    this.lastChange = opts.changesAfter(-1).at(-1)?.id ?? 0;
  }

  get(hash: string): LiveSession | null {
    let entry = this.cache.get(hash);
    if (!entry) {
      const loaded = this.store.load(hash);
      if (!loaded) return null;
      entry = { session: loaded, persisted: loaded.lastSeenAt };
      this.remember(entry);
    }
    const now = this.now();
    if (this.expired(entry, now)) {
      this.end(hash, "expired");
      return null;
    }
    entry.session.lastSeenAt = Math.max(entry.session.lastSeenAt, now);
    return entry.session;
  }

  invalidate(target: { hash: string } | { userId: string }, reason: SessionEndReason): void {
    if ("hash" in target) {
      const userId = this.forget(target.hash);
      this.emit({ hash: target.hash, userId, reason });
      return;
    }
    for (const hash of [...(this.byUser.get(target.userId) ?? [])]) {
      const fresh = this.store.load(hash);
      if (fresh) {
        // Still in the store (signed in after the change): keep it, with the user as it is now.
        const entry = this.cache.get(hash)!;
        entry.session = { ...fresh, lastSeenAt: Math.max(fresh.lastSeenAt, entry.session.lastSeenAt) };
        continue;
      }
      this.forget(hash);
      this.emit({ hash, userId: target.userId, reason });
    }
  }

  onInvalidated(listener: (ended: SessionEnded) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  appliedLocally(changeId: number): void {
    this.local.add(changeId);
  }

  sweep(): void {
    for (const change of this.store.changesAfter(this.lastChange)) {
      this.lastChange = change.id;
      if (this.local.delete(change.id)) continue;
      if (change.hash) this.invalidate({ hash: change.hash }, change.reason);
      else this.invalidate({ userId: change.userId }, change.reason);
    }
    const now = this.now();
    const seen = new Map<string, number>();
    for (const [hash, entry] of this.cache) {
      if (this.expired(entry, now)) this.end(hash, "expired");
      else if (entry.session.lastSeenAt - entry.persisted >= PERSIST_MS) {
        seen.set(hash, entry.session.lastSeenAt);
        entry.persisted = entry.session.lastSeenAt;
      }
    }
    if (seen.size > 0) this.store.persistLastSeen(seen);
    if (++this.sweeps % PURGE_EVERY === 0) this.store.purge(now - this.policy.idleMs, now);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Past its absolute deadline, or idle for too long here and (per the store) everywhere else. */
  private expired(entry: Cached, now: number): boolean {
    const s = entry.session;
    if (now >= s.expiresAt) return true;
    if (now < s.lastSeenAt + this.policy.idleMs) return false;
    // Another process may have seen activity this one has not.
    const stored = this.store.lastSeen(s.hash);
    if (stored !== null && stored > s.lastSeenAt) s.lastSeenAt = entry.persisted = stored;
    return now >= s.lastSeenAt + this.policy.idleMs;
  }

  private end(hash: string, reason: SessionEndReason): void {
    this.store.end(hash);
    this.invalidate({ hash }, reason);
  }

  private remember(entry: Cached): void {
    this.cache.set(entry.session.hash, entry);
    const userId = entry.session.user.id;
    const hashes = this.byUser.get(userId) ?? new Set<string>();
    hashes.add(entry.session.hash);
    this.byUser.set(userId, hashes);
  }

  private forget(hash: string): string | null {
    const entry = this.cache.get(hash);
    if (!entry) return null;
    this.cache.delete(hash);
    const userId = entry.session.user.id;
    const hashes = this.byUser.get(userId);
    hashes?.delete(hash);
    if (hashes?.size === 0) this.byUser.delete(userId);
    return userId;
  }

  private emit(ended: SessionEnded): void {
    for (const listener of this.listeners) listener(ended);
  }
}
