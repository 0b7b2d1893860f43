import type { User } from "./accountStore";

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
 * Live sessions, answered from memory (the per-message check must not touch the database), and
 * the one place that says when a session has ended, on every process (docs/operations.md,
 * "Sessions"):
 * - `get` answers from the cache, loading a session it has not seen from the store (a cookie
 *   made by another process), and checks both deadlines; a hit counts as activity;
 * - `peek` answers from the cache alone, never waiting: the check on every socket message;
 * - `invalidate({ hash })` ends one session (sign-out); `invalidate({ userId })` drops every
 *   cached session of that user that the store no longer holds (a role, sector, unit or
 *   operations change, a disable or a password reset deleted them);
 * - `onInvalidated` tells the socket layer which sessions ended, so it disconnects their sockets;
 * - `sweep` (one timer a process, every second) ends sessions past a deadline, idle sockets
 *   included, and applies the changes other processes (another server, the users CLI) wrote to
 *   the shared `account_changes` table: that is how a sign-out on one process closes the
 *   session's sockets on all of them within a second.
 */
export interface SessionDirectory {
  readonly policy: SessionPolicy;
  get(hash: string): Promise<LiveSession | null>;
  peek(hash: string): LiveSession | null;
  invalidate(target: { hash: string } | { userId: string }, reason: SessionEndReason): Promise<void>;
  onInvalidated(listener: (ended: SessionEnded) => void): () => void;
  /** A change this process made itself and has already applied (the sweep skips it). */
  appliedLocally(changeId: number): void;
  sweep(): Promise<void>;
  /** Reads where the change feed stands, then sweeps every second. */
  start(): Promise<void>;
  close(): void;
}

export interface AccountChange {
  id: number;
  userId: string;
  hash: string | null;
  reason: SessionEndReason;
}

/** What the directory needs from the account store (server/auth/accountStore.ts). */
export interface SessionStore {
  load(hash: string): Promise<LiveSession | null>;
  lastSeen(hash: string): Promise<number | null>;
  end(hash: string): Promise<void>;
  persistLastSeen(seen: ReadonlyMap<string, number>): Promise<void>;
  /**
   * Changes with an id above `id`, in id order. Ids must be handed out in commit order (the
   * PostgreSQL store serialises writers), or the feed could skip a change that commits late.
   */
  changesAfter(id: number): Promise<AccountChange[]>;
  /** The newest change's id (0 when there is none). */
  lastChangeId(): Promise<number>;
  purge(idleCutoff: number, now: number): Promise<void>;
}

interface Cached {
  session: LiveSession;
  /** The last-seen time the store holds: activity is written back at most every `persistMs`. */
  persisted: number;
}

const SWEEP_MS = 1000;
/**
 * Activity is written back at most every twentieth of the idle limit, between 30 s and 5 min: the
 * store's last-seen only lets another process (or this one after a restart) judge idleness, so a
 * session can end there at most that much early, never late. Every 30 s whatever the limit, a
 * stadium's 4,450 sessions cost ~150 row updates a second on the event loop (issue 14).
 */
export function persistEveryMs(idleMs: number): number {
  return Math.min(5 * 60_000, Math.max(30_000, Math.round(idleMs / 20)));
}
/**
 * At most this many sessions' activity written back per sweep: sockets that connected together
 * fall due together, and a stadium's 1,750 officers' sessions written in one transaction held the
 * event loop ~190 ms every 30 s (issue 14). The rest are written in the next sweeps, a second apart.
 */
const PERSIST_PER_SWEEP = 200;
const PURGE_EVERY = 60;

export interface DirectoryOptions {
  policy: SessionPolicy;
  now: () => number;
  store: SessionStore;
  /** A sweep that failed (the database unreachable): the next one tries again. */
  onError?: (err: unknown) => void;
}

/** One process's directory: a map of token hash → session, swept by one timer. */
export class LocalSessionDirectory implements SessionDirectory {
  readonly policy: SessionPolicy;
  private readonly cache = new Map<string, Cached>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly listeners = new Set<(ended: SessionEnded) => void>();
  private readonly local = new Set<number>();
  private readonly now: () => number;
  private readonly store: SessionStore;
  private readonly onError: (err: unknown) => void;
  private lastChange: number | null = null;
  /** Moves on every invalidation: a load that raced one is done again (see `get`). */
  private epoch = 0;
  private sweeps = 0;
  private sweeping = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly persistMs: number;

  constructor(opts: DirectoryOptions) {
    this.policy = opts.policy;
    this.persistMs = persistEveryMs(opts.policy.idleMs);
    this.now = opts.now;
    this.store = opts.store;
    this.onError = opts.onError ?? (() => {});
  }

