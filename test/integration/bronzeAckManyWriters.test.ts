import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Operations } from "../../server/operations/operations";
import { BronzeAckWatcher } from "../../server/system/bronzeAck";
import { SYSTEM_ACTOR } from "../../shared/events";
import { actors, at } from "../support/events";
import { type ProcessesOnOneLog, processesOnOneLog, rethrow } from "../support/processesOnOneLog";
import { postgresAvailable } from "../support/services";
import { until } from "../support/until";

const up = await postgresAvailable();
const WITHIN_MS = 180_000;

/**
 * CR11: three processes' live logs on one PostgreSQL schema, each with its own Bronze
 * acknowledgement watcher, notice the same unacknowledged incident at the same moment: the
 * warning is appended once (one key per incident), every ack names its seq, every live state
 * lists it; the Bronze's acknowledgement then clears it everywhere and nothing more is sent.
 */
describe.skipIf(!up)("CR11: the Bronze warning with three writers on one PostgreSQL log", () => {
  const watchers: BronzeAckWatcher[] = [];
  let clock = Date.now();
  let world: ProcessesOnOneLog;
  let processes: Operations[];
  let opId: string;

  beforeAll(async () => {
    world = await processesOnOneLog(3, {
      now: () => clock,
      each: (ops) =>
        watchers.push(new BronzeAckWatcher({ logs: () => ops.all(), withinMs: WITHIN_MS, now: () => clock, everyMs: 0, onError: rethrow })),
    });
    ({ processes, opId } = world);
  });

  afterAll(() => world?.close());

  const seqEverywhere = (seq: number, what: string) =>
    Promise.all(processes.map((p, i) => until(() => p.get(opId)?.state.seq === seq, `process ${i + 1}: ${what}`)));

  it("CR11: raised once when three processes notice it, cleared by the Bronze's acknowledgement, then nothing more", async () => {
    const reportedAt = clock;
    const report = await processes[0]!.get(opId)!.execute(
      { actor: actors.control, unitId: null },
      {
        name: "incident:report",
        body: { type: "disorder", grade: "S", location: at.olympicWay, locationText: "", description: "Fight", source: "radio" },
      },
      "report-bronze-0001",
    );
    if (!report.ok) throw new Error(JSON.stringify(report));
    const seq = report.data.seq;
    await seqEverywhere(seq, "the report");
    clock = reportedAt + WITHIN_MS - 1;
    for (const w of watchers) expect(await w.tick(), "not due yet").toEqual([]);

    clock = reportedAt + WITHIN_MS;
    const acks = (await Promise.all(watchers.map((w) => w.tick()))).flat();
    expect(acks, "each watcher sent one warning").toHaveLength(3);
    expect(new Set(acks.map((a) => (a.ok ? a.data.seq : -1)))).toEqual(new Set([seq + 1]));
    expect(acks.filter((a) => a.ok && !a.data.duplicate)).toHaveLength(1);
    const stored = (await world.storages[0]!.log.readAfter(opId, 0)).filter((e) => e.type === "BronzeAckOverdue");
    expect(stored.map((e) => e.actor)).toEqual([SYSTEM_ACTOR]);
    await seqEverywhere(seq + 1, "the warning");
    for (const p of processes) {
      expect(p.get(opId)!.state.warnings["bronze-unacknowledged:inc-1"]).toMatchObject({ sector: "olympic-way", clearedAt: null });
    }

    const ack = await processes[2]!
      .get(opId)!
      .execute(
        { actor: actors.bronze, unitId: null, sector: "olympic-way" },
        { name: "incident:bronze-ack", body: { incidentId: "inc-1" } },
        "bronze-ack-0001",
      );
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    await seqEverywhere(seq + 2, "the acknowledgement");
    for (const p of processes) expect(p.get(opId)!.state.warnings["bronze-unacknowledged:inc-1"]?.clearedAt).toBe(clock);
    clock += 600_000;
    for (const w of watchers) expect(await w.tick()).toEqual([]);
  });
});
