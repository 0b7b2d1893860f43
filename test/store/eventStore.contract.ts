import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppendConflict, type EventStore } from "../../server/store/eventStore";
import { GENESIS_HASH, hashedText } from "../../shared/canonical";
import type { CordonEvent } from "../../shared/events";
import { initialState } from "../../shared/state";

/**
 * The behaviour every EventStore must have (DESIGN §5). Each implementation runs this suite
 * with a factory that gives it a fresh, empty store.
 */
export function eventStoreContract(name: string, make: () => Promise<{ store: EventStore; reopen?: () => Promise<EventStore> }>) {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let reopen: (() => Promise<EventStore>) | undefined;
    beforeEach(async () => {
      ({ store, reopen } = await make());
    });
    afterEach(async () => store.close());

    it("S1: appends in seq order and reads back exactly what was appended", async () => {
      const events = chain("op-a", 5);
      await store.append(
        "op-a",
        events.slice(0, 2).map((e) => ({ key: `k${e.seq}`, event: e })),
      );
      await store.append(
        "op-a",
        events.slice(2).map((e) => ({ key: `k${e.seq}`, event: e })),
      );
      expect(await store.readAfter("op-a", 0)).toEqual(events);
      expect(await store.readAfter("op-a", 3)).toEqual(events.slice(3));
      expect(await store.readAfter("op-a", 1, 2)).toEqual(events.slice(1, 3));
      expect(await store.head("op-a")).toEqual({ seq: 5, hash: events[4]?.hash });
      expect(await store.head("op-b")).toBeNull();
      expect(await store.heads()).toEqual([{ opId: "op-a", seq: 5 }]);
    });

    it("S2: refuses a gap, a repeated seq, a broken chain or a reused key, and keeps nothing of that batch", async () => {
      const events = chain("op-a", 4);
      await store.append("op-a", [{ key: "k1", event: events[0]! }]);
      const refused = async (batch: { key: string; event: CordonEvent }[]) => {
        await expect(store.append("op-a", batch)).rejects.toBeInstanceOf(AppendConflict);
        expect((await store.head("op-a"))?.seq).toBe(1);
      };
      await refused([{ key: "k3", event: events[2]! }]);
      await refused([{ key: "k1b", event: events[0]! }]);
      await refused([{ key: "k2", event: { ...events[1]!, prevHash: "f".repeat(64) } }]);
      await refused([
        { key: "k2", event: events[1]! },
        { key: "k1", event: events[2]! },
      ]);
    });

    it("S3: finds the event an idempotency key produced, per operation", async () => {
      const a = chain("op-a", 2);
      await store.append(
        "op-a",
        a.map((e) => ({ key: `key-${e.seq}`, event: e })),
      );
      expect(await store.findKey("op-a", "key-2")).toEqual({ seq: 2, eventId: a[1]?.id, userId: "u-1" });
      expect(await store.findKey("op-b", "key-2")).toBeNull();
      // Another operation may use the same key.
      await store.append(
        "op-b",
        chain("op-b", 1).map((e) => ({ key: "key-2", event: e })),
      );
      expect((await store.findKey("op-b", "key-2"))?.seq).toBe(1);
      // Many keys in one query: those applied, and nothing for the others.
      const found = await store.findKeys("op-a", ["key-1", "key-2", "key-9", "key-1"]);
      expect([...found.keys()].sort()).toEqual(["key-1", "key-2"]);
      expect(found.get("key-1")).toEqual({ seq: 1, eventId: a[0]?.id, userId: "u-1" });
    });

    it("S12: an append holding the lock is given the tail stored after its seq and appends after it; a taken key or a bad batch appends nothing", async () => {
      const events = chain("op-h", 4);
      await store.append("op-h", [{ key: "h1", event: events[0]! }]);
      await store.append("op-h", [{ key: "h2", event: events[1]! }]);
      let seen: number[] = [];
      // The writer thinks the head is seq 1; it is shown seq 2 and appends seq 3 after it.
      await store.appendHolding("op-h", 1, (tail) => {
        seen = tail.map((e) => e.seq);
        return [{ key: "h3", event: events[2]! }];
      });
      expect(seen).toEqual([2]);
      expect((await store.head("op-h"))?.seq).toBe(3);
      await expect(store.appendHolding("op-h", 3, () => [{ key: "h1", event: events[3]! }])).rejects.toMatchObject({ reason: "key" });
      await expect(store.appendHolding("op-h", 3, () => [{ key: "h4", event: events[2]! }])).rejects.toBeInstanceOf(AppendConflict);
      await store.appendHolding("op-h", 3, () => []);
      expect((await store.readAfter("op-h", 0)).map((e) => e.seq)).toEqual([1, 2, 3]);
    });

    it("S4: keeps snapshots as a cache, newest at or before a seq, and lists their seqs", async () => {
      await store.saveSnapshot("op-a", { ...initialState, seq: 10 });
      await store.saveSnapshot("op-a", { ...initialState, seq: 20 });
      expect((await store.snapshot("op-a"))?.seq).toBe(20);
      expect((await store.snapshot("op-a", 15))?.seq).toBe(10);
      expect(await store.snapshot("op-a", 5)).toBeNull();
      expect(await store.snapshotSeqs("op-a")).toEqual([10, 20]);
      expect(await store.snapshotSeqs("op-b")).toEqual([]);
    });

    it("S5: stores every fix for the track and answers each unit's latest", async () => {
      const fix = (unitId: string, at: number, lat: number) => ({ unitId, at, lat, lng: -0.28, heading: null, speed: null, accuracy: 5 });
      await store.appendFixes("op-a", [fix("psu-12a", 1000, 51.56), fix("psu-12a", 2000, 51.561), fix("las-1", 1500, 51.55)], 2500);
      await store.appendFixes("op-a", [fix("psu-12a", 3000, 51.562)], 3100);
      expect(await store.track("op-a", 0, 10_000, "psu-12a")).toHaveLength(3);
      expect((await store.track("op-a", 1500, 2500)).map((f) => f.at)).toEqual([1500, 2000]);
      const latest = (await store.latestFixes("op-a")).sort((x, y) => x.unitId.localeCompare(y.unitId));
      expect(latest.map((f) => [f.unitId, f.at, f.lat])).toEqual([
        ["las-1", 1500, 51.55],
        ["psu-12a", 3000, 51.562],
      ]);
    });

    it("S6: lists operations by their opening event, and what it holds outlives a reopen", async () => {
      const opened = chain("op-a", 3);
      await store.append(
        "op-a",
        opened.map((e) => ({ key: `k${e.seq}`, event: e })),
      );
      expect(await store.operations()).toEqual([{ id: "op-a", name: "Contract", venueId: "wembley", openedAt: opened[0]?.at, seq: 3 }]);
      if (!reopen) return;
      await store.close();
      store = await reopen();
      expect(await store.readAfter("op-a", 0)).toEqual(opened);
    });
  });
}

/** A valid hash-chained log: an opening event and notes. */
export function chain(opId: string, n: number): CordonEvent[] {
  const out: CordonEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const base = {
      seq,
      id: `${opId}-e${seq}`,
      opId,
      at: 1_697_554_800_000 + seq * 1000,
      actor: { userId: "u-1", role: "commander" as const, name: "Silver" },
      scope: { sector: null, stewards: [], units: [] },
      prevHash,
      ...(seq === 1
        ? { type: "OperationOpened" as const, payload: { name: "Contract", venueId: "wembley", cadStart: 1, cadDate: "17Oct", phases: [] } }
        : { type: "DecisionLogged" as const, payload: { decisionId: `dec-${seq}`, decision: "Hold", rationale: "Crush risk" } }),
    };
    const hash = createHash("sha256").update(hashedText(prevHash, base)).digest("hex");
    out.push({ ...base, hash } as CordonEvent);
    prevHash = hash;
  }
  return out;
}
