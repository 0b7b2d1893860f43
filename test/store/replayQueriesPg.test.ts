import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgReplayQueries } from "../../server/store/postgres/pgReplayQueries";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import { openReplayQueries } from "../../server/store/replayQueries";
import type { Storage } from "../../server/store/storage";
import { createTestSchema, postgresAvailable, type TestSchema } from "../support/services";
import { fix, markCovering, replayQueriesContract } from "./replayQueries.contract";

const up = await postgresAvailable();

describe.skipIf(!up)("PostgreSQL replay queries", () => {
  replayQueriesContract("PostgreSQL", async () => {
    const schema = await createTestSchema();
    const storage = await openPostgresStorage(schema.url);
    return {
      log: storage.log,
      queries: openReplayQueries(storage),
      async close() {
        await storage.close();
        await schema.drop();
      },
    };
  });

  describe("several processes on one track", () => {
    let schema: TestSchema;
    let a: Storage;
    let b: Storage;
    beforeAll(async () => {
      schema = await createTestSchema();
      [a, b] = await Promise.all([openPostgresStorage(schema.url), openPostgresStorage(schema.url)]);
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await schema?.drop();
    });

    it("S47: the factory picks the implementation from the storage's kind", () => {
      expect(openReplayQueries(a)).toBeInstanceOf(PgReplayQueries);
      expect(openReplayQueries(a).kind).toBe("postgres");
    });

    it("S48: a fix committed after a mark was taken, by a transaction that began before, is past that mark: the next build finds it", async () => {
      const qa = openReplayQueries(a);
      await a.log.appendFixes("op-x", [fix("u1", 1000, 1), fix("u1", 9000, 2)], 1);
      // Another process's batch, in flight while the mark is taken (its transaction has begun and inserted).
      const slow = await b.pg!.connect();
      try {
        await slow.query("BEGIN");
        await slow.query(
          "INSERT INTO fixes (op_id, unit_id, at, lat, lng, heading, speed, accuracy, received_at) VALUES ('op-x', 'u2', 5000, 3, -0.28, null, null, 5, 2)",
        );
        const mark = await qa.track.storedUpTo();
        await slow.query("COMMIT");
        expect((await qa.track.fixesBetween("op-x", 0, 10_000, mark)).map((r) => r[3])).not.toContain(5000);
        const next = await markCovering(qa, "op-x", 3);
        // The rebuild starts at or before the late fix. A mark is the cluster's oldest open
        // transaction, so another test's transaction open at the time can move it earlier (a
        // longer rebuild, never a missed fix): 1000 is as right as 5000.
        const from = await qa.track.earliestStoredBetween("op-x", mark, next);
        expect(from).not.toBeNull();
        expect(from!).toBeLessThanOrEqual(5000);
        expect((await qa.track.fixesBetween("op-x", 0, 10_000, next)).map((r) => r[3])).toContain(5000);
      } finally {
        slow.release();
      }
    });

    it("S49: one keyframe build per operation at a time across processes; the other returns at once", async () => {
      const qa = openReplayQueries(a);
      const qb = openReplayQueries(b);
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started = () => {};
      const running = new Promise<void>((resolve) => {
        started = resolve;
      });
      const first = qa.track.exclusively("op-k", async () => {
        started();
        await held;
      });
      await running;
      expect(await qb.track.exclusively("op-k", async () => {})).toBe(false);
      expect(await qb.track.exclusively("op-other", async () => {})).toBe(true);
      release();
      expect(await first).toBe(true);
      expect(await qb.track.exclusively("op-k", async () => {})).toBe(true);
    });
  });
});
