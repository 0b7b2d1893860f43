import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * Sign-in throttling (issue 8 item 6), per account and per address, over a sliding window:
 * - an account takes SIGNIN_MAX_PER_ACCOUNT failed passwords, from anywhere, in ANY span of
 *   SIGNIN_WINDOW_MS;
 * - an address takes SIGNIN_MAX_PER_ADDRESS failed attempts in any such span, whatever usernames it
 *   tries (a spray of 40 names is one address's 40 failures).
 * Each key keeps a log of its failures' times; an attempt is refused while `limit` of them are less
 * than a window old, and let through again when the oldest of those leaves the window. A fixed
 * window counted from the first failure let nearly twice the limit through around its end (9 just
 * before it closed, 10 more just after); a log has no boundary to straddle.
 *
 * While refused, an attempt is answered before the password is checked and is not counted, so
 * sending more cannot keep the lock on: once the oldest failure ages out, the right password signs
 * in. A success clears the account's log, not the address's (or one valid account would let an
 * address reset its own count).
 *
 * Nothing ever empties the whole table, so a flood of 10,001 usernames resets nobody; in memory,
 * failures are pruned as they age out and keys left empty are purged at most once a window, so
 * memory holds only failures less than a window old.
 *
 * With REDIS_URL (issue 9) the logs are sorted sets in Redis (`redisLimiters`), so every process
 * behind the proxy counts the same attempts: ten processes do not give an attacker ten budgets.
 */
export interface SignInThrottle {
  /** null: the attempt may go ahead; else how long (ms) until it may. */
  check(address: string, account: string): Promise<number | null>;
  failed(address: string, account: string): Promise<void>;
  succeeded(address: string, account: string): Promise<void>;
  /** Resolves once an attempt from `address` for `account` would be let through (the throttle's own time). */
  whenFree(address: string, account: string): Promise<void>;
}

export interface ThrottleLimits {
  windowMs: number;
  perAccount: number;
  perAddress: number;
}

/** The failures counted under each key within the last window. */
export interface FailureLog {
  /** null if one more failure may happen under `key` now; else ms until it may (the oldest counted one leaves). */
  wait(key: string): Promise<number | null>;
  add(key: string): Promise<void>;
  clear(key: string): Promise<void>;
}

/** The two logs a throttle counts with; in memory or in Redis. */
export interface ThrottleLimiters {
  byAccount: FailureLog;
  byAddress: FailureLog;
}

/**
 * Only the newest `limit` times of a key matter: its wait is when the `limit`-th newest leaves the
 * window, and every older one leaves before that. So a log is trimmed to `limit` entries, and
 * failures that raced past one check (several attempts in flight at once) still count: they push
 * the lock further out rather than being dropped.
 */
export class MemoryFailureLog implements FailureLog {
  private readonly logs = new Map<string, number[]>();
  private lastPurge: number;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastPurge = now();
  }

  /** Keys with a failure less than a window old (and, until the next purge, a few without). */
  get size(): number {
    return this.logs.size;
  }

  async wait(key: string): Promise<number | null> {
    const t = this.now();
    this.purge(t);
    const times = this.live(key, t);
    if (!times || times.length < this.limit) return null;
    return Math.max(1, (times[times.length - this.limit] ?? t) + this.windowMs - t);
  }

  async add(key: string): Promise<void> {
    const t = this.now();
    this.purge(t);
    const times = this.live(key, t) ?? [];
    times.push(t);
    if (times.length > this.limit) times.splice(0, times.length - this.limit);
    this.logs.set(key, times);
  }

  async clear(key: string): Promise<void> {
    this.logs.delete(key);
  }

  /** The key's times still in the window at `t` (a failure at x counts while t < x + window). */
  private live(key: string, t: number): number[] | undefined {
    const times = this.logs.get(key);
    if (!times) return undefined;
    let gone = 0;
    while (gone < times.length && (times[gone] ?? t) + this.windowMs <= t) gone++;
    if (gone === times.length) {
      this.logs.delete(key);
      return undefined;
    }
    if (gone > 0) times.splice(0, gone);
    return times;
  }

  /** At most once a window, drop every key whose newest failure is over a window old. */
  private purge(t: number): void {
    if (t - this.lastPurge < this.windowMs) return;
    this.lastPurge = t;
    for (const [key, times] of this.logs) {
      if ((times[times.length - 1] ?? t) + this.windowMs <= t) this.logs.delete(key);
    }
  }
}

