import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Operations } from "../../server/operations/operations";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import type { Storage } from "../../server/store/storage";
import { loadVenues } from "../../server/venues";
import type { Command } from "../../shared/commands";
import type { Ack } from "../../shared/errors";
import type { CordonEvent } from "../../shared/events";
import { foldEvents } from "../../shared/evolve";
import type { CommandResult } from "../../shared/protocol";
import { initialState } from "../../shared/state";
import { actors } from "../support/events";
import { createTestSchema, postgresAvailable, type TestSchema } from "../support/services";
import { until } from "../support/until";

const up = await postgresAvailable();

/** Three processes' worth of live logs on one PostgreSQL schema (issue 9 item 3). */
describe.skipIf(!up)("many writers on one PostgreSQL log", () => {
  let schema: TestSchema;
  const storages: Storage[] = [];
  const processes: Operations[] = [];
  const delivered: CordonEvent[][] = [];
  let opId: string;

  beforeAll(async () => {
    schema = await createTestSchema();
    const venues = loadVenues();
    for (let i = 0; i < 3; i++) {
      const storage = await openPostgresStorage(schema.url);
      storages.push(storage);
      const seen: CordonEvent[] = [];
      delivered.push(seen);
      const ops = new Operations({
        store: storage.log,
        venues,
        now: Date.now,
        groupCommitMs: 2,
        groupCommit: true,
        snapshotEvery: 50,
        onCommitted: (_opId, events) => seen.push(...events),
        onError: () => {},
        checkHeadsEveryMs: 500,
      });
      await ops.loadAll();
      processes.push(ops);
    }
    const log = await processes[0]!.open(actors.silver, { name: "Three writers", venueId: "wembley", cadStart: 4100, phases: [] });
    opId = log.opId;
    // The others learn of the new operation from the store's notification.
    await Promise.all(processes.slice(1).map((p) => until(() => p.get(opId)?.state.seq === 1, "the operation opened elsewhere")));
  });

  afterAll(async () => {
    for (const p of processes) await p.closeAll();
    for (const s of storages) await s.close();
    await schema?.drop();
  });

  const report = (i: number): Command => ({
    name: "report:submit",
    body: {
      type: "crowd-surge",
      location: { lat: 51.556, lng: -0.279 },
      postId: null,
      text: `report ${i}`,
      reporterTime: 1_700_000_000_000,
      photos: [],
    },
  });
  const send = (p: number, i: number, key = `k-${p}-${i}-abcdef`) =>
    processes[p]!.get(opId)!.execute({ actor: actors.steward, unitId: null }, report(i), key);

  it("S9: commands sent to three processes at once give a gap-free log, no duplicate, every ack's seq in it", async () => {
    const acks: Ack<CommandResult>[] = await Promise.all(Array.from({ length: 90 }, (_, i) => send(i % 3, i)));
    for (const a of acks) expect(a.ok, JSON.stringify(a)).toBe(true);
    const stored = await storages[0]!.log.readAfter(opId, 0);
    expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i + 1));
    const seqs = acks.map((a) => (a.ok ? a.data.seq : -1));
    expect(new Set(seqs).size).toBe(90);
    for (const s of seqs) expect(stored[s - 1]?.type).toBe("StewardReportSubmitted");
    const texts = stored.flatMap((e) => (e.type === "StewardReportSubmitted" ? [e.payload.text] : []));
    expect(new Set(texts).size).toBe(90);
    // Every process's live state follows the log, and each applied every event once, in order.
    const head = stored.length;
    for (const [i, p] of processes.entries()) {
      await until(() => p.get(opId)?.state.seq === head, `process ${i + 1} to reach seq ${head}`);
      expect(p.get(opId)!.state).toEqual(foldEvents(initialState, stored));
      // Delivered: every event after the one it loaded the operation at, in order, once.
      const got = delivered[i]!.map((e) => e.seq);
      expect(got).toEqual(stored.slice(head - got.length).map((e) => e.seq));
      expect(got.length).toBeGreaterThanOrEqual(head - 1);
    }
  });

  it("S10: one key sent to every process at once is appended once, and all three acks name its seq", async () => {
    const before = (await storages[0]!.log.head(opId))!.seq;
    const acks = await Promise.all([0, 1, 2].map((p) => send(p, 999, "same-key-on-all-three")));
    const seqs = acks.map((a) => (a.ok ? a.data.seq : a.error.code));
    expect(new Set(seqs)).toEqual(new Set([before + 1]));
    expect(acks.filter((a) => a.ok && a.data.duplicate)).toHaveLength(2);
    expect((await storages[0]!.log.head(opId))!.seq).toBe(before + 1);
  });

  it("S11: a resend refused by the rules on a stale process is still answered as the original", async () => {
    // Process 2 closes nothing; a second send of the same key to process 3 after the first
    // committed on process 1 is a duplicate, not a second report.
    const first = await send(0, 1000, "resend-across-processes");
    const again = await send(2, 1000, "resend-across-processes");
    expect(first.ok && again.ok && again.data.seq === first.data.seq && again.data.duplicate).toBe(true);
  });
});
