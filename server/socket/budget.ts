import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/** What a budget answers: go ahead, or how long to wait and what the limit is. */
export type Verdict = { ok: true } | { ok: false; retryAfterMs: number; limit: number; windowMs: number };

/**
 * A per-key allowance (issue 8 item 5): keyed by user id, never by socket, so ten sockets share
 * one budget. An interface so that several processes can share one (RateLimiterRedis, issue 9)
 * without the gateway knowing.
 */
export interface Budget {
  take(key: string): Promise<Verdict>;
  /** Gives back one point: a refused or duplicate command did not cost what it was charged. */
  refund(key: string): Promise<void>;
}

/** At most `points` per `windowMs` for each key, in this process's memory. */
export function memoryBudget(opts: { points: number; windowMs: number; prefix: string }): Budget {
  const limiter = new RateLimiterMemory({ points: opts.points, duration: opts.windowMs / 1000, keyPrefix: opts.prefix });
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
