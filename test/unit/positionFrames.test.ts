import { describe, expect, it } from "vitest";
import { PositionLane } from "../../server/positions/positionLane";
import type { EventStore } from "../../server/store/eventStore";
import type { Fix } from "../../shared/state";
import type { PositionTuple } from "../../shared/wire";

const SECTORS: Record<string, string> = { "psu-1": "olympic-way", "psu-2": "olympic-way", "psu-3": "stadium-west" };
const fix = (unitId: string, at: number): Fix => ({ unitId, lat: 51.55, lng: -0.28, at, heading: null, speed: null, accuracy: null });

/** The lane driven flush by flush (its own timer set far off): which room hears what, and when. */
function rig(unitFramesEvery: number) {
  const frames: { room: string; units: string[] }[] = [];
  const stored: Fix[] = [];
  const store = { appendFixes: async (_op: string, fixes: readonly Fix[]) => void stored.push(...fixes) } as unknown as EventStore;
  const lane = new PositionLane({
    store,
    flushMs: 3_600_000,
    now: () => 0,
    unitSector: (_op, id) => SECTORS[id],
    emit: (_op, room, fixes: PositionTuple[]) => frames.push({ room, units: fixes.map((t) => t[0]) }),
    hasListeners: () => true,
    unitFramesEvery,
  });
  return { lane, frames, stored };
}