  async get(hash: string): Promise<LiveSession | null> {
    let entry = this.cache.get(hash);
    if (!entry) {
      const loaded = await this.load(hash);
      if (!loaded) return null;
      // Another caller may have loaded it meanwhile: keep one entry.
      entry = this.cache.get(hash) ?? { session: loaded, persisted: loaded.lastSeenAt };
      this.remember(entry);
    }
    const now = this.now();
    if (await this.expired(entry, now)) {
      await this.end(hash, "expired");
      return null;
    }
    entry.session.lastSeenAt = Math.max(entry.session.lastSeenAt, now);
    return entry.session;
  }

  peek(hash: string): LiveSession | null {
    const entry = this.cache.get(hash);
    if (!entry) return null;
    const now = this.now();
    // Past a deadline by this process's reckoning: refused now; the sweep (within a second)
    // asks the store whether another process saw activity, and ends it or keeps it.
    const s = entry.session;
    if (this.pastDeadline(s, now)) return null;
    s.lastSeenAt = now;
    return s;
  }

  /** Past the absolute deadline or idle too long by this process's reckoning (the store may know better). */
  private pastDeadline(s: LiveSession, now: number): boolean {
    return now >= s.expiresAt || now >= s.lastSeenAt + this.policy.idleMs;
  }

  async invalidate(target: { hash: string } | { userId: string }, reason: SessionEndReason): Promise<void> {
    this.epoch++;
    if ("hash" in target) {
      const userId = this.forget(target.hash);
      this.emit({ hash: target.hash, userId, reason });
      return;
    }
    for (const hash of [...(this.byUser.get(target.userId) ?? [])]) {
      const fresh = await this.store.load(hash);
      const entry = this.cache.get(hash);
      if (fresh && entry) {
        // Still in the store (signed in after the change): keep it, with the user as it is now.
        entry.session = { ...fresh, lastSeenAt: Math.max(fresh.lastSeenAt, entry.session.lastSeenAt) };
        continue;
      }
      if (!entry) continue;
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

  async sweep(): Promise<void> {
    // One sweep at a time: a slow database must not pile sweeps up.
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      await this.applyChanges();
      const now = this.now();
      const seen = new Map<string, number>();
      for (const [hash, entry] of [...this.cache]) {
        // Only a session past a deadline by this process's reckoning is asked about (an await
        // each): a stadium's thousands of live sessions cost the sweep no promise apiece.
        if (this.pastDeadline(entry.session, now) && (await this.expired(entry, now))) await this.end(hash, "expired");
        else if (seen.size < PERSIST_PER_SWEEP && entry.session.lastSeenAt - entry.persisted >= this.persistMs) {
          seen.set(hash, entry.session.lastSeenAt);
          entry.persisted = entry.session.lastSeenAt;
        }
      }
      if (seen.size > 0) await this.store.persistLastSeen(seen);
      if (++this.sweeps % PURGE_EVERY === 0) await this.store.purge(now - this.policy.idleMs, now);
    } finally {
      this.sweeping = false;
    }
  }

  async start(): Promise<void> {
    if (this.timer) return;
    // Changes made before this process started are already reflected in the store.
    this.lastChange ??= await this.store.lastChangeId();
    this.timer = setInterval(() => this.sweep().catch(this.onError), SWEEP_MS);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Other processes' sign-outs and rights changes, in the order they were made. */
  private async applyChanges(): Promise<void> {
    if (this.lastChange === null) return;
    for (const change of await this.store.changesAfter(this.lastChange)) {
      this.lastChange = change.id;
      if (this.local.delete(change.id)) continue;
      if (change.hash) await this.invalidate({ hash: change.hash }, change.reason);
      else await this.invalidate({ userId: change.userId }, change.reason);
    }
  }

  /**
   * Loads a session, again if it was invalidated while the load was on its way: a sign-out
   * applied between the read and the caching would otherwise leave an ended session cached.
   * Three reads at most: under a storm of invalidations the last read is as fresh as any.
   */
  private async load(hash: string): Promise<LiveSession | null> {
    for (let attempt = 1; ; attempt++) {
      const epoch = this.epoch;
      const loaded = await this.store.load(hash);
      if (!loaded || epoch === this.epoch || attempt === 3) return loaded;
    }
  }

  /** Past its absolute deadline, or idle for too long here and (per the store) everywhere else. */
  private async expired(entry: Cached, now: number): Promise<boolean> {
    const s = entry.session;
    if (now >= s.expiresAt) return true;
    if (now < s.lastSeenAt + this.policy.idleMs) return false;
    // Another process may have seen activity this one has not.
    const stored = await this.store.lastSeen(s.hash);
    if (stored !== null && stored > s.lastSeenAt) s.lastSeenAt = entry.persisted = stored;
    return now >= s.lastSeenAt + this.policy.idleMs;
  }

  private async end(hash: string, reason: SessionEndReason): Promise<void> {
    await this.store.end(hash);
    await this.invalidate({ hash }, reason);
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
