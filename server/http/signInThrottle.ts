import type { Redis } from "ioredis";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";

/**
 * Sign-in throttling (issue 8 item 6), per account and per address:
 * - an account takes SIGNIN_MAX_PER_ACCOUNT failed passwords, from anywhere, within a window of
 *   SIGNIN_WINDOW_MS counted from its first failure; the failure that reaches the limit blocks the
 *   account for a whole window from that moment;
 * - an address takes SIGNIN_MAX_PER_ADDRESS failed attempts, whatever usernames it tries (a spray of
 *   40 names is one address's 40 failures), with the same block.
 * While blocked every attempt is refused before the password is checked, and refused attempts do
 * not count: the block ends a window after the limit was reached, whatever is sent meanwhile, and
 * then the right password signs in. A success clears the account's failures, not the address's
 * (or one valid account would let an address reset its own count).
 *
 * Entries expire on their own (the limiter's own timers); nothing clears the table under a flood
 * of names, so 10,001 usernames reset nothing.
 *
 * With REDIS_URL (issue 9) the counts live in Redis (`redisLimiters`), so every process behind the
 * proxy counts the same attempts: ten processes do not give an attacker ten budgets.
 */
export interface SignInThrottle {
  /** null: the attempt may go ahead; else how long (ms) until it may. */
  check(address: string, account: string): Promise<number | null>;
  failed(address: string, account: string): Promise<void>;
  succeeded(address: string, account: string): Promise<void>;
  /** Resolves once an attempt from `address` for `account` would be let through (the limiter's own time). */
  whenFree(address: string, account: string): Promise<void>;
}

export interface ThrottleLimits {
  windowMs: number;
  perAccount: number;
  perAddress: number;
}

/** The two limiters a throttle counts with; the Redis-backed factory of issue 9 makes the same pair. */
export interface ThrottleLimiters {
  byAccount: RateLimiterAbstract;
  byAddress: RateLimiterAbstract;
}

export function memoryLimiters(limits: ThrottleLimits): ThrottleLimiters {
  const duration = limits.windowMs / 1000;
  return {
    byAccount: new RateLimiterMemory({ keyPrefix: "signin-account", points: limits.perAccount, duration }),
    byAddress: new RateLimiterMemory({ keyPrefix: "signin-address", points: limits.perAddress, duration }),
  };
}

/**
 * The same pair in Redis, under REDIS_PREFIX, shared by every process. While Redis is unreachable
 * each limiter falls back at once (not after a timeout) to an in-memory one with the same limits:
 * sign-in stays throttled, per process, rather than open or refused for everyone. What was counted
 * in Redis before the outage still counts when it is back (docs/operations.md, "Redis").
 */
export function redisLimiters(redis: Redis, limits: ThrottleLimits, prefix: string): ThrottleLimiters {
  const memory = memoryLimiters(limits);
  const duration = limits.windowMs / 1000;
  const shared = (name: string, points: number, insuranceLimiter: RateLimiterAbstract) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}${name}`,
      points,
      duration,
      insuranceLimiter,
      rejectIfRedisNotReady: true,
    });
  return {
    byAccount: shared("signin-account", limits.perAccount, memory.byAccount),
    byAddress: shared("signin-address", limits.perAddress, memory.byAddress),
  };
}

/** Usernames are matched without regard to case or spaces around them, so `Commander ` is `commander`. */
const accountKey = (account: string) => account.trim().toLowerCase();

export function createSignInThrottle(limits: ThrottleLimits, limiters: ThrottleLimiters = memoryLimiters(limits)): SignInThrottle {
  const { byAccount, byAddress } = limiters;
  const windowSec = limits.windowMs / 1000;

  /** ms until `key` is under its limit again, or null if it is under it now. */
  const wait = async (limiter: RateLimiterAbstract, key: string): Promise<number | null> => {
    const res = await limiter.get(key);
    return res && res.consumedPoints >= limiter.points ? Math.max(1, res.msBeforeNext) : null;
  };
  const count = async (limiter: RateLimiterAbstract, key: string) => {
    const res = await limiter.penalty(key, 1);
    // The failure that reaches the limit starts a full window's block from now.
    if (res.consumedPoints >= limiter.points) await limiter.block(key, windowSec);
  };
  const check = async (address: string, account: string) => {
    const waits = await Promise.all([wait(byAddress, address), wait(byAccount, accountKey(account))]);
    const blocked = waits.filter((w): w is number => w !== null);
    return blocked.length ? Math.max(...blocked) : null;
  };

  return {
    check,
    async failed(address, account) {
      await Promise.all([count(byAddress, address), count(byAccount, accountKey(account))]);
    },
    async succeeded(_address, account) {
      await byAccount.delete(accountKey(account));
    },
    async whenFree(address, account) {
      for (let ms = await check(address, account); ms !== null; ms = await check(address, account)) {
        await new Promise((resolve) => setTimeout(resolve, ms));
      }
    },
  };
}
