import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSignInThrottle, redisLimiters } from "../../server/http/signInThrottle";
import { redisBudget } from "../../server/socket/budget";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import { type AccountsServer, startAccountsServer } from "../support/accountsServer";
import { cameraJpeg, uploadPhoto } from "../support/photoUpload";
import {
  createRedisSpace,
  createTestSchema,
  postgresAvailable,
  REDIS_TEST_URL,
  redisAvailable,
  type TestRedisSpace,
  type TestSchema,
} from "../support/services";

const pgUp = await postgresAvailable();
const redisUp = await redisAvailable();

/**
 * Sessions across processes (issue 9 item 1, issue 8 item 2): two servers on one PostgreSQL
 * schema and no Redis, so nothing but the shared account tables and each process's sweep of
 * `account_changes` carries a sign-out or a rights change from one to the other.
 */
describe.skipIf(!pgUp)("sessions shared by two processes on one PostgreSQL", () => {
  let schema: TestSchema;
  let one: AccountsServer;
  let two: AccountsServer;
  beforeEach(async () => {
    schema = await createTestSchema();
    // One after the other: the second finds the demo accounts the first seeded.
    one = await startAccountsServer({}, { storage: await openPostgresStorage(schema.url) });
    two = await startAccountsServer({}, { storage: await openPostgresStorage(schema.url) });
  });
  afterEach(async () => {
    await one?.close();
    await two?.close();
    await schema?.drop();
  });

  /** A sweep a second on the other process; generous for a loaded machine, still bounded. */
  const ACROSS_MS = 5_000;

  it("S36: a cookie made by one process works on the other, for REST and for a socket", async () => {
    const cookie = await one.signIn("steward");
    const res = await two.api("GET", "/api/session", cookie);
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe("steward");
    const socket = await two.socket(cookie, "steward on process 2");
    expect(socket.socket.connected).toBe(true);
  });

  it("S37: a sign-out through process 1 closes the session's idle socket on process 2, and the cookie is refused there", async () => {
    const cookie = await one.signIn("steward");
    const idle = await two.socket(cookie, "idle steward on process 2");
    const other = await two.socket(await one.signIn("steward"), "the steward's other session");
    expect((await one.api("DELETE", "/api/session", cookie)).status).toBe(204);
    const { reason, disconnect } = await idle.ended(ACROSS_MS);
    expect(reason).toBe("Signed out.");
    expect(disconnect).toBe("io server disconnect");
    expect((await two.api("GET", "/api/session", cookie)).status).toBe(401);
    expect(other.socket.connected).toBe(true);
  });

  it("S38: a role change made through process 1 closes the idle socket on process 2; signed in again there, the new role holds", async () => {
    const admin = await one.signIn("admin");
    const idle = await two.socket(await one.signIn("steward"), "idle steward on process 2");
    const users = (await one.api("GET", "/api/admin/users", admin)).body.users as { id: string; username: string }[];
    const steward = users.find((u) => u.username === "steward")!;
    expect((await one.api("POST", `/api/admin/users/${steward.id}`, admin, { role: "analyst" })).status).toBe(200);
    expect((await idle.ended(ACROSS_MS)).reason).toMatch(/sign in again/);
    const again = await two.signIn("steward");
    expect((await two.api("GET", "/api/session", again)).body.user.role).toBe("analyst");
    // The change is in the one shared access log: an admin on process 2 finds it.
    const found = await two.api("POST", "/api/access-log/search", await two.signIn("admin"), { action: "admin.user" });
    expect(found.body.entries.map((e: { action: string; target: string }) => [e.action, e.target])).toContainEqual([
      "admin.user.update",
      steward.id,
    ]);
  });

  it("S38: disabling an account on process 2 ends its sockets on process 1 and sign-in is refused on both", async () => {
    const admin = await two.signIn("admin");
    const idle = await one.socket(await two.signIn("officer"), "idle officer on process 1");
    const users = (await two.api("GET", "/api/admin/users", admin)).body.users as { id: string; username: string }[];
    const officer = users.find((u) => u.username === "officer")!;
    expect((await two.api("POST", `/api/admin/users/${officer.id}/disable`, admin)).status).toBe(200);
    expect((await idle.ended(ACROSS_MS)).reason).toMatch(/disabled/);
    await expect(one.signIn("officer")).rejects.toThrow(/401/);
    await expect(two.signIn("officer")).rejects.toThrow(/401/);
  });
});

/**
 * Shared limits (issue 9 item 4, issue 8 items 5 and 6): two processes on one PostgreSQL (so one
 * set of accounts) and one Redis, with a key prefix of the test's own. Attempts made on one
 * process count on the other.
 */
