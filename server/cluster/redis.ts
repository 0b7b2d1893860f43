import { Redis } from "ioredis";
import { StorageUnavailable } from "../store/storage";

/** Where a REDIS_URL points, without its password: for messages. */
export function describeRedis(url: string): string {
  try {
    const u = new URL(url);
    return `Redis ${u.hostname}:${u.port || "6379"}`;
  } catch {
    return "Redis (an unparsable REDIS_URL)";
  }
}

/**
 * One Redis connection for a process (issue 9): socket.io's streams adapter duplicates it for
 * its blocking reads; the shared rate limits and latest positions use it too. Commands issued
 * while Redis is down fail after one retry instead of queueing for ever, so callers can say
 * "not sent"; ioredis reconnects by itself when Redis is back.
 */
export function createRedis(url: string): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Reported by the readiness check and by the failing commands; an unhandled error would crash.
  redis.on("error", () => {});
  return redis;
}

/** Connects at start, with a clear message naming which service and where when it is not there. */
export async function checkRedis(redis: Redis, url: string): Promise<void> {
  try {
    if (redis.status === "wait") await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new StorageUnavailable(`Cannot reach ${describeRedis(url)} (REDIS_URL): ${(err as Error).message}`);
  }
}
