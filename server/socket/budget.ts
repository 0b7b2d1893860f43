import type { Redis } from "ioredis";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

/** What a budget answers: go ahead, or how long to wait and what the limit is. */
export type Verdict = { ok: true } | { ok: false; retryAfterMs: number; limit: number; windowMs: number };

/**
 * A per-key allowance (issue 8 item 5): keyed by user id, never by socket, so ten sockets share
 * one budget; with REDIS_URL (issue 9) every process shares it too, so sockets spread over
 * several processes do not buy several budgets either. The gateway does not know which.
 */
export interface Budget {
  take(key: string): Promise<Verdict>;
  /** Gives back one point: a refused or duplicate command did not cost what it was charged. */
  refund(key: string): Promise<void>;
}

interface BudgetOptions {
  points: number;
  windowMs: number;
  prefix: string;
}

/**
 * At most `points` per `windowMs` for each key, in this process's memory: a fixed window that
 * opens with a key's first message (as rate-limiter-flexible counts). No timer per key (issue 14:
 * its memory limiter set one for every user's every window, thousands a second at a stadium):
 * a window is over when a message finds it past its end, and ended windows are dropped in one
 * sweep at most once a window.
 */
export function memoryBudget(opts: BudgetOptions, now: () => number = Date.now): Budget {
  const windows = new Map<string, { used: number; endsAt: number }>();
  let sweptAt = now();
  const current = (key: string, t: number) => {
    const w = windows.get(key);
    if (w && t < w.endsAt) return w;
    const fresh = { used: 0, endsAt: t + opts.windowMs };
    windows.set(key, fresh);
    return fresh;
  };
  const sweep = (t: number) => {
    if (t - sweptAt < opts.windowMs) return;
    sweptAt = t;
    for (const [key, w] of windows) if (t >= w.endsAt) windows.delete(key);
  };
  return {
    async take(key) {
      const t = now();
      sweep(t);
      const w = current(key, t);
      w.used++;
      if (w.used <= opts.points) return { ok: true };
      return { ok: false, retryAfterMs: w.endsAt - t, limit: opts.points, windowMs: opts.windowMs };
    },
    async refund(key) {
      current(key, now()).used--;
    },
  };
}

/**
 * The same allowance counted in Redis under `redisPrefix`, for every process. While Redis is
 * unreachable it falls back at once to this process's memory with the same limits: commands are
 * still limited (per process), never refused for everyone nor let through uncounted.
 */
export function redisBudget(redis: Redis, redisPrefix: string, opts: BudgetOptions): Budget {
  const duration = opts.windowMs / 1000;
  const insuranceLimiter = new RateLimiterMemory({ points: opts.points, duration, keyPrefix: opts.prefix });
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${redisPrefix}${opts.prefix}`,
    points: opts.points,
    duration,
    insuranceLimiter,
    rejectIfRedisNotReady: true,
  });
  return budgetOf(limiter, opts);
}

function budgetOf(limiter: RateLimiterAbstract, opts: BudgetOptions): Budget {
  return {
    async take(key) {
      try {
        await limiter.consume(key, 1);
        return { ok: true };
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        return { ok: false, retryAfterMs: err.msBeforeNext, limit: opts.points, windowMs: opts.windowMs };
      }
    },
    async refund(key) {
      await limiter.reward(key, 1);
    },
  };
}
