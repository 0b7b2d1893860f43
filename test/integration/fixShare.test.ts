import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisFixShare } from "../../server/positions/redisFixes";
import type { Fix } from "../../shared/state";
import { within } from "../support/harness";
import { createRedisSpace, REDIS_TEST_URL, redisAvailable, type TestRedisSpace } from "../support/services";

const up = await redisAvailable();

/** L1: the latest fixes shared in Redis by two processes' lanes (server/positions/redisFixes.ts), on their own. */
describe.skipIf(!up)("the shared latest fixes in Redis", () => {
  let space: TestRedisSpace;
  const connections: Redis[] = [];
  const shares: RedisFixShare[] = [];
  const received: { opId: string; fixes: Fix[] }[][] = [[], []];
  const waiters: (() => void)[] = [];

  const fix = (unitId: string, at: number, lat = 51.556): Fix => ({
    unitId,
    lat,
    lng: -0.279,
    at,
    heading: null,
    speed: null,
    accuracy: null,
  });

  /** Resolves once process `i` has been told of a fix of `unitId` at `at`. */
  const told = (i: number, unitId: string, at: number) =>
    within(
      new Promise<void>((resolve) => {
        const check = () => {
          if (received[i]!.some((m) => m.fixes.some((f) => f.unitId === unitId && f.at === at))) resolve();
          else waiters.push(check);
        };
        check();
      }),
      10_000,
      `process ${i + 1} to be told of ${unitId} at ${at}`,
    );

  beforeAll(async () => {
    space = createRedisSpace();
    for (let i = 0; i < 2; i++) {
      const redis = new Redis(REDIS_TEST_URL, { lazyConnect: true });
      await redis.connect();
      connections.push(redis);
      const share = new RedisFixShare(redis, space.prefix);
      await share.subscribe(
        (opId, fixes) => {
          received[i]!.push({ opId, fixes });
          for (const w of waiters.splice(0)) w();
        },
        () => {},
      );
      shares.push(share);
    }
  });

  afterAll(async () => {
    for (const s of shares) await s.close();
    for (const r of connections) r.disconnect();
    await space?.drop();
  });

  it("L1: a fix one process publishes reaches the other (not itself) and is in both processes' load of the latest", async () => {
    await shares[0]!.publish("op-a", [fix("psu-1", 1000)]);
    await told(1, "psu-1", 1000);
    expect(received[1]).toEqual([{ opId: "op-a", fixes: [fix("psu-1", 1000)] }]);
    // The second publish is the sentinel: the first process's own message would have come before it.
    await shares[1]!.publish("op-a", [fix("psu-2", 1000)]);
    await told(0, "psu-2", 1000);
    expect(received[0]!.flatMap((m) => m.fixes.map((f) => f.unitId))).toEqual(["psu-2"]);
    for (const s of shares)
      expect((await s.load("op-a")).sort((a, b) => a.unitId.localeCompare(b.unitId))).toEqual([fix("psu-1", 1000), fix("psu-2", 1000)]);
    expect(await shares[0]!.load("op-b")).toEqual([]);
  });

  it("L1: the latest wins across processes: an older fix published later does not replace a newer one", async () => {
    await shares[0]!.publish("op-c", [fix("psu-1", 2000, 51.5)]);
    await shares[1]!.publish("op-c", [fix("psu-1", 1500, 51.6)]);
    expect(await shares[0]!.load("op-c")).toEqual([fix("psu-1", 2000, 51.5)]);
    await shares[1]!.publish("op-c", [fix("psu-1", 2500, 51.7)]);
    expect(await shares[0]!.load("op-c")).toEqual([fix("psu-1", 2500, 51.7)]);
    // Keys stay under the configured prefix.
    const keys = await connections[0]!.keys(`${space.prefix}*`);
    expect(keys.sort()).toEqual([`${space.prefix}fixes:op-a`, `${space.prefix}fixes:op-c`]);
  });
});
