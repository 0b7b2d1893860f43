import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOperation } from "../../bench/replayData";
import { Audiences } from "../../server/operations/audiences";
import { SqliteEventStore } from "../../server/store/sqliteStore";
import type { CordonEvent } from "../../shared/events";
import { foldEvents } from "../../shared/evolve";
import { initialState } from "../../shared/state";
import { project, type Viewer } from "../../shared/visibility";

/** The per-audience index and states behind a steward's or officer's hello (issue 8 item 5). */
describe("audiences: what each filtered audience may see, kept as the log grows", () => {
  let dir: string;
  let events: CordonEvent[];
  const viewers: Viewer[] = [
    { kind: "steward", userId: "u-steward-0", sector: "olympic-way" },
    { kind: "steward", userId: "u-steward-7", sector: "stadium-west" },
    { kind: "steward", userId: "u-nobody", sector: null },
    { kind: "unit", userId: "u-officer", unitId: "u-3", sector: "stadium-north" },
    { kind: "unit", userId: "u-officer-2", unitId: null, sector: null },
  ];
  const visible = (v: Viewer, upTo: number, after = 0) =>
    events.filter((e) => e.seq > after && e.seq <= upTo).flatMap((e) => project(e, v) ?? []);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-audiences-"));
    const store = new SqliteEventStore(path.join(dir, "a.db"));
    events = await generateOperation(store, { hours: 1, units: 12, fixEveryMs: 600_000, events: 1_500, seed: 5 });
    await store.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("D32: a cached audience state stays the fold of what it may see as events are appended; runs and pages match a filter of the log", async () => {
    const a = new Audiences(async () => events);
    a.seed(events.slice(0, 600));
    for (const v of viewers) expect(await a.stateFor(v)).toEqual(foldEvents(initialState, visible(v, 600)));
    // Appended in uneven batches, the cached states follow (no rebuild: the same cache entries).
    for (let at = 600; at < events.length; at += 97) a.append(events.slice(at, at + 97));
    expect(a.cachedCount).toBe(viewers.length);
    for (const v of viewers) {
      expect(await a.stateFor(v)).toEqual(foldEvents(initialState, visible(v, events.length)));
      const run = await a.visibleAfter(v, 700, 25);
      expect(run.events).toEqual(visible(v, events.length, 700).slice(0, 25));
      expect(run.more).toBe(visible(v, events.length, 700).length > 25);
    }
  });

  it("D32: an index seeded with only the newest events reads older catch-up from the store, with the same answer", async () => {
    const a = new Audiences(async () => events);
    a.seed(events.slice(1_000));
    for (const v of viewers) {
      expect(await a.stateFor(v)).toEqual(foldEvents(initialState, visible(v, events.length)));
      expect((await a.visibleAfter(v, 10, 1_000_000)).events).toEqual(visible(v, events.length, 10));
      expect((await a.visibleAfter(v, 1_200, 1_000_000)).events).toEqual(visible(v, events.length, 1_200));
    }
  });
});
