import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOperation, OP_ID, START } from "../../bench/replayData";
import { CHAIN_RULE, type EventLogHeader, eventLogLines } from "../../server/export/eventLog";
import { verifyExport } from "../../server/export/verifyExport";
import { ReplayReader } from "../../server/replay/replayReader";
import type { CordonEvent } from "../../shared/events";
import { foldEvents } from "../../shared/evolve";
import type { TimeBasis } from "../../shared/replay";
import { type Fix, initialState } from "../../shared/state";
import { encodeFix, type PositionTuple } from "../../shared/wire";
import type { ReplayBackend } from "./replayQueries.contract";

const seed = Number(process.env.FC_SEED ?? 20231017);
/** 15 minutes, 10 units every 5 s, 1,200 events: more than one page of the export (1,000). */
const SPEC = { hours: 0.25, units: 10, fixEveryMs: 5000, events: 1200, seed: 5 };
const KEYFRAME_MS = 20_000;

/** By the reporter's clock only a steward's report moves, and never to after it was received. */
const time = (e: CordonEvent, basis: TimeBasis) =>
  basis === "reporter" && e.type === "StewardReportSubmitted" ? Math.min(e.payload.reporterTime, e.at) : e.at;

/**
 * The ReplayReader on top of each implementation (issue 9): the same generated operation,
 * written through the EventStore, replays to the fold of the log and the track, whichever
 * backend holds it, and its event-log export verifies.
 */
