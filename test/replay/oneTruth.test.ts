import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOperation, OP_ID } from "../../bench/replayData";
import type { App } from "../../server/app";
import { DEFAULT_START, DEMO_DATE, londonTime, ScenarioClock } from "../../server/demo/clock";
import { runDemo } from "../../server/demo/simulator";
import { EventTimes } from "../../server/replay/eventTimes";
import { ReplayReader } from "../../server/replay/replayReader";
import { SqliteReplayQueries } from "../../server/store/sqliteReplayQueries";
import { SqliteEventStore } from "../../server/store/sqliteStore";
import type { CordonEvent } from "../../shared/events";
import { foldEvents } from "../../shared/evolve";
import type { ReplayState, TimeBasis } from "../../shared/replay";
import { initialState, type OperationState } from "../../shared/state";
import { encodeFix, type PositionTuple } from "../../shared/wire";
import { startServer, within } from "../support/harness";

const seed = Number(process.env.FC_SEED ?? 20231017);
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/**
 * The live state at every seq, with no sampling: the operation's log is watched from its opening,
 * and each assignment of its `state` (one per applied event, batch or not) is kept. States are
 * immutable, so keeping each is cheap.
 */
function recordLiveStates(app: App): Map<number, OperationState> {
  const live = new Map<number, OperationState>();
  const open = app.ops.open.bind(app.ops);
  app.ops.open = async (...args) => {
    const log = await open(...args);
    let current = log.state;
    live.set(current.seq, current);
    Object.defineProperty(log, "state", {
      configurable: true,
      enumerable: true,
      get: () => current,
      set: (next: OperationState) => {
        current = next;
        live.set(next.seq, next);
      },
    });
    return log;
  };
  return live;
}

describe("one truth: replay is the live fold (issue 3)", () => {
  it("R1: replay folds the stored log to the live state at every seq", async () => {
    // England v Italy from 17:30 to 19:30 at 900x: about 8 s. Snapshots every 50 events, so the
    // snapshot-plus-tail path is taken again and again.
    const clock = new ScenarioClock(DEFAULT_START, 900);
    const server = await startServer({ SNAPSHOT_EVERY: 50 }, { now: () => clock.now() });
    try {
      const live = recordLiveStates(server.app);
      const run = await runDemo(server.app, { seed: 7, until: londonTime(DEMO_DATE, "19:30") });
      await within(run.done, 90_000, "the demo playing to 19:30");
      await run.stop();
      const final = server.app.ops.get(run.opId)!.state;
      // Every seq the live state passed through, none skipped.
      expect([...live.keys()]).toEqual(Array.from({ length: final.seq }, (_, i) => i + 1));
      expect(live.get(final.seq)).toBe(final);
      expect(live.size).toBeGreaterThan(100);

      const cookie = await server.signIn("analyst");
      const get = async <T>(q: string) =>
        (await (await fetch(`${server.url}/api/operations/${run.opId}/replay${q}`, { headers: { cookie } })).json()) as T;
      // Opening the replay is logged, so it is a POST (issue 8).
      const opened = await fetch(`${server.url}/api/operations/${run.opId}/replay/open`, { method: "POST", headers: { cookie } });
      const recordTimes = ((await opened.json()) as { eventTimes: number[] }).eventTimes;
      let byTime = 0;
      for (const [seq, state] of live) {
        expect((await server.app.replay.stateAtSeq(run.opId, seq)).state, `seq ${seq}, in process`).toEqual(state);
        expect((await get<ReplayState>(`/state?seq=${seq}`)).state, `seq ${seq}, over HTTP`).toEqual(json(state));
        // Where no later event shares its record time, the board "at that time" is the same state.
        if ((recordTimes[seq] ?? Number.POSITIVE_INFINITY) > state.at) {
          const r = await get<ReplayState>(`/state?at=${state.at}&basis=record`);
          expect(r.seq).toBe(seq);
          expect(r.state, `at ${state.at} (seq ${seq})`).toEqual(json(state));
          byTime++;
        }
      }
      expect(byTime).toBeGreaterThan(50);

      // The second stream too: at the end, replay's positions are the live latest-wins positions.
      const end = await get<ReplayState>(`/state?at=${Math.max(...(recordTimes as number[]), clock.now())}`);
      const byUnit = (xs: PositionTuple[]) => [...xs].sort((a, b) => a[0].localeCompare(b[0]));
      expect(byUnit(end.positions)).toEqual(byUnit(server.app.lane.latestFor(run.opId, { kind: "control", userId: "u-analyst" })));
    } finally {
      await server.close();
    }
  }, 240_000);
});

