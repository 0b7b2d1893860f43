import { describe, expect, it } from "vitest";
import { SqliteEventStore } from "../../server/store/sqliteStore";
import type { Command } from "../../shared/commands";
import type { Ack } from "../../shared/errors";
import { actors } from "../support/events";
import { openedLog } from "../support/operationLogs";

/** Z15: a command appended now is acked once its event is on disk, before the event is broadcast. */
describe("the ack of an appended command comes before its broadcast (issue 14)", () => {
  const note = (n: number): Command => ({ name: "decision:log", body: { decision: `Hold ${n}`, rationale: "Crush risk" } }) as Command;
  const sender = { actor: actors.silver, unitId: null };

  async function recordingLog() {
    const store = new SqliteEventStore(":memory:");
    const order: string[] = [];
    const recording = Object.assign(Object.create(store) as SqliteEventStore, {
      append: async (opId: string, batch: Parameters<SqliteEventStore["append"]>[1]) => {
        await store.append(opId, batch);
        order.push(`on disk ${batch.map((b) => b.event.seq).join(",")}`);
      },
    });
    const log = await openedLog(
      { opId: "op-a", store: recording, onCommitted: (events) => void order.push(`broadcast ${events.map((e) => e.seq).join(",")}`) },
      "A",
    );
    order.length = 0;
    return { log, order, store };
  }

  it("Z15: the early ack is told after the event is on disk and before it is broadcast, with the same ack the promise resolves to", async () => {
    const { log, order, store } = await recordingLog();
    const early: Ack<unknown>[] = [];
    const ack = await log.execute(sender, note(1), "k1", (a) => {
      early.push(a);
      order.push(`ack ${a.ok ? a.data.seq : a.error.code}`);
    });
    expect(order).toEqual(["on disk 2", "ack 2", "broadcast 2"]);
    expect(early).toEqual([ack]);
    expect(ack).toMatchObject({ ok: true, data: { seq: 2, duplicate: false } });
    await store.close();
  });

  it("Z15: a resend of the same key and a refused command are not told early: only the promise answers them", async () => {
    const { log, order, store } = await recordingLog();
    await log.execute(sender, note(1), "k1");
    const early: string[] = [];
    const resend = await log.execute(sender, note(1), "k1", () => early.push("resend"));
    expect(resend).toMatchObject({ ok: true, data: { seq: 2, duplicate: true } });
    // Grading an incident the log does not have: refused by decide, nothing appended.
    const grade = { name: "incident:grade", body: { incidentId: "no-such-incident", grade: "I" } } as Command;
    const refused = await log.execute(sender, grade, "k2", () => early.push("refused"));
    expect(refused).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(early).toEqual([]);
    expect(order).toEqual(["on disk 2", "broadcast 2"]);
    await store.close();
  });
});
