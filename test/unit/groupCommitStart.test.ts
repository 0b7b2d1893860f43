import { afterEach, describe, expect, it, vi } from "vitest";
import { SqliteEventStore } from "../../server/store/sqliteStore";
import type { Command } from "../../shared/commands";
import { actors } from "../support/events";
import { openedLog } from "../support/operationLogs";

/** When the group commit starts (issue 14 item 2): at once for an idle log, after the window when busy. */
describe("OperationLog's group commit start", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const WINDOW_MS = 60_000;
  const note = (n: number): Command => ({ name: "decision:log", body: { decision: `Hold ${n}`, rationale: "Crush risk" } }) as Command;

  async function idleLog(groupCommitMs = WINDOW_MS) {
    const store = new SqliteEventStore(":memory:");
    const appends: number[] = [];
    const counting = Object.assign(Object.create(store) as SqliteEventStore, {
      append: (opId: string, batch: Parameters<SqliteEventStore["append"]>[1]) => {
        appends.push(batch.length);
        return store.append(opId, batch);
      },
    });
    const log = await openedLog({ opId: "op-g", store: counting, groupCommitMs }, "G");
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

  it("Z11: with no window, an idle log commits before the loop's turn ends; one whose commit has just ended gathers with the rest of the turn", async () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    const { log, appends, store } = await idleLog(0);
    const sender = { actor: actors.silver, unitId: null };
    const turnEnded = () => {
      let ended = false;
      setImmediate(() => (ended = true));
      return () => ended;
    };
    // Idle: answered while a turn's end queued before it has not come yet.
    let ended = turnEnded();
    expect(await log.execute(sender, note(1), "k1")).toMatchObject({ ok: true, data: { seq: 2 } });
    expect(ended()).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    // Busy (the commit ended 0 ms ago by the clock): two commands gather until the turn's end, in one transaction.
    ended = turnEnded();
    const busy = Promise.all([log.execute(sender, note(2), "k2"), log.execute(sender, note(3), "k3")]);
    expect((await busy).map((a) => a.ok && a.data.seq)).toEqual([3, 4]);
    expect(ended()).toBe(true);
    // Idle again once 5 ms have passed since the last commit ended.
    vi.advanceTimersByTime(5);
    ended = turnEnded();
    await log.execute(sender, note(4), "k4");
    expect(ended()).toBe(false);
    expect(appends).toEqual([1, 2, 1]);
    await store.close();
  });
});
