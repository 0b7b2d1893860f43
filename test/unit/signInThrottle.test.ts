import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSignInThrottle, memoryLimiters, redisLimiters, type SignInThrottle } from "../../server/http/signInThrottle";
import { createRedisSpace, REDIS_TEST_URL, redisAvailable, type TestRedisSpace } from "../support/services";

/** The sign-in throttle's sliding window (issue 8 item 6), on a fake clock. */

const WINDOW = 60_000;
const T0 = 1_000_000;
let t = T0;
const clock = () => t;

/** What the route does: refused attempts are answered and not counted; others fail and count. */
async function attempt(throttle: SignInThrottle, address: string, account: string): Promise<"counted" | number> {
  const wait = await throttle.check(address, account);
  if (wait !== null) return wait;
  await throttle.failed(address, account);
  return "counted";
}

/** A seeded PRNG (mulberry32), so a failing schedule can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

beforeEach(() => {
  t = T0;
});

describe("sign-in throttle, in memory", () => {
  const limits = { windowMs: WINDOW, perAccount: 10, perAddress: 20 };
  const throttle = () => createSignInThrottle(limits, memoryLimiters(limits, clock));

  it("A28: 9 failures late in a window and more just after: the 10th in any window is the last counted, one more only when the oldest leaves", async () => {
    const th = throttle();
    for (let i = 0; i < 9; i++) {
      t = T0 + 59_000 + i;
      expect(await attempt(th, "10.0.0.1", "commander")).toBe("counted");
    }
    // Just after a fixed window started at T0 would have rolled over and allowed 10 more.
    t = T0 + 60_001;
    expect(await attempt(th, "10.0.0.1", "commander")).toBe("counted");
    expect(await attempt(th, "10.0.0.1", "commander")).toBe(T0 + 59_000 + WINDOW - t);
    // From another address too: the account's own count.
    expect(await th.check("10.0.0.2", "Commander ")).toBe(T0 + 59_000 + WINDOW - t);
    t = T0 + 59_000 + WINDOW - 1;
    expect(await attempt(th, "10.0.0.1", "commander")).toBe(1);
    t = T0 + 59_000 + WINDOW;
    expect(await attempt(th, "10.0.0.1", "commander")).toBe("counted");
    // The next oldest (59_001) leaves 1 ms later.
    expect(await attempt(th, "10.0.0.1", "commander")).toBe(1);
  });

  it("A28: over a random schedule no window holds more than the limit, a refusal comes only when it is full, and its wait is exact", async () => {
    const th = throttle();
    const random = prng(20_261_202);
    const counted: number[] = [];
    for (let i = 0; i < 3000; i++) {
      t += Math.floor(random() * 4000);
      const live = counted.filter((at) => at > t - WINDOW);
      const result = await attempt(th, "10.0.0.1", random() < 0.5 ? "controller" : " CONTROLLER");
      if (result === "counted") {
        expect(live.length, `attempt ${i} at ${t}`).toBeLessThan(10);
        counted.push(t);
      } else {
        expect(live.length, `attempt ${i} at ${t}`).toBe(10);
        expect(result).toBe(Math.max(1, (live[0] ?? 0) + WINDOW - t));
      }
    }
    for (let i = 10; i < counted.length; i++) expect((counted[i] ?? 0) - (counted[i - 10] ?? 0)).toBeGreaterThanOrEqual(WINDOW);
    expect(counted.length).toBeGreaterThan(100);
  });

  it("A28: a spray of names from one address is throttled at the address limit; other addresses are not", async () => {
    const th = throttle();
    const results = [];
    for (let i = 0; i < 40; i++) {
      t = T0 + i * 100;
      results.push(await attempt(th, "203.0.113.5", `user${i}`));
    }
    expect(results.slice(0, 20).every((r) => r === "counted")).toBe(true);
    expect(results.slice(20).every((r) => typeof r === "number" && r > 0)).toBe(true);
    expect(await th.check("203.0.113.5", "commander")).toBe(T0 + WINDOW - t);
    expect(await th.check("203.0.113.6", "user25")).toBeNull();
  });

  it("A28: 10,001 other names counted reset nobody's count, and a window later memory holds only what is live", async () => {
    const limiters = memoryLimiters(limits, clock);
    const th = createSignInThrottle(limits, limiters);
    t = T0 + 40_000;
    for (let i = 0; i < 10; i++) expect(await attempt(th, "10.0.0.1", "commander")).toBe("counted");
    // A window after the start, so the purge of empty keys runs during the flood.
    t = T0 + 61_000;
    for (let i = 0; i <= 10_000; i++) await th.failed(`198.51.${i >> 8}.${i & 255}`, `name-${i}`);
    expect(limiters.byAccount.size).toBe(10_002);
    expect(await th.check("10.0.0.9", "commander")).toBe(T0 + 40_000 + WINDOW - t);
    t = T0 + 61_000 + WINDOW;
    await th.failed("10.0.0.9", "someone");
    expect(limiters.byAccount.size).toBe(1);
    expect(limiters.byAddress.size).toBe(1);
  });

  it("A28: after the cooldown the right password goes through; a success clears the account's failures, not the address's", async () => {
    const th = throttle();
    for (let i = 0; i < 10; i++) expect(await attempt(th, "10.0.0.1", "controller")).toBe("counted");
    // Attempts while locked are refused and not counted, so they do not keep the lock on.
    for (let i = 0; i < 5; i++) {
      t += 1000;
      expect(await attempt(th, "10.0.0.1", "controller")).toBe(T0 + WINDOW - t);
    }
    t = T0 + WINDOW;
    expect(await th.check("10.0.0.1", "controller")).toBeNull();
    await th.succeeded("10.0.0.1", "controller");

    // Now 19 failures from one address over several accounts, then a success for one of them.
    for (let i = 0; i < 9; i++) expect(await attempt(th, "10.0.0.3", "steward")).toBe("counted");
    for (let i = 0; i < 10; i++) expect(await attempt(th, "10.0.0.3", `other${i}`)).toBe("counted");
    await th.succeeded("10.0.0.3", "steward");
    expect(await th.check("10.0.0.4", "steward")).toBeNull();
    for (let i = 0; i < 9; i++) expect(await attempt(th, "10.0.0.4", "steward")).toBe("counted");
    // The address kept its 19: one more, then refused whatever the name.
    expect(await attempt(th, "10.0.0.3", "nobody")).toBe("counted");
    expect(await attempt(th, "10.0.0.3", "steward")).toBe(WINDOW);
  });
});

const redisUp = await redisAvailable();

describe.skipIf(!redisUp)("sign-in throttle, two processes on one Redis", () => {
  const limits = { windowMs: WINDOW, perAccount: 10, perAddress: 20 };
  let space: TestRedisSpace;
  let r1: Redis;
  let r2: Redis;
  let one: SignInThrottle;
  let two: SignInThrottle;
  beforeEach(async () => {
    space = createRedisSpace();
    r1 = new Redis(REDIS_TEST_URL);
    r2 = new Redis(REDIS_TEST_URL);
    // Ready before the first attempt, or the throttle would (rightly) count in memory.
    await Promise.all([r1.ping(), r2.ping()]);
    one = createSignInThrottle(limits, redisLimiters(r1, limits, space.prefix, clock));
    two = createSignInThrottle(limits, redisLimiters(r2, limits, space.prefix, clock));
  });
  afterEach(async () => {
    r1?.disconnect();
    r2?.disconnect();
    await space?.drop();
  });

  it("A29: two throttles on one Redis count one sliding log per account: the 10th failure across both is the last, one more when the oldest leaves", async () => {
    for (let i = 0; i < 9; i++) {
      t = T0 + 59_000 + i;
      expect(await attempt(i % 2 ? one : two, "10.0.0.1", "commander")).toBe("counted");
    }
    t = T0 + 60_001;
    expect(await attempt(two, "10.0.0.2", "Commander")).toBe("counted");
    const wait = T0 + 59_000 + WINDOW - t;
    expect(await attempt(one, "10.0.0.1", "commander")).toBe(wait);
    expect(await attempt(two, "10.0.0.3", "commander")).toBe(wait);
    expect(await r1.zcard(`${space.prefix}signin-window:account:commander`)).toBe(10);
    t = T0 + 59_000 + WINDOW;
    expect(await attempt(one, "10.0.0.1", "commander")).toBe("counted");
    expect(await attempt(two, "10.0.0.1", "commander")).toBe(1);
    // The log never grows past the limit; a success on one process clears the account for both.
    expect(await r2.zcard(`${space.prefix}signin-window:account:commander`)).toBe(10);
    await two.succeeded("10.0.0.1", "commander");
    expect(await one.check("10.0.0.4", "commander")).toBeNull();
    expect(await r1.pttl(`${space.prefix}signin-window:address:10.0.0.1`)).toBeGreaterThan(0);
  });

  it("A29: a spray of names from one address over both processes is throttled at the address limit", async () => {
    const results = [];
    for (let i = 0; i < 30; i++) results.push(await attempt(i % 2 ? one : two, "203.0.113.5", `user${i}`));
    expect(results.slice(0, 20).every((r) => r === "counted")).toBe(true);
    expect(results.slice(20).every((r) => r === WINDOW)).toBe(true);
    expect(await one.check("203.0.113.6", "user1")).toBeNull();
  });
});
