import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventStore } from "../../server/store/eventStore";
import type { ReplayQueries, TrackRow } from "../../server/store/replayQueries";
import { GENESIS_HASH, hashedText } from "../../shared/canonical";
import type { CordonEvent } from "../../shared/events";
import { initialState } from "../../shared/state";
import { replayOverQueries } from "./replayOverQueries";

export interface ReplayBackend {
  log: EventStore;
  queries: ReplayQueries;
  close(): Promise<void>;
}

/**
 * What every ReplayQueries must answer (issue 9 item 1), run for SQLite and PostgreSQL by
 * test/store/replayQueriesSqlite.test.ts and replayQueriesPg.test.ts. `make` gives a fresh,
 * empty backend; the data is written through the EventStore, as the live server writes it.
 */
export function replayQueriesContract(name: string, make: () => Promise<ReplayBackend>) {
  describe(`ReplayQueries contract: ${name}`, () => {
    let b: ReplayBackend;
    beforeEach(async () => {
      b = await make();
    });
    afterEach(async () => b.close());

    it("S40: the time index has every event after a seq, in order and paged: record time, the reporter's time only for a steward's report and never later than record time, and the incident marks", async () => {
      const events = log("op-a", [
        { at: 1000, type: "DecisionLogged", payload: { decisionId: "d1", decision: "Hold", rationale: "Crush" } },
        { at: 2000, type: "StewardReportSubmitted", payload: { reportId: "r1", reporterTime: 500 } },
        { at: 3000, type: "StewardReportSubmitted", payload: { reportId: "r2", reporterTime: 9000 } },
        { at: 4000, type: "IncidentReported", payload: { incidentId: "i1", ref: "4101", type: "disorder", grade: "I" } },
        {
          at: 5000,
          type: "StewardReportPromoted",
          payload: { reportId: "r1", incidentId: "i2", ref: "4102", type: "missile", grade: null },
        },
      ]);
      await b.log.append("op-a", keyed(events));
      const rows = await b.queries.eventTimes("op-a", 0, 100);
      expect(rows.map((r) => [r.seq, r.at, r.reporterTime])).toEqual([
        [1, 0, null],
        [2, 1000, null],
        [3, 2000, 500],
        [4, 3000, 3000],
        [5, 4000, null],
        [6, 5000, null],
      ]);
      expect(rows.flatMap((r) => (r.mark ? [r.mark] : []))).toEqual([
        { seq: 5, at: 4000, incidentId: "i1", ref: "4101", type: "disorder", grade: "I" },
        { seq: 6, at: 5000, incidentId: "i2", ref: "4102", type: "missile", grade: null },
      ]);
      expect((await b.queries.eventTimes("op-a", 2, 2)).map((r) => r.seq)).toEqual([3, 4]);
      expect(await b.queries.eventTimes("op-a", 6, 10)).toEqual([]);
      expect(await b.queries.eventTimes("op-b", 0, 10)).toEqual([]);
    });

    it("S41: the log reads back a bounded page at a time, and snapshots through the queries are the event store's", async () => {
      const events = log(
        "op-a",
        Array.from({ length: 30 }, (_, i) => ({ at: i * 10, type: "DecisionLogged", payload: { decisionId: `d${i}` } })),
      );
      await b.log.append("op-a", keyed(events));
      expect(await b.queries.readAfter("op-a", 10, 5)).toEqual(events.slice(10, 15));
      expect(await b.queries.readAfter("op-a", 31, 5)).toEqual([]);
      await b.queries.saveSnapshot("op-a", { ...initialState, seq: 20 });
      expect(await b.log.snapshotSeqs("op-a")).toEqual([20]);
      expect((await b.queries.snapshot("op-a", 25))?.seq).toBe(20);
      expect(await b.queries.snapshot("op-a", 19)).toBeNull();
      expect(await b.queries.snapshotSeqs("op-a")).toEqual([20]);
    });

    it("S42: the track's span, and the fixes in (after, to] oldest first, the later stored of one time last", async () => {
      const t = b.queries.track;
      expect(await t.span("op-a")).toEqual({ first: null, last: null });
      await b.log.appendFixes("op-a", [fix("u1", 1000, 51.5), fix("u2", 3000, 51.6), fix("u1", 2000, 51.7)], 1);
      await b.log.appendFixes("op-a", [fix("u1", 2000, 51.8), fix("u3", 1500, 51.9, 90, 1.5)], 2);
      await b.log.appendFixes("op-b", [fix("u9", 500, 50)], 3);
      expect(await t.span("op-a")).toEqual({ first: 1000, last: 3000 });
      expect(await t.fixesBetween("op-a", 1000, 2000)).toEqual([
        ["u3", 51.9, -0.28, 1500, 90, 1.5],
        ["u1", 51.7, -0.28, 2000, null, null],
        ["u1", 51.8, -0.28, 2000, null, null],
      ]);
      expect((await t.fixesBetween("op-a", 0, 10_000)).map((r) => r[3])).toEqual([1000, 1500, 2000, 2000, 3000]);
    });

    it("S43: each unit's latest fix at a time, the later stored of one time winning; units with none by then are left out", async () => {
      await b.log.appendFixes("op-a", [fix("u1", 1000, 51.5), fix("u2", 3000, 51.6), fix("u1", 2000, 51.7)], 1);
      await b.log.appendFixes("op-a", [fix("u1", 2000, 51.8)], 2);
      const at = async (t: number) => (await b.queries.track.latestEachUnit("op-a", t)).map((r) => [r[0], r[1]]).sort();
      expect(await at(500)).toEqual([]);
      expect(await at(1999)).toEqual([["u1", 51.5]]);
      expect(await at(2000)).toEqual([["u1", 51.8]]);
      expect(await at(5000)).toEqual([
        ["u1", 51.8],
        ["u2", 51.6],
      ]);
    });

    it("S44: a window is (from, to], oldest first, cut at its limit; with a step, each unit's latest in each step from `from`", async () => {
      const fixes = [1, 2, 3, 4].flatMap((k) => [fix("u1", k * 1000, 50 + k), fix("u2", k * 1000 + 10, 60 + k)]);
      await b.log.appendFixes("op-a", fixes, 1);
      const t = b.queries.track;
      expect((await t.window("op-a", 1000, 3000, 100)).map((r) => r[3])).toEqual([1010, 2000, 2010, 3000]);
      expect((await t.window("op-a", 0, 10_000, 3)).map((r) => r[3])).toEqual([1000, 1010, 2000]);
      // Steps of 2 s from 0: (0, 2000], (2000, 4000], (4000, 6000]; each unit's latest in each.
      const stepped = (await t.window("op-a", 0, 10_000, 100, 2000)).map((r: TrackRow) => [r[0], r[3]]);
      expect(stepped).toEqual([
        ["u2", 1010],
        ["u1", 2000],
        ["u2", 3010],
        ["u1", 4000],
        ["u2", 4010],
      ]);
    });

    it("S45: a track mark covers what was stored before it: later fixes are past it, and the earliest of those is found", async () => {
      const t = b.queries.track;
      await b.log.appendFixes("op-a", [fix("u1", 1000, 1), fix("u1", 5000, 2)], 1);
      const m1 = await markCovering(b.queries, "op-a", 2);
      // A late fix: its time is before fixes already covered.
      await b.log.appendFixes("op-a", [fix("u1", 3000, 3), fix("u2", 9000, 4)], 2);
      await b.log.appendFixes("op-b", [fix("u1", 100, 5)], 2);
      const m2 = await markCovering(b.queries, "op-a", 4);
      expect(m2).toBeGreaterThan(m1);
      expect(await t.earliestStoredBetween("op-a", m1, m2)).toBe(3000);
      expect(await t.earliestStoredBetween("op-a", m2, m2)).toBeNull();
      expect((await t.fixesBetween("op-a", 0, 10_000, m1)).map((r) => r[3])).toEqual([1000, 5000]);
      expect((await t.fixesBetween("op-a", 0, 10_000, m2)).map((r) => r[3])).toEqual([1000, 3000, 5000, 9000]);
      expect(await t.nextFixTime("op-a", 1000, m1)).toBe(5000);
      expect(await t.nextFixTime("op-a", 1000, m2)).toBe(3000);
      expect(await t.nextFixTime("op-a", 9000, m2)).toBeNull();
    });

    it("S46: keyframes: the newest at or before a time, replaced at one time, dropped from a time or all; the mark round-trips", async () => {
      const t = b.queries.track;
      expect(await t.keyframe("op-a")).toBeNull();
      for (const at of [1000, 2000, 3000]) await t.putKeyframe("op-a", at, 1, Buffer.from([at / 1000]));
      await t.putKeyframe("op-a", 2000, 1, Buffer.from([22]));
      await t.putKeyframe("op-b", 1500, 1, Buffer.from([9]));
      expect(await t.keyframe("op-a", 2500)).toEqual({ at: 2000, data: Buffer.from([22]) });
      expect(await t.keyframe("op-a", 999)).toBeNull();
      expect((await t.keyframe("op-a"))?.at).toBe(3000);
      expect(await t.keyframeCount("op-a")).toBe(3);
      expect(await t.keyframeCount("op-a", 2000)).toBe(1);
      await t.dropKeyframes("op-a", 2000);
      expect((await t.keyframe("op-a"))?.at).toBe(1000);
      await t.dropKeyframes("op-a");
      expect(await t.keyframeCount("op-a")).toBe(0);
      expect(await t.keyframeCount("op-b")).toBe(1);
      expect(await t.keyframeMark("op-a")).toBeNull();
      await t.setKeyframeMark("op-a", 41);
      await t.setKeyframeMark("op-a", 42);
      expect(await t.keyframeMark("op-a")).toBe(42);
      expect(await t.exclusively("op-a", async () => {})).toBe(true);
    });
  });

  replayOverQueries(name, make);
}

