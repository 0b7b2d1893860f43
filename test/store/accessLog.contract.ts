import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AccessLog, type AccessLogStore } from "../../server/audit/accessLog";

/** What the suite needs from each backend: a fresh store, and raw SQL against its table (the tamperer). */
export interface AccessLogFixture {
  store: AccessLogStore;
  /** Runs one statement straight on the database, as someone with the database in hand would. */
  raw(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

const who = (id: string, name = `Name ${id}`, role = "analyst") => ({ id, name, role });

/**
 * The behaviour every AccessLogStore must have (issue 9 item 1, DPA 2018 s.62), seen through the
 * `AccessLog` every route uses: append-only, searchable, exportable page by page.
 */
export function accessLogContract(name: string, make: () => Promise<AccessLogFixture>) {
  describe(`AccessLogStore contract: ${name}`, () => {
    let fx: AccessLogFixture;
    let t: number;
    let log: AccessLog;
    beforeEach(async () => {
      fx = await make();
      t = 1_700_000_000_000;
      log = new AccessLog(fx.store, () => t++);
    });
    afterEach(async () => fx.close());

    it("S30: an entry reads back as recorded, ids increase, an operation's entries come newest first and no one else's", async () => {
      const a = await log.record({ user: who("u-1"), action: "replay.open", opId: "op-a" });
      const b = await log.record({
        user: who("u-2"),
        action: "export.events.ndjson",
        opId: "op-a",
        reason: "Court",
        recipient: "CPS",
        detail: "f.ndjson",
      });
      const c = await log.record({ user: who("u-3", "Priya", "admin"), action: "admin.user.create", target: "u-9" });
      await log.record({ user: who("u-1"), action: "replay.open", opId: "op-b" });
      expect(b.id).toBeGreaterThan(a.id);
      expect(await log.forOperation("op-a")).toEqual([b, a]);
      expect(c).toEqual({
        id: c.id,
        at: c.at,
        userId: "u-3",
        userName: "Priya",
        role: "admin",
        opId: null,
        action: "admin.user.create",
        target: "u-9",
        reason: null,
        recipient: null,
        detail: null,
      });
      expect((await log.search({ limit: 10 }))[1]).toEqual(c);
    });

    it("S31: a search narrows by user id or part of a name in any case, action or family, operation, inclusive times, and pages by id", async () => {
      await log.record({ user: who("u-1", "Mark Ellis (Debrief)"), action: "replay.open", opId: "op-a" });
      await log.record({ user: who("u-2", "Sam"), action: "replay.print", opId: "op-a" });
      await log.record({ user: who("u-2", "Sam"), action: "export.incidents.csv", opId: "op-b" });
      await log.record({ user: who("u-3", "100%_sure"), action: "access-log.search" });
      const ids = async (q: Parameters<AccessLog["search"]>[0]) => (await log.search(q)).map((e) => e.action);
      expect(await ids({ user: "u-2", limit: 10 })).toEqual(["export.incidents.csv", "replay.print"]);
      expect(await ids({ user: "debrief", limit: 10 })).toEqual(["replay.open"]);
      expect(await ids({ action: "replay", limit: 10 })).toEqual(["replay.print", "replay.open"]);
      expect(await ids({ action: "replay.open", limit: 10 })).toEqual(["replay.open"]);
      // LIKE's wildcards in the text match only themselves.
      expect(await ids({ action: "replay%", limit: 10 })).toEqual([]);
      expect(await ids({ user: "0%_s", limit: 10 })).toEqual(["access-log.search"]);
      expect(await ids({ user: "0%s", limit: 10 })).toEqual([]);
      expect(await ids({ opId: "op-a", limit: 10 })).toEqual(["replay.print", "replay.open"]);
      const all = await log.search({ limit: 10 });
      const second = all[2]!;
      expect(await ids({ from: second.at, to: second.at, limit: 10 })).toEqual([second.action]);
      expect(await ids({ to: all.at(-1)!.at - 1, limit: 10 })).toEqual([]);
      expect((await log.search({ before: second.id, limit: 10 })).map((e) => e.id)).toEqual(all.slice(3).map((e) => e.id));
      expect(await log.search({ limit: 2 })).toEqual(all.slice(0, 2));
    });

    it("S32: an export iterates every matching entry, newest first, across pages, with no limit", async () => {
      await Promise.all(
        Array.from({ length: 2050 }, (_, i) =>
          log.record({ user: who(`u-${i % 3}`), action: "incident.open", opId: "op-a", target: `inc-${i}` }),
        ),
      );
      await log.record({ user: who("u-1"), action: "replay.open", opId: "op-b" });
      const seen: number[] = [];
      for await (const e of log.iterate({ opId: "op-a" })) seen.push(e.id);
      expect(seen).toHaveLength(2050);
      expect(seen).toEqual([...seen].sort((x, y) => y - x));
      expect(new Set(seen).size).toBe(2050);
    }, 120_000);

    it("S33: the database itself refuses to change or remove an entry, whoever asks", async () => {
      const e = await log.record({ user: who("u-1"), action: "export.events.ndjson", opId: "op-a", reason: "Court", recipient: "CPS" });
      await expect(fx.raw("UPDATE access_log SET reason = 'nothing to see'")).rejects.toThrow(/append-only/);
      await expect(fx.raw(`DELETE FROM access_log WHERE id = ${e.id}`)).rejects.toThrow(/append-only/);
      await expect(fx.raw("DELETE FROM access_log")).rejects.toThrow(/append-only/);
      expect(await log.forOperation("op-a")).toEqual([e]);
    });

    it("S34: a malformed action is refused and writes nothing; long fields are clipped, not refused", async () => {
      await expect(log.record({ user: who("u-1"), action: "Export CSV" })).rejects.toThrow(/bad action/);
      expect(await log.search({ limit: 10 })).toEqual([]);
      const long = await log.record({ user: who("u-1"), action: "export.incidents.csv", reason: "r".repeat(5000) });
      expect(long.reason).toHaveLength(2000);
      expect((await log.search({ limit: 1 }))[0]?.reason).toHaveLength(2000);
    });
  });
}
