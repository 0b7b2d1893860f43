import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";

/**
 * PostgreSQL and Redis for the tests that need the real parts (issue 9). These machines run
 * both on 127.0.0.1; `.ci/run` starts whichever is down. Under CI=true a missing service fails
 * the test loudly; elsewhere the test is skipped with a notice that says how to start it.
 */
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const REDIS_TEST_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const START_PG = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";
const START_REDIS =
  'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log';

/** Three tries: on a loaded machine one connection can take seconds; a service that is down refuses at once. */
async function reachable(check: () => Promise<unknown>): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await check();
      return true;
    } catch {
      // try again
    }
  }
  return false;
}

async function probe(name: string, start: string, check: () => Promise<unknown>): Promise<boolean> {
  if (await reachable(check)) return true;
  const message = `${name} is not reachable; start it with: ${start}`;
  if (process.env.CI === "true") throw new Error(`CI=true: ${message}`);
  console.warn(`[skipped] ${message}`);
  return false;
}

let pgUp: Promise<boolean> | null = null;
let redisUp: Promise<boolean> | null = null;

/** Whether PostgreSQL answers (throws under CI=true when it does not). Use with `describe.skipIf`. */
export function postgresAvailable(): Promise<boolean> {
  pgUp ??= probe("PostgreSQL (127.0.0.1:5432)", START_PG, async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 10_000 });
    await client.connect();
    await client.end();
  });
  return pgUp;
}

/** Whether Redis answers (throws under CI=true when it does not). */
export function redisAvailable(): Promise<boolean> {
  redisUp ??= probe("Redis (127.0.0.1:6379)", START_REDIS, async () => {
    const r = new Redis(REDIS_TEST_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 10_000 });
    try {
      await r.connect();
      await r.ping();
    } finally {
      r.disconnect();
    }
  });
  return redisUp;
}

/** A schema of its own in the test database, and a DATABASE_URL that uses it; `drop` removes it. */
export interface TestSchema {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestSchema(): Promise<TestSchema> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${name}`);
  await admin.end();
  const url = `${PG_ADMIN_URL}?options=${encodeURIComponent(`-c search_path=${name}`)}`;
  return {
    name,
    url,
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await c.end();
    },
  };
}

/** A key prefix of its own in Redis, and a way to delete every key under it. */
export interface TestRedisSpace {
  prefix: string;
  drop(): Promise<void>;
}

export function createRedisSpace(): TestRedisSpace {
  const prefix = `t-${randomBytes(6).toString("hex")}:`;
  return {
    prefix,
    async drop() {
      const r = new Redis(REDIS_TEST_URL);
      try {
        let cursor = "0";
        do {
          const [next, keys] = await r.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
          cursor = next;
          if (keys.length > 0) await r.del(...keys);
        } while (cursor !== "0");
      } finally {
        r.disconnect();
      }
    },
  };
}
