import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import type { Storage } from "../../server/store/storage";
import { createTestSchema, postgresAvailable, type TestSchema } from "../support/services";
import { chain, eventStoreContract } from "./eventStore.contract";

const up = await postgresAvailable();

describe.skipIf(!up)("PostgreSQL event store", () => {
  const schemas: TestSchema[] = [];
  const open: Storage[] = [];
  afterAll(async () => {
    for (const s of open) await s.close().catch(() => {});
    for (const s of schemas) await s.drop();
  });

  eventStoreContract("PostgreSQL", async () => {
    const schema = await createTestSchema();
    schemas.push(schema);
    const storage = await openPostgresStorage(schema.url);
    return {
      store: storage.log,
      reopen: async () => {
        const again = await openPostgresStorage(schema.url);
        open.push(again);
        return again.log;
      },
    };
  });

  describe("S8: many writers on one operation", () => {
    let schema: TestSchema;
    let a: Storage;
    let b: Storage;
    beforeAll(async () => {
      schema = await createTestSchema();
      schemas.push(schema);
      // Two processes' worth of storage, started together: the migrations run once.
      [a, b] = await Promise.all([openPostgresStorage(schema.url), openPostgresStorage(schema.url)]);
      open.push(a, b);
    });

    it("S8: a second writer appending from a stale head is refused, and the other process is told of each append (of its own schema only)", async () => {
      const told: [string, number][] = [];
      const heard = new Promise<void>((resolve) =>
        b.log.onAppended((opId, seq) => {
          told.push([opId, seq]);
          if (seq === 2) resolve();
        }),
      );
      const events = chain("op-m", 3);
      // Another deployment (schema) on the same database, with the same operation id: not told.
      const elsewhere = await createTestSchema();
      schemas.push(elsewhere);
      const other = await openPostgresStorage(elsewhere.url);
      open.push(other);
      await other.log.append("op-m", [{ key: "k1", event: events[0]! }]);
      await a.log.append("op-m", [{ key: "k1", event: events[0]! }]);
      await b.log.append("op-m", [{ key: "k2", event: events[1]! }]);
      // A's view is stale: seq 2 is taken.
      await expect(a.log.append("op-m", [{ key: "k2b", event: { ...events[1]!, id: "other" } }])).rejects.toThrow(
        /another writer|does not/,
      );
      await heard;
      expect(told).toEqual([
        ["op-m", 1],
        ["op-m", 2],
      ]);
      expect((await a.log.readAfter("op-m", 0)).map((e) => e.seq)).toEqual([1, 2]);
    });

    it("S8: concurrent appends for the same seq: exactly one commits", async () => {
      const events = chain("op-r", 2);
      await a.log.append("op-r", [{ key: "r1", event: events[0]! }]);
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? a : b).log.append("op-r", [{ key: `r2-${i}`, event: { ...events[1]!, id: `id-${i}` } }]),
        ),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await a.log.head("op-r")).toEqual({ seq: 2, hash: events[1]!.hash });
    });
  });
});