export function replayOverQueries(name: string, make: () => Promise<ReplayBackend>) {
  describe(`replay over ReplayQueries: ${name}`, () => {
    let b: ReplayBackend;
    let reader: ReplayReader;
    let events: CordonEvent[];
    let fixes: Fix[];
    beforeAll(async () => {
      b = await make();
      events = await generateOperation(b.log, SPEC);
      fixes = await b.log.track(OP_ID, 0, Number.MAX_SAFE_INTEGER);
      reader = new ReplayReader(b.queries, {
        snapshotEvery: 100,
        checkpointEvery: 7,
        keyframeEveryMs: KEYFRAME_MS,
        keyframeEveryFixes: 25,
        keyframeWaitMs: 5000,
      });
      console.log(`S50–S52 fast-check seed ${seed} (FC_SEED to replay)`);
    }, 120_000);
    afterAll(async () => {
      await reader?.close();
      await b?.close();
    });

    const truth = (t: number): PositionTuple[] => {
      const latest = new Map<string, PositionTuple>();
      for (const f of fixes) if (f.at <= t) latest.set(f.unitId, encodeFix({ ...f, accuracy: null }));
      return [...latest.values()].sort((x, y) => x[0].localeCompare(y[0]));
    };

    it(`S50: the board at T by either clock is the fold of exactly the events whose time is ≤ T, and after N events the fold of the first N (seed ${seed})`, async () => {
      const first = events[0]!.at - 60_000;
      const last = events[events.length - 1]!.at + 60_000;
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: first, max: last }), fc.constantFrom<TimeBasis>("record", "reporter"), async (t, basis) => {
          const counted = events.filter((e) => time(e, basis) <= t);
          const r = await reader.stateAt(OP_ID, t, basis);
          expect(r.state).toEqual(foldEvents(initialState, counted));
          expect(r.seq).toBe(counted[counted.length - 1]?.seq ?? 0);
        }),
        { seed, numRuns: 25 },
      );
      for (const seq of [0, 1, 99, 100, 101, 650, events.length]) {
        expect((await reader.stateAtSeq(OP_ID, seq)).state, `seq ${seq}`).toEqual(foldEvents(initialState, events.slice(0, seq)));
      }
      // The snapshots replay built where missing are folds of the log.
      const stored = await b.queries.snapshotSeqs(OP_ID);
      expect(stored.length).toBeGreaterThanOrEqual(Math.floor(events.length / 125));
      const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
      for (const seq of stored.slice(0, 3)) {
        expect(await b.queries.snapshot(OP_ID, seq)).toEqual(json(foldEvents(initialState, events.slice(0, seq))));
      }
    }, 120_000);

    it(`S51: positions at T are each unit's latest fix by then, from keyframes and by one lookup per unit, and a fix stored late shows from its own time (seed ${seed})`, async () => {
      const boundary = START + 600_000;
      await expect
        .poll(
          async () => {
            await reader.track.refresh(OP_ID);
            return b.queries.track.keyframeCount(OP_ID, boundary);
          },
          { timeout: 20_000, message: "the keyframe 10 minutes in" },
        )
        .toBe(1);
      const start = fixes[0]!.at;
      const end = fixes[fixes.length - 1]!.at;
      const check = () =>
        fc.assert(
          fc.asyncProperty(fc.integer({ min: start - 10_000, max: end + 10_000 }), async (t) => {
            expect(await reader.track.positionsAt(OP_ID, t)).toEqual(truth(t));
            expect(await reader.track.lookEachUnit(OP_ID, t)).toEqual(truth(t));
          }),
          { seed, numRuns: 30 },
        );
      await check();
      // u-3 reports 1.5 s into every 5 s: a fix from just before the keyframe, stored now, is its latest until 1.5 s after it.
      const late = { unitId: "u-3", lat: 51.5, lng: -0.3, at: boundary - 100, heading: null, speed: null, accuracy: 5 };
      await b.log.appendFixes(OP_ID, [late], end + 1);
      fixes = await b.log.track(OP_ID, 0, Number.MAX_SAFE_INTEGER);
      await expect
        .poll(
          async () => {
            await reader.track.refresh(OP_ID);
            return (await reader.track.positionsAt(OP_ID, boundary + 500)).find((p) => p[0] === "u-3")?.slice(1, 3);
          },
          { timeout: 20_000, message: "the late fix in the positions after the keyframe it falls behind" },
        )
        .toEqual([51.5, -0.3]);
      await check();
    }, 120_000);

    it("S52: a playback window holds the events recorded and the fixes taken in (from, to], and the scrubber's meta matches the log", async () => {
      const from = START + 120_000;
      const to = START + 300_000;
      const w = await reader.window(OP_ID, from, to);
      expect(w.events).toEqual(events.filter((e) => e.at > from && e.at <= to));
      expect(w.fixes).toEqual(fixes.filter((f) => f.at > from && f.at <= to).map((f) => encodeFix({ ...f, accuracy: null })));
      const meta = await reader.meta(OP_ID, "Replay bench", "wembley");
      expect(meta.headSeq).toBe(events.length);
      expect(meta.headHash).toBe(events[events.length - 1]!.hash);
      expect(meta.eventTimes).toEqual(events.map((e) => e.at));
      const marked = events.filter((e) => e.type === "IncidentReported" || e.type === "StewardReportPromoted").map((e) => e.seq);
      expect(meta.incidents.map((m) => m.seq)).toEqual(marked);
    });

    it("S53: the event-log export, read a page at a time through the queries, holds every event and verifies", async () => {
      const head = events[events.length - 1]!;
      const header: EventLogHeader = {
        kind: "cordon-event-log",
        marking: "OFFICIAL-SENSITIVE",
        opId: OP_ID,
        name: "Replay bench",
        exportedAt: new Date(head.at).toISOString(),
        exportedBy: { userId: "u-analyst", name: "Analyst", role: "analyst" },
        reason: "Contract test",
        recipient: "CI",
        headSeq: head.seq,
        headHash: head.hash,
        headAt: head.at,
        chain: CHAIN_RULE,
      };
      let text = "";
      for await (const part of eventLogLines(b.queries, header)) text += part;
      const lines = text.trimEnd().split("\n");
      expect(lines).toHaveLength(events.length + 1);
      const report = verifyExport(lines);
      expect(report.findings).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.events).toMatchObject({ count: events.length, first: 1, last: events.length });
    });
  });
}