export function memoryLimiters(
  limits: ThrottleLimits,
  now: () => number = Date.now,
): { byAccount: MemoryFailureLog; byAddress: MemoryFailureLog } {
  return {
    byAccount: new MemoryFailureLog(limits.perAccount, limits.windowMs, now),
    byAddress: new MemoryFailureLog(limits.perAddress, limits.windowMs, now),
  };
}

// Both scripts first drop what has left the window (scores <= now - window), so a key's set is
// its live log. ARGV: now, window, limit[, member]. Lua truncates the returned number to an integer.
const WAIT_SCRIPT = `
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
if n < limit then return -1 end
local nth = redis.call('ZRANGE', KEYS[1], n - limit, n - limit, 'WITHSCORES')
return math.max(1, tonumber(nth[2]) + window - now)`;

const ADD_SCRIPT = `
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(limit + 1))
redis.call('PEXPIRE', KEYS[1], window)
return 0`;

/**
 * One key's log as a sorted set in Redis (score: the failure's time), each step one script so
 * processes counting at once do not interleave. Times come from each process's clock: processes a
 * few ms apart shift the window by as much, nothing more. While the connection is not ready, or a
 * command fails, the in-memory twin with the same limits answers at once (no wait on a timeout).
 */
class RedisFailureLog implements FailureLog {
  private static readonly tag = randomBytes(4).toString("hex");
  private static seq = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly memory: FailureLog,
  ) {}

  wait(key: string): Promise<number | null> {
    return this.shared(
      async () => {
        const ms = Number(await this.redis.eval(WAIT_SCRIPT, 1, this.prefix + key, this.now(), this.windowMs, this.limit));
        return ms < 0 ? null : ms;
      },
      () => this.memory.wait(key),
    );
  }

  add(key: string): Promise<void> {
    // Two failures in the same ms are two entries: the member names the process and a sequence.
    const t = this.now();
    const member = `${t}:${RedisFailureLog.tag}:${RedisFailureLog.seq++}`;
    return this.shared(
      async () => {
        await this.redis.eval(ADD_SCRIPT, 1, this.prefix + key, t, this.windowMs, this.limit, member);
      },
      () => this.memory.add(key),
    );
  }

  clear(key: string): Promise<void> {
    return this.shared(
      async () => {
        await this.redis.del(this.prefix + key);
      },
      () => this.memory.clear(key),
    );
  }

  private async shared<T>(viaRedis: () => Promise<T>, viaMemory: () => Promise<T>): Promise<T> {
    if (this.redis.status !== "ready") return viaMemory();
    try {
      return await viaRedis();
    } catch {
      return viaMemory();
    }
  }
}

/**
 * The same pair in Redis, under REDIS_PREFIX, shared by every process. While Redis is unreachable
 * each log falls back at once to an in-memory one with the same limits: sign-in stays throttled,
 * per process, rather than open or refused for everyone. What was counted in Redis before the
 * outage still counts when it is back (docs/operations.md, "Redis and the shared limits").
 */
export function redisLimiters(redis: Redis, limits: ThrottleLimits, prefix: string, now: () => number = Date.now): ThrottleLimiters {
  const memory = memoryLimiters(limits, now);
  // Not the keys rate-limiter-flexible used before (plain strings): a sorted set of its own name.
  const shared = (name: string, limit: number, fallback: FailureLog) =>
    new RedisFailureLog(redis, `${prefix}signin-window:${name}:`, limit, limits.windowMs, now, fallback);
  return {
    byAccount: shared("account", limits.perAccount, memory.byAccount),
    byAddress: shared("address", limits.perAddress, memory.byAddress),
  };
}

/** Usernames are matched without regard to case or spaces around them, so `Commander ` is `commander`. */
const accountKey = (account: string) => account.trim().toLowerCase();

export function createSignInThrottle(limits: ThrottleLimits, limiters: ThrottleLimiters = memoryLimiters(limits)): SignInThrottle {
  const { byAccount, byAddress } = limiters;

  const check = async (address: string, account: string) => {
    const waits = await Promise.all([byAddress.wait(address), byAccount.wait(accountKey(account))]);
    const blocked = waits.filter((w): w is number => w !== null);
    return blocked.length ? Math.max(...blocked) : null;
  };

  return {
    check,
    async failed(address, account) {
      await Promise.all([byAddress.add(address), byAccount.add(accountKey(account))]);
    },
    async succeeded(_address, account) {
      await byAccount.clear(accountKey(account));
    },
    async whenFree(address, account) {
      for (let ms = await check(address, account); ms !== null; ms = await check(address, account)) {
        await new Promise((resolve) => setTimeout(resolve, ms));
      }
    },
  };
}
