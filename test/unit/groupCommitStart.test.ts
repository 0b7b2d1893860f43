import { afterEach, describe, expect, it, vi } from "vitest";
import { OperationLog } from "../../server/operations/operationLog";
import { SqliteEventStore } from "../../server/store/sqliteStore";
import { loadVenues } from "../../server/venues";
import type { Command } from "../../shared/commands";
import { actors } from "../support/events";

/** When the group commit starts (issue 14 item 2): at once for an idle log, after the window when busy. */
describe("OperationLog's group commit start", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const WINDOW_MS = 60_000;
  const note = (n: number): Command => ({ name: "decision:log", body: { decision: `Hold ${n}`, rationale: "Crush risk" } }) as Command;

  async function idleLog() {
    const store = new SqliteEventStore(":memory:");
    const appends: number[] = [];
    const counting = Object.assign(Object.create(store) as SqliteEventStore, {
      append: (opId: string, batch: Parameters<SqliteEventStore["append"]>[1]) => {
        appends.push(batch.length);
        return store.append(opId, batch);
      },
    });
    const log = await OperationLog.load({
      opId: "op-g",
      store: counting,
      venue: loadVenues().get("wembley")!,
      now: () => 1_700_000_000_000,
      groupCommitMs: WINDOW_MS,
      groupCommit: true,
      snapshotEvery: 1000,
      onCommitted: () => {},
      onError: () => {},
    });
    await log.open(
      actors.silver,
      {
        type: "OperationOpened",
        payload: { name: "G", venueId: "wembley", cadStart: 1, cadDate: "17Oct", phases: [] },
        scope: { sector: null, stewards: [], units: [] },
      },
      "open-key",
    );
    appends.length = 0;
    return { log, appends, store };
  }

  it("Z11: an idle log commits a lone command (and those sent in the same turn, together) without waiting for the group window", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { log, appends, store } = await idleLog();
    const sender = { actor: actors.silver, unitId: null };
    // No fake time is advanced: a command waiting for the 60 s window would never be answered.
    const acks = await Promise.all([log.execute(sender, note(1), "k1"), log.execute(sender, note(2), "k2")]);
    expect(acks.map((a) => a.ok && a.data.seq)).toEqual([2, 3]);
    expect(appends).toEqual([2]);

    // Right after a commit the log is busy: the next command gathers for the window.
    let answered = false;
    const next = log.execute(sender, note(3), "k3").then((a) => {
      answered = true;
      return a;
    });
    for (let turn = 0; turn < 5; turn++) await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false);
    vi.advanceTimersByTime(WINDOW_MS);
    expect(await next).toMatchObject({ ok: true, data: { seq: 4 } });
    expect(appends).toEqual([2, 1]);
    await store.close();
  });
});
