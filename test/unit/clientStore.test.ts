import { describe, expect, it } from "vitest";
import type { User } from "../../client/src/api/session";
import { createBoardStore, positionsOf } from "../../client/src/store/boardStore";
import { compareIncidents, openIncidents } from "../../client/src/store/selectors";
import { createServerClock } from "../../client/src/sync/serverClock";
import { initialState } from "../../shared/state";
import { actors, at, MemoryLog } from "../support/events";

const controller: User = { id: "u-control", name: "Control", role: "controller", sector: null, unitId: null, post: null };
const steward: User = { id: "u-steward", name: "Steward", role: "steward", sector: "olympic-way", unitId: null, post: null };

function logWithIncidents() {
  const log = new MemoryLog();
  log.run(actors.control, "unit:register", { unitId: "psu-12a", callSign: "12A", kind: "serial", agency: "MPS", sector: "olympic-way" });
  log.run(actors.control, "incident:report", { type: "medical", location: at.olympicWay, description: "Collapse" });
  log.run(actors.control, "incident:report", { type: "disorder", grade: "I", location: at.olympicWay, description: "Fight" });
  log.run(actors.control, "incident:report", { type: "theft", grade: "E", location: at.olympicWay, description: "Phone" });
  return log;
}

describe("client board store", () => {
  it("C1: a reset reply replaces the state; an events reply folds only what is new", () => {
    const log = logWithIncidents();
    const store = createBoardStore({ user: controller, opId: "op-test" });
    store.getState().applySync({ mode: "events", events: log.events.slice(0, 2), head: 5, positions: [] });
    expect(store.getState().state.seq).toBe(2);
    store.getState().applySync({ mode: "events", events: log.events, head: 5, positions: [] });
    expect(store.getState().state).toEqual(log.state);
    expect(store.getState().connection).toMatchObject({ head: 5, lastSeq: 5 });
    store.getState().applySync({ mode: "reset", state: initialState, head: 0, positions: [] });
    expect(store.getState().state).toBe(initialState);
  });

  it("C2: control detects a gap and does not apply past it; stale events are skipped", () => {
    const log = logWithIncidents();
    const store = createBoardStore({ user: controller, opId: "op-test" });
    const [e1, e2, e3] = log.events;
    expect(store.getState().applyEvent(e1!)).toBe("applied");
    expect(store.getState().applyEvent(e3!)).toBe("gap");
    expect(store.getState().state.seq).toBe(1);
    expect(store.getState().applyEvent(e2!)).toBe("applied");
    expect(store.getState().applyEvent(e2!)).toBe("stale");
    expect(store.getState().applyEvent(e3!)).toBe("applied");
  });

  it("C3: stewards and officers see holes by design and apply in order", () => {
    const log = logWithIncidents();
    const store = createBoardStore({ user: steward, opId: "op-test" });
    expect(store.getState().applyEvent(log.events[0]!)).toBe("applied");
    expect(store.getState().applyEvent(log.events[3]!)).toBe("applied");
    expect(store.getState().state.seq).toBe(4);
  });

  it("C4: a positions frame replaces only the units that moved; older fixes lose", () => {
    const store = createBoardStore({ user: controller, opId: "op-test" });
    store.getState().applyPositions([
      ["a", 51.5, -0.28, 1000, null, null],
      ["b", 51.6, -0.27, 1000, null, null],
    ]);
    const before = positionsOf(store);
    store.getState().applyPositions([
      ["a", 51.51, -0.28, 2000, null, null],
      ["b", 51.7, -0.2, 500, null, null],
    ]);
    const after = positionsOf(store);
    expect(after).not.toBe(before);
    expect(after.b).toBe(before.b);
    expect(after.a).toMatchObject({ lat: 51.51, at: 2000 });
    store.getState().applyPositions([["a", 51.51, -0.28, 2000, null, null]]);
    expect(positionsOf(store)).toBe(after);
  });

  it("C14: a positions frame notifies the positions store's subscribers, not the board store's", () => {
    const store = createBoardStore({ user: controller, opId: "op-test" });
    const boardHeard: unknown[] = [];
    const positionsHeard: unknown[] = [];
    store.subscribe((b) => boardHeard.push(b));
    store.getState().positionsStore.subscribe((p) => positionsHeard.push(p));
    store.getState().applyPositions([["a", 51.5, -0.28, 1000, null, null]]);
    store.getState().applyPositions([["a", 51.51, -0.28, 2000, null, null]]);
    expect(positionsHeard).toHaveLength(2);
    expect(boardHeard).toHaveLength(0);
    // A hello reply still carries positions: it replaces them (and the board's state) wholesale.
    store.getState().applySync({ mode: "reset", state: initialState, head: 0, positions: [["b", 51.6, -0.27, 3000, null, null]] });
    expect(Object.keys(positionsOf(store))).toEqual(["b"]);
    expect(boardHeard).toHaveLength(1);
  });

  it("C5: the queue puts grade I first, then S, E, R, ungraded, oldest first within a grade", () => {
    const log = logWithIncidents();
    const grades = openIncidents(log.state).map((i) => i.grade);
    expect(grades).toEqual(["I", "E", null]);
    const [a, b] = openIncidents(log.state);
    expect(compareIncidents(a!, b!)).toBeLessThan(0);
  });

  it("C6: the server clock follows the server's stamps and its rate, and never runs backwards", () => {
    let local = 0;
    const clock = createServerClock(() => local);
    expect(clock.now()).toBe(0);
    clock.observe(1_000_000);
    local = 1_000;
    clock.observe(1_010_000); // the demo runs at 10x
    local = 1_500;
    expect(clock.now()).toBe(1_015_000);
    clock.observe(1_014_000); // a late stamp corrects the estimate downwards
    expect(clock.now()).toBeGreaterThanOrEqual(1_015_000);
  });
});
