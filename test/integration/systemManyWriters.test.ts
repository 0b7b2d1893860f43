import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Operations } from "../../server/operations/operations";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import type { Storage } from "../../server/store/storage";
import { AttendanceWatcher } from "../../server/system/attendance";
import { loadVenues } from "../../server/venues";
import { SYSTEM_ACTOR } from "../../shared/events";
import { actors, at } from "../support/events";
import { createTestSchema, postgresAvailable, type TestSchema } from "../support/services";
import { until } from "../support/until";

const up = await postgresAvailable();

/**
 * Y8: two processes' live logs on one PostgreSQL schema, each with its own attendance watcher,
 * notice the same missed target at the same moment: the log holds it once, both acks name the
 * same seq (one is the duplicate), and both live states record it (issue 9 item 5 on item 3).
 */
describe.skipIf(!up)("the server's own events with two writers on one PostgreSQL log", () => {
  let schema: TestSchema;
  const storages: Storage[] = [];
  const processes: Operations[] = [];
  const watchers: AttendanceWatcher[] = [];
  let clock = Date.now();
  let opId: string;

  beforeAll(async () => {
    schema = await createTestSchema();
    const venues = loadVenues();
    for (let i = 0; i < 2; i++) {
      const storage = await openPostgresStorage(schema.url);
      storages.push(storage);
      const ops = new Operations({
        store: storage.log,
        venues,
        now: () => clock,
        groupCommitMs: 2,
        groupCommit: true,
        snapshotEvery: 50,
        onCommitted: () => {},
        onError: () => {},
        checkHeadsEveryMs: 500,
      });
      await ops.loadAll();
      processes.push(ops);
      const onError = (err: unknown) => {
        throw err;
      };
      watchers.push(
        new AttendanceWatcher({ logs: () => ops.all(), targets: { I: { assign: 120_000 } }, now: () => clock, everyMs: 0, onError }),
      );
    }
    const log = await processes[0]!.open(actors.silver, { name: "Two watchers", venueId: "wembley", cadStart: 4100, phases: [] });
    opId = log.opId;
    await until(() => processes[1]!.get(opId)?.state.seq === 1, "the operation opened on process 1");
  });

  afterAll(async () => {
    for (const p of processes) await p.closeAll();
    for (const s of storages) await s.close();
    await schema?.drop();
  });

  it("Y8: both processes notice the same missed target at once: appended once, both acks name its seq, both states record it", async () => {
    const reportedAt = clock;
    const report = await processes[0]!.get(opId)!.execute(
      { actor: actors.control, unitId: null },
      {
        name: "incident:report",
        body: { type: "disorder", grade: "I", location: at.olympicWay, locationText: "", description: "Fight", source: "radio" },
      },
      "report-grade-i-0001",
    );
    expect(report.ok, JSON.stringify(report)).toBe(true);
    const seq = report.ok ? report.data.seq : -1;
    await until(() => processes[1]!.get(opId)?.state.seq === seq, "process 2 to follow the report");

    clock = reportedAt + 120_000;
    const [first, second] = await Promise.all(watchers.map((w) => w.tick()));
    const acks = [...(first ?? []), ...(second ?? [])];
    expect(acks, "each watcher sent one flag").toHaveLength(2);
    for (const a of acks) expect(a.ok, JSON.stringify(a)).toBe(true);
    expect(new Set(acks.map((a) => (a.ok ? a.data.seq : -1)))).toEqual(new Set([seq + 1]));
    expect(acks.filter((a) => a.ok && a.data.duplicate)).toHaveLength(1);

    const stored = await storages[0]!.log.readAfter(opId, 0);
    const flags = stored.filter((e) => e.type === "AttendanceTargetMissed");
    expect(flags).toHaveLength(1);
    expect(flags[0]?.actor).toEqual(SYSTEM_ACTOR);
    for (const [i, p] of processes.entries()) {
      await until(() => p.get(opId)?.state.seq === seq + 1, `process ${i + 1} to hold the flag`);
      expect(p.get(opId)!.state.incidents["inc-1"]?.targetsMissed).toEqual({ assign: reportedAt + 120_000 });
    }
    // Nothing is left to notice, on either process.
    for (const w of watchers) expect(await w.tick()).toEqual([]);
  });
});
