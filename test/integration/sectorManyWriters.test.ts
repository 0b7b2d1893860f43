import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Operations } from "../../server/operations/operations";
import { SectorWatcher } from "../../server/system/sectorWatch";
import { loadVenues } from "../../server/venues";
import type { Ack } from "../../shared/errors";
import { SYSTEM_ACTOR } from "../../shared/events";
import type { CommandResult } from "../../shared/protocol";
import type { Fix } from "../../shared/state";
import { actors } from "../support/events";
import { type ProcessesOnOneLog, processesOnOneLog, rethrow } from "../support/processesOnOneLog";
import { postgresAvailable } from "../support/services";
import { until } from "../support/until";

const up = await postgresAvailable();
const PROCESSES = 3;

/**
 * SW8: three processes' live logs on one PostgreSQL schema, each with its own sector watcher, all
 * seeing the same fixes (as each process does, through the Redis share) and the same state: a
 * crossing and a cover loss are each appended once; the other two get the first one's seq back.
 */
describe.skipIf(!up)("sector warnings with three writers on one PostgreSQL log", () => {
  const watchers: SectorWatcher[] = [];
  /** The fixes every process holds: the lane's latest, as each would read it. */
  let fixes: Fix[] = [];
  let world: ProcessesOnOneLog;
  let processes: Operations[];
  let opId: string;

  beforeAll(async () => {
    const venues = loadVenues();
    world = await processesOnOneLog(PROCESSES, {
      now: () => Date.now(),
      checkHeadsEveryMs: 200,
      each: (ops) =>
        watchers.push(new SectorWatcher({ logs: () => ops.all(), venues, latestFixes: () => fixes, everyMs: 0, onError: rethrow })),
    });
    ({ processes, opId } = world);
    const log = processes[0]!.get(opId)!;
    const sender = { actor: actors.control, unitId: null };
    for (const unitId of ["psu-12a", "mounted-2"]) {
      const kind = unitId === "psu-12a" ? "serial" : "mounted";
      const body = { unitId, callSign: unitId, kind, agency: "MPS", sector: "olympic-way", parentId: null, strength: null } as const;
      const ack = await log.execute(sender, { name: "unit:register", body }, `register-${unitId}`);
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
    }
    await followed(3);
  }, 60_000);

  afterAll(() => world?.close());

  /** Every process's live state has reached `seq`. */
  async function followed(seq: number) {
    for (const [i, p] of processes.entries()) await until(() => (p.get(opId)?.state.seq ?? 0) >= seq, `process ${i + 1} at seq ${seq}`);
  }

  /** All three look at once; the acks, flattened. */
  async function lookTogether(): Promise<Ack<CommandResult>[]> {
    return (await Promise.all(watchers.map((w) => w.tick()))).flat();
  }

  function expectOnce(acks: Ack<CommandResult>[], seq: number) {
    expect(acks, "each process sent it").toHaveLength(PROCESSES);
    for (const a of acks) expect(a.ok, JSON.stringify(a)).toBe(true);
    expect(new Set(acks.map((a) => (a.ok ? a.data.seq : -1)))).toEqual(new Set([seq]));
    expect(acks.filter((a) => a.ok && a.data.duplicate)).toHaveLength(PROCESSES - 1);
  }

  it("SW8: a unit 40 m out of Olympic Way, noticed by three processes at once, is appended once; so is the cover it leaves lost", async () => {
    const out = { unitId: "psu-12a", lat: 51.56, lng: -0.2816, heading: null, speed: null, accuracy: 8 };
    fixes = [{ ...out, at: 1 }];
    expect(await lookTogether(), "one fix beyond the band is not enough").toEqual([]);
    fixes = [{ ...out, at: 2 }];
    expectOnce(await lookTogether(), 4);
    await followed(4);
    // 12A out of its sector: Olympic Way has no available serial now.
    expectOnce(await lookTogether(), 5);
    await followed(5);

    const stored = await world.storages[0]!.log.readAfter(opId, 0);
    expect(stored.filter((e) => e.type === "UnitLeftSector")).toHaveLength(1);
    expect(stored.filter((e) => e.type === "SectorCoverLost").map((e) => e.payload)).toEqual([
      { sector: "olympic-way", missing: ["serial"] },
    ]);
    for (const e of stored.slice(3)) expect(e.actor).toEqual(SYSTEM_ACTOR);
    for (const p of processes) {
      expect(p.get(opId)!.state.warnings["unit-left-sector:psu-12a"]?.clearedAt).toBeNull();
      expect(p.get(opId)!.state.warnings["sector-cover:olympic-way"]?.clearedAt).toBeNull();
    }
    // Nothing is left to notice, on any process.
    expect(await lookTogether()).toEqual([]);
  });
});
