import { describe, expect, it } from "vitest";
import { type Greeted, HeadClock, type HeadMessage } from "../../server/socket/heads";

/** The head clock driven tick by tick: what control and the filtered audiences hear, and when. */
function rig() {
  const control: HeadMessage[] = [];
  const filtered: HeadMessage[] = [];
  let t = 1_000;
  const clock = new HeadClock({ control: (h) => control.push(h), filtered: (h) => filtered.push(h) }, () => t);
  const ticks = (n: number, seq: () => number) => {
    for (let i = 0; i < n; i++) {
      t += 1_000;
      clock.tick([{ opId: "op", seq: seq() }]);
    }
  };
  return { clock, control, filtered, ticks };
}

function socket(id: string) {
  const heads: HeadMessage[] = [];
  const s: Greeted & { heads: HeadMessage[]; connected: boolean } = { id, connected: true, heads, emitHead: (h) => heads.push(h) };
  return s;
}

describe("heads (issue 14)", () => {
  it("Z2: control hears a head on the tick after the seq moves, and a heartbeat every 2 ticks while it does not", () => {
    const r = rig();
    let seq = 5;
    r.ticks(1, () => seq);
    expect(r.control.map((h) => h.seq)).toEqual([5]);
    r.ticks(1, () => seq);
    expect(r.control).toHaveLength(1);
    r.ticks(1, () => seq);
    expect(r.control.map((h) => h.seq)).toEqual([5, 5]);
    seq = 6;
    r.ticks(1, () => seq);
    seq = 9;
    r.ticks(1, () => seq);
    expect(r.control.map((h) => h.seq)).toEqual([5, 5, 6, 9]);
    // Ten quiet ticks: five heartbeats, never more than 2 ticks apart, each with the server's clock.
    r.ticks(10, () => seq);
    expect(r.control.slice(4).map((h) => h.now)).toEqual([8_000, 10_000, 12_000, 14_000, 16_000]);
  });

  it("Z1: stewards and officers get no periodic head but one clock sample every 30 ticks, with no seq", () => {
    const r = rig();
    r.ticks(29, () => 3);
    expect(r.filtered).toEqual([]);
    r.ticks(31, () => 3);
    expect(r.filtered).toEqual([
      { opId: "op", seq: null, now: 31_000 },
      { opId: "op", seq: null, now: 61_000 },
    ]);
  });

  it("Z3: a greeted socket gets a clock sample at once and a second 2 ticks later, then nothing of its own", () => {
    const r = rig();
    const s = socket("a");
    const gone = socket("b");
    r.clock.greet(s, "op");
    r.clock.greet(gone, "op");
    expect(s.heads).toEqual([{ opId: "op", seq: null, now: 1_000 }]);
    gone.connected = false;
    r.ticks(1, () => 1);
    expect(s.heads).toHaveLength(1);
    r.ticks(1, () => 1);
    expect(s.heads).toEqual([
      { opId: "op", seq: null, now: 1_000 },
      { opId: "op", seq: null, now: 3_000 },
    ]);
    r.ticks(20, () => 1);
    expect(s.heads).toHaveLength(2);
    expect(gone.heads).toHaveLength(1);
    expect(r.clock.owedCount()).toBe(0);
  });
});