describe("positions frames by audience (issue 14)", () => {
  it("Z8: control gets a frame every flush; each officers' and Bronze's room one in every N flushes, on its own turn, with the newest fix of each unit moved since its last", async () => {
    const { lane, frames, stored } = rig(3);
    const roomsAt = (from: number) => frames.slice(from).map((f) => `${f.room}: ${f.units.join(",")}`);
    let seen = 0;
    const flush = async () => {
      await lane.flushNow();
      const out = roomsAt(seen);
      seen = frames.length;
      return out;
    };
    // Rooms take turns in the order first seen: unit:psu-1 0, units:olympic-way 1, bronze:olympic-way 2, ...
    lane.accept("op", [fix("psu-1", 1)]);
    expect(await flush()).toEqual(["control: psu-1", "units:olympic-way: psu-1"]);
    lane.accept("op", [fix("psu-1", 2), fix("psu-3", 2)]);
    // ... unit:psu-3 0, units:stadium-west 1, bronze:stadium-west 2.
    expect(await flush()).toEqual(["control: psu-1,psu-3", "bronze:olympic-way: psu-1", "bronze:stadium-west: psu-3"]);
    lane.accept("op", [fix("psu-2", 3)]);
    // ... unit:psu-2 0. The turn-0 rooms get the newest fix of each of their units.
    expect(await flush()).toEqual(["control: psu-2", "unit:psu-1: psu-1", "unit:psu-3: psu-3", "unit:psu-2: psu-2"]);
    const unit1 = frames.filter((f) => f.room === "unit:psu-1");
    expect(unit1).toHaveLength(1);
    lane.accept("op", [fix("psu-3", 4)]);
    // Turn 1: olympic-way's officers hear psu-1 (again) and psu-2, moved since their last; stadium-west psu-3.
    expect(await flush()).toEqual(["control: psu-3", "units:olympic-way: psu-1,psu-2", "units:stadium-west: psu-3"]);
    expect(await flush()).toEqual(["bronze:olympic-way: psu-2", "bronze:stadium-west: psu-3"]);
    expect(await flush()).toEqual(["unit:psu-3: psu-3"]);
    expect(await flush()).toEqual([]);
    expect(stored.map((f) => f.at)).toEqual([1, 2, 2, 3, 4]);
    await lane.close();
  });

  it("Z8: a stadium's officers' rooms are spread over the N flushes: each hears once in every N, and no flush carries more than its share", async () => {
    const every = 20;
    const units = Array.from({ length: 1_000 }, (_, i) => `u${i}`);
    const sectorOf = (id: string) => `s${Number(id.slice(1)) % 12}`;
    const frames: { flush: number; room: string; units: string[] }[] = [];
    let flushNo = 0;
    const lane = new PositionLane({
      store: { appendFixes: async () => {} } as unknown as EventStore,
      flushMs: 3_600_000,
      now: () => 0,
      unitSector: (_op, id) => sectorOf(id),
      emit: (_op, room, fixes: PositionTuple[]) => frames.push({ flush: flushNo, room, units: fixes.map((t) => t[0]) }),
      hasListeners: () => true,
      unitFramesEvery: every,
    });
    // Every unit reports once a second, a twentieth of them each flush, for three seconds.
    for (flushNo = 1; flushNo <= 3 * every; flushNo++) {
      lane.accept(
        "op",
        units.filter((_, i) => i % every === flushNo % every).map((id) => fix(id, flushNo)),
      );
      await lane.flushNow();
    }
    const officers = frames.filter((f) => f.room !== "control");
    const rooms = new Set(officers.map((f) => f.room));
    expect(rooms.size).toBe(1_000 + 2 * 12);
    const perFlush = new Map<number, number>();
    for (const f of officers) perFlush.set(f.flush, (perFlush.get(f.flush) ?? 0) + 1);
    expect(Math.max(...perFlush.values())).toBeLessThanOrEqual(Math.ceil(rooms.size / every));
    for (const r of rooms) {
      const at = officers.filter((f) => f.room === r).map((f) => f.flush);
      for (let i = 1; i < at.length; i++) expect((at[i] ?? 0) - (at[i - 1] ?? 0)).toBe(every);
    }
    // A sector's room hears every unit of its sector within a turn.
    const s0 = officers.filter((f) => f.room === "units:s0");
    expect(new Set(s0.slice(1).flatMap((f) => f.units)).size).toBe(units.filter((id) => sectorOf(id) === "s0").length);
    await lane.close();
  });

  it("Z8: with one flush per frame the officers hear every flush too", async () => {
    const { lane, frames } = rig(1);
    lane.accept("op", [fix("psu-3", 1)]);
    await lane.flushNow();
    lane.accept("op", [fix("psu-3", 2)]);
    await lane.flushNow();
    expect(frames.map((f) => f.room)).toEqual([
      "control",
      "unit:psu-3",
      "units:stadium-west",
      "bronze:stadium-west",
      "control",
      "unit:psu-3",
      "units:stadium-west",
      "bronze:stadium-west",
    ]);
    await lane.close();
  });

  it("Z8: a unit moved to another sector is heard in its new sector's rooms from its next fix, not in its old one's", async () => {
    const sectors: Record<string, string> = { "psu-1": "olympic-way" };
    const frames: string[] = [];
    const lane = new PositionLane({
      store: { appendFixes: async () => {} } as unknown as EventStore,
      flushMs: 3_600_000,
      now: () => 0,
      unitSector: (_op, id) => sectors[id],
      emit: (_op, room) => void frames.push(room),
      hasListeners: () => true,
      unitFramesEvery: 1,
    });
    lane.accept("op", [fix("psu-1", 1)]);
    await lane.flushNow();
    sectors["psu-1"] = "stadium-west";
    lane.accept("op", [fix("psu-1", 2)]);
    await lane.flushNow();
    expect(frames).toEqual([
      "control",
      "unit:psu-1",
      "units:olympic-way",
      "bronze:olympic-way",
      "control",
      "unit:psu-1",
      "units:stadium-west",
      "bronze:stadium-west",
    ]);
    await lane.close();
  });

  it("Z12: control's frame does not wait for the write; the sender's ack does, and a failed write is retried before it is acked", async () => {
    const frames: string[][] = [];
    const writes: { fixes: readonly Fix[]; done: (ok: boolean) => void }[] = [];
    const store = {
      appendFixes: (_op: string, fixes: readonly Fix[]) =>
        new Promise<void>((resolve, reject) => writes.push({ fixes, done: (ok) => (ok ? resolve() : reject(new Error("disk"))) })),
    } as unknown as EventStore;
    const lane = new PositionLane({
      store,
      flushMs: 3_600_000,
      now: () => 0,
      unitSector: (_op, id) => SECTORS[id],
      emit: (_op, room, fixes: PositionTuple[]) => void (room === "control" && frames.push(fixes.map((t) => t[0]))),
      hasListeners: () => true,
    });
    let acked = false;
    const { stored } = lane.accept("op", [fix("psu-1", 1)]);
    void stored.then(() => (acked = true));
    const flushed = lane.flushNow();
    // Control has the frame while the write is still out; the sender has no ack.
    expect(frames).toEqual([["psu-1"]]);
    expect(writes.map((w) => w.fixes.length)).toEqual([1]);
    writes[0]?.done(false);
    await flushed;
    expect(acked).toBe(false);
    // The next flush writes the rows again; once stored, the sender is acked.
    const again = lane.flushNow();
    expect(writes.map((w) => w.fixes.map((f) => f.unitId))).toEqual([["psu-1"], ["psu-1"]]);
    writes[1]?.done(true);
    await again;
    await stored;
    expect(acked).toBe(true);
    await lane.close();
  });
});
