import { describe, expect, it } from "vitest";
import { type Greeted, HeadClock, type HeadMessage } from "../../server/socket/heads";

/** The head clock driven tick by tick: what control and each greeted socket hear, and when. */
function rig() {
  const control: HeadMessage[] = [];
  let t = 1_000;
  const clock = new HeadClock({ control: (h) => control.push(h) }, () => t);
  const ticks = (n: number, seq: () => number) => {
    for (let i = 0; i < n; i++) {
      t += 1_000;
      clock.tick([{ opId: "op", seq: seq() }]);
    }
  };
  return { clock, control, ticks };
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

  it("Z1: a greeted steward or officer gets no periodic head but a clock sample every 30 ticks, with no seq, on its own turn", () => {
    const r = rig();
    const sockets = Array.from({ length: 60 }, (_, i) => socket(`s${i}`));
    for (const s of sockets) r.clock.greet(s, "op");
    // The hello's sample and the second (tick 2); a turn within 15 ticks of those is skipped.
    r.ticks(32, () => 3);
    const before = sockets.map((s) => s.heads.length);
    expect(sockets.every((s) => s.heads.length >= 2 && s.heads.length <= 3)).toBe(true);
    // From then on, one sample a round each: two rounds, two samples.
    r.ticks(60, () => 3);
    expect(sockets.map((s, i) => s.heads.length - (before[i] ?? 0))).toEqual(sockets.map(() => 2));
    for (const s of sockets) for (const h of s.heads) expect(h.seq).toBeNull();
    // Spread: in those two rounds every tick samples two of the 60, never all at once.
    const perTick = new Map<number, number>();
    for (const s of sockets) for (const h of s.heads) if (h.now > 33_000) perTick.set(h.now, (perTick.get(h.now) ?? 0) + 1);
    expect([...perTick.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => 34_000 + i * 1_000));
    expect(new Set(perTick.values())).toEqual(new Set([2]));
  });

  it("Z1: a socket that disconnects is forgotten at once, and one found gone on its turn is dropped", () => {
    const r = rig();
    const [a, b, c] = [socket("a"), socket("b"), socket("c")];
    for (const s of [a, b, c]) r.clock.greet(s, "op");
    expect(r.clock.clockedCount()).toBe(3);
    r.clock.forget("a");
    expect(r.clock.clockedCount()).toBe(2);
    expect(r.clock.owedCount()).toBe(2);
    b.connected = false;
    r.ticks(45, () => 1);
    expect(r.clock.clockedCount()).toBe(1);
    expect(a.heads).toHaveLength(1);
    expect(b.heads).toHaveLength(1);
    expect(c.heads).toHaveLength(3);
    // A second hello (to another operation) replaces the first: its samples, then one a round, for the new one.
    r.clock.greet(c, "op2");
    expect(r.clock.clockedCount()).toBe(1);
    r.ticks(45, () => 1);
    expect(c.heads.slice(3).map((h) => h.opId)).toEqual(["op2", "op2", "op2"]);
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
    // Nothing of its own until its turn among the 30 ticks (Z1).
    expect(s.heads).toHaveLength(2);
    expect(gone.heads).toHaveLength(1);
    expect(r.clock.owedCount()).toBe(0);
  });
});