describe("snapshots, checkpoints and keyframes are caches of the log (issue 3)", () => {
  let dir: string;
  let store: SqliteEventStore;
  let events: CordonEvent[];
  const readers: Record<string, ReplayReader> = {};
  const opts = { snapshotEvery: 20, keyframeEveryMs: 20_000, keyframeEveryFixes: 25, keyframeWaitMs: 5000 };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-replay-"));
    store = new SqliteEventStore(path.join(dir, "replay.db"));
    // 30 minutes, 12 units every 5 s, 400 events (steward reports among them, one in ten held back up to 20 minutes).
    events = await generateOperation(store, { hours: 0.5, units: 12, fixEveryMs: 5000, events: 400, seed: 3 });
    // Checkpoints every 3 events; with no memory for them, so that every seek parses a stored
    // snapshot; and with memory for the first 100 events only.
    const queries = new SqliteReplayQueries(store.db, store);
    readers.checkpoints = new ReplayReader(queries, { ...opts, checkpointEvery: 3 });
    readers["stored snapshots only"] = new ReplayReader(queries, { ...opts, budgetEvents: 0 });
    readers["checkpoints cut short by the memory bound"] = new ReplayReader(queries, { ...opts, checkpointEvery: 4, budgetEvents: 100 });
    console.log(`R2/R8/R9 fast-check seed ${seed} (FC_SEED to replay)`);
  }, 240_000); // generating the operation is CPU-bound: minutes when the machine is loaded
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** By the reporter's clock only a steward's report moves, and never to after it was received (issue 13). */
  const time = (e: CordonEvent, basis: TimeBasis) =>
    basis === "reporter" && e.type === "StewardReportSubmitted" ? Math.min(e.payload.reporterTime, e.at) : e.at;

  it(`R2: snapshot + tail equals the full fold at random seqs (seed ${seed})`, async () => {
    for (const [name, reader] of Object.entries(readers)) {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 0, max: events.length }), { minLength: 1, maxLength: 6 }), async (seqs) => {
          for (const seq of seqs) {
            const replayed = await reader.stateAtSeq(OP_ID, seq);
            expect(replayed.state, `${name}: seq ${seq}`).toEqual(foldEvents(initialState, events.slice(0, seq)));
          }
        }),
        { seed, numRuns: 40 },
      );
    }
    // The stored snapshots were built from the log where missing: one within every 20 events.
    const stored = await store.snapshotSeqs(OP_ID);
    expect(stored.length).toBeGreaterThanOrEqual(Math.floor(events.length / 25));
    for (const seq of stored) expect(await store.snapshot(OP_ID, seq)).toEqual(json(foldEvents(initialState, events.slice(0, seq))));
  }, 180_000); // CPU-bound: minutes when the machine is loaded

  it(`R8: the board at T by either clock is the fold of exactly the events whose time is ≤ T (seed ${seed})`, async () => {
    const first = events[0]!.at - 60_000;
    const last = events[events.length - 1]!.at + 60_000;
    const late = events.filter((e) => time(e, "reporter") < e.at - 60_000);
    expect(late.length).toBeGreaterThan(5);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: first, max: last }), fc.constantFrom<TimeBasis>("record", "reporter"), async (t, basis) => {
        const counted = events.filter((e) => time(e, basis) <= t);
        const r = await readers.checkpoints!.stateAt(OP_ID, t, basis);
        expect(r.state).toEqual(foldEvents(initialState, counted));
        expect(r.seq).toBe(counted[counted.length - 1]?.seq ?? 0);
      }),
      { seed, numRuns: 60 },
    );
  }, 120_000);

  it(`R8: the time index picks the same events as a filter, whatever order the clocks run in (seed ${seed})`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 50 }), late: fc.option(fc.integer({ min: -20, max: 20 })) }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: -5, max: 60 }),
        (rows, parts, t) => {
          const times = new EventTimes();
          const clocks = rows.map((r) => ({ at: r.at, reporterTime: r.late === null ? null : r.at + r.late }));
          // Appended in several parts, as a live log grows between requests.
          for (let i = 0; i < parts; i++)
            times.append(clocks.slice(Math.floor((i * clocks.length) / parts), Math.floor(((i + 1) * clocks.length) / parts)));
          for (const basis of ["record", "reporter"] as const) {
            const expected = clocks.flatMap((c, i) => ((basis === "record" ? c.at : (c.reporterTime ?? c.at)) <= t ? [i + 1] : []));
            const { prefix, extra } = times.select(t, basis);
            expect([...Array.from({ length: prefix }, (_, i) => i + 1), ...extra]).toEqual(expected);
          }
          const between = clocks.flatMap((c, i) => (c.at > t - 10 && c.at <= t ? [i + 1] : []));
          expect(times.recordedBetween(t - 10, t)).toEqual(between);
        },
      ),
      { seed, numRuns: 300 },
    );
  });

  it(`R9: positions from keyframes are each unit's latest fix at T, and stay so when a fix arrives late (seed ${seed})`, async () => {
    const reader = readers.checkpoints!;
    await reader.track.refresh(OP_ID);
    const keyframes = store.db.prepare("SELECT COUNT(*) FROM position_keyframes WHERE op_id = ?").pluck().get(OP_ID) as number;
    expect(keyframes).toBeGreaterThan(50);
    const fixes = await store.track(OP_ID, 0, Number.MAX_SAFE_INTEGER);
    const start = fixes[0]!.at;
    const end = fixes[fixes.length - 1]!.at;
    const truth = (t: number) => {
      const latest = new Map<string, PositionTuple>();
      for (const f of fixes) if (f.at <= t) latest.set(f.unitId, encodeFix(f));
      return [...latest.values()].sort((a, b) => a[0].localeCompare(b[0]));
    };
    const check = () =>
      fc.assert(
        fc.asyncProperty(fc.integer({ min: start - 10_000, max: end + 10_000 }), async (t) => {
          expect(await reader.track.positionsAt(OP_ID, t)).toEqual(truth(t));
          expect(await reader.track.lookEachUnit(OP_ID, t)).toEqual(await reader.track.positionsAt(OP_ID, t));
        }),
        { seed, numRuns: 80 },
      );
    await check();
    // A tracker's batch held back: a fix from 20 minutes ago, stored now, must show from its own time
    // on. u-3 reports at 1.25 s into every 5 s, so this one is its latest until 14:10:21.25, across a
    // keyframe at 14:10:20 that was built without it.
    const lateFix = { unitId: "u-3", lat: 51.5, lng: -0.3, at: start + 616_251, heading: null, speed: null, accuracy: 5 };
    expect(
      store.db
        .prepare("SELECT COUNT(*) FROM position_keyframes WHERE op_id = ? AND at = ?")
        .pluck()
        .get(OP_ID, start + 620_000),
    ).toBe(1);
    await store.appendFixes(OP_ID, [lateFix], end + 1);
    fixes.splice(
      fixes.findIndex((f) => f.at > lateFix.at),
      0,
      lateFix,
    );
    await reader.track.refresh(OP_ID);
    await check();
    expect((await reader.track.positionsAt(OP_ID, start + 620_500)).find((p) => p[0] === "u-3")?.slice(1, 3)).toEqual([51.5, -0.3]);
  }, 120_000);
});