/**
 * A mark that covers the operation's first `n` fixes stored. In PostgreSQL a mark stops below any
 * transaction still open anywhere in the cluster, so it may take a moment to pass a commit.
 */
export async function markCovering(q: ReplayQueries, opId: string, n: number): Promise<number> {
  let mark = 0;
  await expect
    .poll(
      async () => {
        mark = await q.track.storedUpTo();
        return (await q.track.fixesBetween(opId, -1, Number.MAX_SAFE_INTEGER, mark)).length;
      },
      { timeout: 10_000, message: `a track mark covering ${n} fixes of ${opId}` },
    )
    .toBe(n);
  return mark;
}

/** A hash-chained log: an opening event, then the given events (payloads only as much as the queries read). */
export function log(opId: string, rest: { at: number; type: string; payload: Record<string, unknown> }[]): CordonEvent[] {
  const out: CordonEvent[] = [];
  let prevHash = GENESIS_HASH;
  const opening = {
    at: 0,
    type: "OperationOpened",
    payload: { name: "Replay contract", venueId: "wembley", cadStart: 1, cadDate: "17Oct", phases: [] },
  };
  for (const [i, r] of [opening, ...rest].entries()) {
    const base = {
      seq: i + 1,
      id: `${opId}-e${i + 1}`,
      opId,
      at: r.at,
      actor: { userId: "u-1", role: "controller", name: "Control" },
      scope: { sector: null, stewards: [], units: [] },
      prevHash,
      type: r.type,
      payload: r.payload,
    };
    const hash = createHash("sha256").update(hashedText(prevHash, base)).digest("hex");
    out.push({ ...base, hash } as unknown as CordonEvent);
    prevHash = hash;
  }
  return out;
}

export const keyed = (events: CordonEvent[]) => events.map((e) => ({ key: `k${e.seq}`, event: e }));

export const fix = (unitId: string, at: number, lat: number, heading: number | null = null, speed: number | null = null) => ({
  unitId,
  at,
  lat,
  lng: -0.28,
  heading,
  speed,
  accuracy: 5,
});
