import { describe, expect, it } from "vitest";
import type { CountStore } from "../../server/store/eventStore";
import type { GateCount } from "../../shared/ingress";

const reading = (groupId: string, at: number, count: number | null, queue: number | null = null, source: GateCount["source"] = "feed") => ({
  groupId,
  at,
  count,
  queue,
  source,
  by: source === "feed" ? "turnstiles" : "steward-1",
});

/** The turnstile counts' history (issue 11 item 7), one contract for both stores. */
export function countStoreContract(name: string, make: () => Promise<{ store: CountStore; close: () => Promise<void> }>) {
  describe(`CountStore contract: ${name}`, () => {
    it("TC1: keeps every reading in full, per operation, and lists them by time and by group", async () => {
      const { store, close } = await make();
      await store.appendCounts(
        "op-a",
        [reading("bm-west", 1000, 100), reading("bm-east", 1000, 80), reading("bm-west", 2000, 160, 40)],
        2100,
      );
      await store.appendCounts("op-a", [reading("bm-west", 3000, null, 120, "steward")], 3100);
      await store.appendCounts("op-b", [reading("bm-west", 1500, 5)], 1600);
      expect(await store.countHistory("op-a", 0, 10_000, "bm-west")).toEqual([
        reading("bm-west", 1000, 100),
        reading("bm-west", 2000, 160, 40),
        reading("bm-west", 3000, null, 120, "steward"),
      ]);
      expect((await store.countHistory("op-a", 1000, 2000)).map((c) => `${c.groupId}@${c.at}`)).toEqual([
        "bm-west@1000",
        "bm-east@1000",
        "bm-west@2000",
      ]);
      expect(await store.countHistory("op-c", 0, 10_000)).toEqual([]);
      await close();
    });

    it("TC2: replay reads the counts at time T: the newest per group and source at or before T, oldest first", async () => {
      const { store, close } = await make();
      await store.appendCounts(
        "op-a",
        [
          reading("bm-west", 1000, 100),
          reading("bm-west", 2000, 160),
          reading("bm-east", 1500, 80),
          reading("bm-west", 2500, null, 300, "steward"),
          reading("bm-west", 4000, 400),
        ],
        4100,
      );
      const at = (t: number) => store.countsAt("op-a", t).then((rows) => rows.map((c) => `${c.groupId}/${c.source}@${c.at}`));
      expect(await at(500)).toEqual([]);
      expect(await at(1500)).toEqual(["bm-west/feed@1000", "bm-east/feed@1500"]);
      expect(await at(3000)).toEqual(["bm-east/feed@1500", "bm-west/feed@2000", "bm-west/steward@2500"]);
      expect((await store.latestCounts("op-a")).map((c) => `${c.groupId}/${c.source}@${c.at}`)).toEqual([
        "bm-east/feed@1500",
        "bm-west/steward@2500",
        "bm-west/feed@4000",
      ]);
      await close();
    });
  });
}
