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
  it("Z8: control gets a frame every flush; officers' and their sector's Bronze's rooms one every N flushes with the newest fix of each unit moved since their last", async () => {
    const { lane, frames, stored } = rig(3);
    const roomsAt = (from: number) => frames.slice(from).map((f) => `${f.room}: ${f.units.join(",")}`);
    let seen = 0;
    const flush = async () => {
      await lane.flushNow();
      const out = roomsAt(seen);
      seen = frames.length;
      return out;
    };
    lane.accept("op", [fix("psu-1", 1)]);
    expect(await flush()).toEqual(["control: psu-1"]);
    lane.accept("op", [fix("psu-1", 2), fix("psu-3", 2)]);
    expect(await flush()).toEqual(["control: psu-1,psu-3"]);
    lane.accept("op", [fix("psu-2", 3)]);
    // The third flush: control this flush's mover, then the officers' rooms all three flushes' movers.
    expect(await flush()).toEqual([
      "control: psu-2",
      "unit:psu-1: psu-1",
      "units:olympic-way: psu-1,psu-2",
      "bronze:olympic-way: psu-1,psu-2",
      "unit:psu-3: psu-3",
      "units:stadium-west: psu-3",
      "bronze:stadium-west: psu-3",
      "unit:psu-2: psu-2",
    ]);
    lane.accept("op", [fix("psu-3", 4)]);
    expect(await flush()).toEqual(["control: psu-3"]);
    expect(await flush()).toEqual([]);
    // Nothing new on the sixth flush, but psu-3's move is still owed to its rooms.
    expect(await flush()).toEqual(["unit:psu-3: psu-3", "units:stadium-west: psu-3", "bronze:stadium-west: psu-3"]);
    expect(stored.map((f) => f.at)).toEqual([1, 2, 2, 3, 4]);
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
