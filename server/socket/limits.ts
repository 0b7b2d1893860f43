import type { Redis } from "ioredis";
import type { Config } from "../config";
import { type Budget, memoryBudget, redisBudget } from "./budget";
import type { PageLimits } from "./catchUp";
import type { ConnectionCaps } from "./connectionCaps";

/** What one user may cost the rest (issue 8 item 5), in one place. */
export interface GatewayLimits {
  /** Every socket message, per user: at most COMMAND_BURST per COMMAND_BURST / COMMAND_RATE_PER_SEC seconds. */
  commands: Budget;
  /** Steward reports, per steward: at most STEWARD_REPORTS_PER_MINUTE a minute. */
  reports: Budget;
  sockets: ConnectionCaps;
  page: PageLimits;
}

/**
 * The limits from configuration. The budgets are in this process's memory, or with Redis (issue 9)
 * shared by every process under REDIS_PREFIX.
 */
export function gatewayLimits(config: Config, redis: Redis | null = null): GatewayLimits {
  const budget = (opts: Parameters<typeof memoryBudget>[0]) => (redis ? redisBudget(redis, config.REDIS_PREFIX, opts) : memoryBudget(opts));
  return {
    commands: budget({
      points: config.COMMAND_BURST,
      windowMs: (config.COMMAND_BURST / config.COMMAND_RATE_PER_SEC) * 1000,
      prefix: "commands",
    }),
    reports: budget({ points: config.STEWARD_REPORTS_PER_MINUTE, windowMs: 60_000, prefix: "reports" }),
    sockets: { perSession: config.MAX_SOCKETS_PER_SESSION, perUser: config.MAX_SOCKETS_PER_USER },
    page: { events: config.HELLO_PAGE_EVENTS, bytes: config.HELLO_PAGE_BYTES },
  };
}

/**
 * Uploads, per account (photos and partners' evidence alike): at most UPLOADS_PER_MINUTE images a
 * minute, shared by every process under REDIS_PREFIX when Redis is configured. Re-encoding an image
 * costs far more CPU than a message, so it has a budget of its own, charged before the body is read.
 * `now` is the in-memory budget's clock (tests move it); Redis counts by its own.
 */
export function uploadBudget(config: Config, redis: Redis | null = null, now: () => number = Date.now): Budget {
  const opts = { points: config.UPLOADS_PER_MINUTE, windowMs: 60_000, prefix: "uploads" };
  return redis ? redisBudget(redis, config.REDIS_PREFIX, opts) : memoryBudget(opts, now);
}
