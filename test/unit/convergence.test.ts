import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { User } from "../../client/src/api/session";
import { createBoardStore } from "../../client/src/store/boardStore";
import { GRADES, INCIDENT_TYPES } from "../../shared/domain";
import { Rejection } from "../../shared/errors";
import type { CordonEvent } from "../../shared/events";
import { foldEvents } from "../../shared/evolve";
import { initialState, type OperationState } from "../../shared/state";
import { actors, at, MemoryLog } from "../support/events";

const seed = Number(process.env.FC_SEED ?? 20231017);
const controller: User = { id: "u-control", name: "Control", role: "controller", sector: null, unitId: null, post: null };

/** A random but valid log: steward reports, promotions, incidents, assignments, notes, alerts. */
function randomLog(steps: number[]): CordonEvent[] {
  const log = new MemoryLog();
  log.run(actors.control, "unit:register", { unitId: "psu-12a", callSign: "12A", kind: "serial", agency: "MPS", sector: "olympic-way" });
  for (const [i, r] of steps.entries()) {
    try {
      if (r % 5 === 0)
        log.run(actors.steward, "report:submit", {
          type: INCIDENT_TYPES[r % INCIDENT_TYPES.length],
          postId: "post-ow-boxpark",
          reporterTime: i,
        });
      else if (r % 5 === 1) log.run(actors.control, "report:promote", { reportId: `rep-${(r % 7) + 1}`, grade: GRADES[r % 4] });
      else if (r % 5 === 2) log.run(actors.control, "incident:report", { type: "disorder", location: at.olympicWay, description: `i${i}` });
      else if (r % 5 === 3) log.run(actors.control, "incident:assign", { incidentId: `inc-${(r % 4) + 1}`, unitId: "psu-12a" });
      else log.run(actors.control, "alert:send", { audience: "all", text: `a${i}` });
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
    }
  }
  return log.events;
}

/**
 * Delivers a log to the real client store as a bad network would: events duplicated, delayed and
 * reordered. When the store reports a gap, the client says hello again and gets what it missed
 * (as the server would answer: every event after its seq).
 */
function deliverBadly(log: CordonEvent[], order: number[], dupes: boolean[]): OperationState {
  const store = createBoardStore({ user: controller, opId: "op-test" });
  const queue = order.map((i) => log[i % log.length]!);
  for (const [i, duplicate] of dupes.entries()) {
    if (duplicate) queue.splice(i % (queue.length + 1), 0, log[i % log.length]!);
  }
  for (const e of queue) {
    if (store.getState().applyEvent(e) === "gap") {
      const seq = store.getState().state.seq;
      store.getState().applySync({ mode: "events", events: log.filter((x) => x.seq > seq), head: log.length, positions: [] });
    }
  }
  // The last hello of a session brings the rest.
  const seq = store.getState().state.seq;
  store.getState().applySync({ mode: "events", events: log.filter((x) => x.seq > seq), head: log.length, positions: [] });
  return store.getState().state;
}

describe("convergence (issue 4 item 7)", () => {
  const steps = fc.array(fc.nat(1000), { minLength: 1, maxLength: 80 });

  it("G1: the fold is deterministic: the same events give the same state", () => {
    fc.assert(
      fc.property(steps, (s) => {
        const log = randomLog(s);
        expect(foldEvents(initialState, log)).toEqual(foldEvents(initialState, log));
      }),
      { numRuns: 60, seed },
    );
  });

  it("G2: a snapshot (through JSON, as stored) plus the tail equals the full fold, at any seq", () => {
    fc.assert(
      fc.property(steps, fc.nat(), (s, cut) => {
        const log = randomLog(s);
        const k = cut % (log.length + 1);
        const snapshot = JSON.parse(JSON.stringify(foldEvents(initialState, log.slice(0, k)))) as OperationState;
        expect(foldEvents(snapshot, log.slice(k))).toEqual(foldEvents(initialState, log));
      }),
      { numRuns: 80, seed },
    );
  });

  it("G3: the client store reaches the server's state under duplicated, delayed and reordered deliveries", () => {
    fc.assert(
      fc.property(steps, fc.array(fc.nat(), { maxLength: 120 }), fc.array(fc.boolean(), { maxLength: 40 }), (s, order, dupes) => {
        const log = randomLog(s);
        expect(deliverBadly(log, order, dupes)).toEqual(foldEvents(initialState, log));
      }),
      { numRuns: 150, seed },
    );
  });
});
