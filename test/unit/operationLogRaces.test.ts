import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppendConflict, type EventStore } from "../../server/store/eventStore";
import { SqliteEventStore } from "../../server/store/sqliteStore";
import type { Command } from "../../shared/commands";
import { actors } from "../support/events";
import { loadLog, openedLog } from "../support/operationLogs";

/**
 * The many-writers path of OperationLog (issue 9 item 3) against a store that loses races on
 * purpose: a real SQLite store whose `append` is refused as if another process had moved the head.
 */
describe("OperationLog when it keeps losing the race for the head", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  async function logOver(tweak: (store: SqliteEventStore) => Partial<EventStore>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-races-"));
    dirs.push(dir);
    const real = new SqliteEventStore(path.join(dir, "r.db"));
    const store = Object.assign(Object.create(real) as SqliteEventStore, tweak(real));
    const log = await openedLog({ opId: "op-r", store }, "R", "open-key-1");
    return log;
  }
  const alert: Command = { name: "alert:send", body: { audience: "all", text: "hold the gate" } } as Command;

  it("S13: after two lost races the batch is appended holding the head, and acked", async () => {
    let holding = 0;
    const log = await logOver((real) => ({
      append: async (opId, batch) => {
        if (batch[0]?.event.type === "OperationOpened") return real.append(opId, batch);
        throw new AppendConflict("another writer appended", "head");
      },
      appendHolding: async (opId, after, write) => {
        holding++;
        return real.appendHolding(opId, after, write);
      },
    }));
    const ack = await log.execute({ actor: actors.control, unitId: null }, alert, "alert-key-1");
    expect(ack).toMatchObject({ ok: true, data: { seq: 2, duplicate: false } });
    expect(holding).toBe(1);
  });

  it("S13: a store that fails before the held append decides anything still answers every command (not saved), and keeps nothing", async () => {
    const log = await logOver((real) => ({
      append: async (opId, batch) => {
        if (batch[0]?.event.type === "OperationOpened") return real.append(opId, batch);
        throw new AppendConflict("another writer appended", "head");
      },
      appendHolding: async () => {
        throw new Error("connection terminated");
      },
    }));
    const acks = await Promise.all([1, 2, 3].map((n) => log.execute({ actor: actors.control, unitId: null }, alert, `alert-key-${n}x`)));
    for (const ack of acks) expect(ack).toMatchObject({ ok: false, error: { code: "unavailable" } });
    expect(log.state.seq).toBe(1);
  });

  it("S60: a log loaded while another writer appends takes the head it folded, and its next command lands after the other's event", async () => {
    let real: SqliteEventStore | null = null;
    const first = await logOver((r) => {
      real = r;
      return {};
    });
    if (!real) throw new Error("no store");
    const store: SqliteEventStore = real;
    let raced = false;
    // The second process's first read (the fold) returns, then the first process appends before the load goes on.
    const racing = Object.assign(Object.create(store) as SqliteEventStore, {
      readAfter: async (opId: string, after: number, limit?: number) => {
        const events = await store.readAfter(opId, after, limit);
        if (!raced) {
          raced = true;
          expect(await first.execute({ actor: actors.control, unitId: null }, alert, "alert-first")).toMatchObject({
            ok: true,
            data: { seq: 2 },
          });
        }
        return events;
      },
    });
    const second = await loadLog({ opId: "op-r", store: racing });
    expect(raced).toBe(true);
    const [opened] = await store.readAfter("op-r", 0, 1);
    expect(second.head).toEqual({ seq: 1, hash: opened?.hash });
    const ack = await second.execute({ actor: actors.control, unitId: null }, alert, "alert-second");
    expect(ack).toMatchObject({ ok: true, data: { seq: 3, duplicate: false } });
    expect(second.state.seq).toBe(3);
    expect((await store.readAfter("op-r", 0)).map((e) => e.seq)).toEqual([1, 2, 3]);
  });
});
