import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Operations } from "../../server/operations/operations";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import type { Storage } from "../../server/store/storage";
import { SectorWatcher } from "../../server/system/sectorWatch";
import { loadVenues } from "../../server/venues";
import type { Ack } from "../../shared/errors";
import { SYSTEM_ACTOR } from "../../shared/events";
import type { CommandResult } from "../../shared/protocol";
import type { Fix } from "../../shared/state";
import { actors } from "../support/events";
import { createTestSchema, postgresAvailable, type TestSchema } from "../support/services";
import { until } from "../support/until";

const up = await postgresAvailable();
const PROCESSES = 3;

/**
 * SW8: three processes' live logs on one PostgreSQL schema, each with its own sector watcher, all
 * seeing the same fixes (as each process does, through the Redis share) and the same state: a
 * crossing and a cover loss are each appended once; the other two get the first one's seq back.
 */
describe.skipIf(!up)("sector warnings with three writers on one PostgreSQL log", () => {
  let schema: TestSchema;
  const storages: Storage[] = [];
  const processes: Operations[] = [];
  const watchers: SectorWatcher[] = [];
  /** The fixes every process holds: the lane's latest, as each would read it. */
  let fixes: Fix[] = [];
  let opId: string;

  beforeAll(async () => {
    schema = await createTestSchema();
    const venues = loadVenues();
    for (let i = 0; i < PROCESSES; i++) {
      const storage = await openPostgresStorage(schema.url);
      storages.push(storage);
      const ops = new Operations({
        store: storage.log,
        venues,
        now: () => Date.now(),
        groupCommitMs: 2,
        groupCommit: true,
        snapshotEvery: 50,
        onCommitted: () => {},
        onError: () => {},
        checkHeadsEveryMs: 200,
      });
      await ops.loadAll();
      processes.push(ops);
      const onError = (err: unknown) => {
        throw err;
      };
      watchers.push(new SectorWatcher({ logs: () => ops.all(), venues, latestFixes: () => fixes, everyMs: 0, onError }));
    }
    const log = await processes[0]!.open(actors.silver, { name: "Three watchers", venueId: "wembley", cadStart: 4100, phases: [] });
    opId = log.opId;
    // Each process loads the new operation before anything else is appended to it (as Y8 waits):
    // a log loaded while another process appends can hold the head's hash with an older state.
    await followed(1);
    const sender = { actor: actors.control, unitId: null };
    for (const unitId of ["psu-12a", "mounted-2"]) {
      const kind = unitId === "psu-12a" ? "serial" : "mounted";
      const body = { unitId, callSign: unitId, kind, agency: "MPS", sector: "olympic-way", parentId: null, strength: null } as const;
      const ack = await log.execute(sender, { name: "unit:register", body }, `register-${unitId}`);
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
    }
    await followed(3);
  }, 60_000);

  afterAll(async () => {
    for (const p of processes) await p.closeAll();
    for (const s of storages) await s.close();
    await schema?.drop();
  });

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

    const stored = await storages[0]!.log.readAfter(opId, 0);
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