describe.skipIf(!pgUp || !redisUp)("sign-in and command limits shared by two processes through Redis", () => {
  let schema: TestSchema;
  let space: TestRedisSpace;
  let one: AccountsServer;
  let two: AccountsServer;
  beforeEach(async () => {
    schema = await createTestSchema();
    space = createRedisSpace();
    const config = {
      REDIS_URL: REDIS_TEST_URL,
      REDIS_PREFIX: space.prefix,
      SIGNIN_MAX_PER_ACCOUNT: 3,
      // Ten messages per ten seconds per user: room for a loaded machine, still a hard count.
      COMMAND_BURST: 10,
      COMMAND_RATE_PER_SEC: 1,
    };
    one = await startAccountsServer(config, { storage: await openPostgresStorage(schema.url) });
    two = await startAccountsServer(config, { storage: await openPostgresStorage(schema.url) });
  });
  afterEach(async () => {
    await one?.close();
    await two?.close();
    await schema?.drop();
    await space?.drop();
  });

  it("S39: wrong passwords on process 1 lock the account on process 2, the right password included", async () => {
    for (let i = 0; i < 3; i++) await expect(one.signIn("commander", "wrong")).rejects.toThrow(/401/);
    const res = await fetch(`${two.url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: two.url },
      body: JSON.stringify({ username: "commander", password: "demo" }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another account is not locked by it.
    await two.signIn("controller");
  });

  it("S39: one user's command budget is one budget across processes: five messages on each, and the eleventh is refused", async () => {
    const a = await one.socket(await one.signIn("controller"), "controller on process 1");
    const b = await two.socket(await two.signIn("controller"), "controller on process 2");
    // Each message costs a point whatever its answer (here not_found: no such operation).
    for (let i = 0; i < 5; i++) expect((await a.hello("op-none")).ok).toBe(false);
    for (let i = 0; i < 5; i++) {
      const ack = await b.hello("op-none");
      expect(ack.ok ? "ok" : ack.error.code).toBe("not_found");
    }
    const refused = await b.hello("op-none");
    expect(refused.ok ? "ok" : refused.error.code).toBe("rate_limited");
    // Another user has a budget of their own.
    const other = await two.socket(await two.signIn("commander"), "commander on process 2");
    const own = await other.hello("op-none");
    expect(own.ok ? "ok" : own.error.code).toBe("not_found");
  });
});

describe("with Redis unreachable, the limits fall back to memory rather than open", () => {
  // A port nothing listens on: the client never becomes ready.
  const dead = () => new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });

  it("S39: sign-in is still throttled, per process, while Redis is down", async () => {
    const redis = dead();
    const limits = { windowMs: 60_000, perAccount: 3, perAddress: 100 };
    const throttle = createSignInThrottle(limits, redisLimiters(redis, limits, "outage:"));
    for (let i = 0; i < 3; i++) {
      expect(await throttle.check("10.0.0.1", "commander")).toBeNull();
      await throttle.failed("10.0.0.1", "commander");
    }
    expect(await throttle.check("10.0.0.1", "commander")).toBeGreaterThan(0);
    expect(await throttle.check("10.0.0.1", "controller")).toBeNull();
    redis.disconnect();
  });

  it("S39: the command budget still counts, per process, while Redis is down", async () => {
    const redis = dead();
    const budget = redisBudget(redis, "outage:", { points: 2, windowMs: 60_000, prefix: "commands" });
    expect(await budget.take("u-1")).toEqual({ ok: true });
    await budget.refund("u-1"); // a refused command gives its point back
    expect(await budget.take("u-1")).toEqual({ ok: true });
    expect(await budget.take("u-1")).toEqual({ ok: true });
    expect(await budget.take("u-1")).toMatchObject({ ok: false, limit: 2 });
    expect(await budget.take("u-2")).toEqual({ ok: true });
    redis.disconnect();
  });
});

/**
 * The upload budget across processes (UPLOADS_PER_MINUTE): one PostgreSQL, one Redis. The
 * operation is opened before the second process starts, so both load it.
 */
describe.skipIf(!pgUp || !redisUp)("the upload budget is shared by two processes through Redis", () => {
  let schema: TestSchema;
  let space: TestRedisSpace;
  let one: AccountsServer;
  let two: AccountsServer;
  let opId: string;
  beforeEach(async () => {
    schema = await createTestSchema();
    space = createRedisSpace();
    const config = { REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: space.prefix, UPLOADS_PER_MINUTE: 4 };
    one = await startAccountsServer(config, { storage: await openPostgresStorage(schema.url) });
    opId = await one.openOperation("Uploads across processes");
    two = await startAccountsServer(config, { storage: await openPostgresStorage(schema.url) });
  });
  afterEach(async () => {
    await one?.close();
    await two?.close();
    await schema?.drop();
    await space?.drop();
  });

  it("H20: two photos on each process use a steward's four; the fifth is 429 on either, with Retry-After; another steward still uploads", async () => {
    const shade = (i: number) => `#${(0x405060 + i * 0x030201).toString(16)}`;
    const steward = await one.signIn("steward");
    for (const [i, server] of [one, one, two, two].entries()) {
      const got = await uploadPhoto(server.url, opId, steward, await cameraJpeg(320, 240, shade(i)));
      expect({ upload: i + 1, status: got.status }).toEqual({ upload: i + 1, status: 201 });
    }
    for (const server of [one, two]) {
      const refused = await uploadPhoto(server.url, opId, steward, await cameraJpeg(320, 240, shade(9)));
      expect(refused.status).toBe(429);
      expect((refused.json.error as { code: string }).code).toBe("rate_limited");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    const other = await uploadPhoto(two.url, opId, await two.signIn("steward2"), await cameraJpeg(320, 240, shade(9)));
    expect(other.status).toBe(201);
  });
});
