import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_BODY_CHARS, type RefusedSubmissionStore, RefusedSubmissions } from "../../server/audit/refusedSubmissions";

/** What the suite needs from each backend: a fresh store, and raw SQL against its table. */
export interface RefusedFixture {
  store: RefusedSubmissionStore;
  raw(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

const steward = { id: "u-s", name: "Sam Steward", role: "steward" };
const officer = { id: "u-o", name: "PC Olu", role: "officer" };
const gone = (message = "No operation op-x.") => ({ code: "not_found" as const, message });

/** The behaviour every RefusedSubmissionStore must have (issue 12 item 1), seen through `RefusedSubmissions`. */
export function refusedContract(name: string, make: () => Promise<RefusedFixture>) {
  describe(`RefusedSubmissionStore contract: ${name}`, () => {
    let fx: RefusedFixture;
    let refused: RefusedSubmissions;
    let t: number;
    beforeEach(async () => {
      fx = await make();
      t = 1_700_000_000_000;
      refused = new RefusedSubmissions(fx.store, () => t++);
    });
    afterEach(async () => fx.close());

    it("O18: an entry reads back as recorded; once per (user, key), whatever the retries; newest first, by operation, paged", async () => {
      const wire = { opId: "op-x", key: "k-1", body: { text: "gate 4" } };
      expect(await refused.note(steward, "report:submit", wire, gone())).toBe(true);
      expect(await refused.note(steward, "report:submit", wire, gone())).toBe(false);
      // The same key from someone else is another submission.
      expect(await refused.note(officer, "unit:status", { ...wire, body: { status: "available" } }, gone())).toBe(true);
      await refused.note(officer, "incident:note", { opId: "op-y", key: "k-2", body: {} }, { code: "forbidden", message: "No." });
      const all = await refused.page({ limit: 10 });
      expect(all.total).toBe(3);
      expect(all.entries.map((e) => [e.userId, e.command])).toEqual([
        ["u-o", "incident:note"],
        ["u-o", "unit:status"],
        ["u-s", "report:submit"],
      ]);
      expect(all.entries[2]).toEqual({
        id: all.entries[2]!.id,
        at: 1_700_000_000_000,
        userId: "u-s",
        userName: "Sam Steward",
        role: "steward",
        opId: "op-x",
        command: "report:submit",
        key: "k-1",
        body: '{"text":"gate 4"}',
        truncated: false,
        code: "not_found",
        message: "No operation op-x.",
      });
      const x = await refused.page({ opId: "op-x", limit: 1 });
      expect([x.total, x.entries.map((e) => e.command)]).toEqual([2, ["unit:status"]]);
      const older = await refused.page({ opId: "op-x", before: x.entries[0]!.id, limit: 10 });
      expect(older.entries.map((e) => e.command)).toEqual(["report:submit"]);
    });

    it("O18: transient refusals and other commands are not kept; a long body is cut at the bound and says so", async () => {
      const wire = { opId: "op-x", key: "k-3", body: { text: "x".repeat(10_000) } };
      expect(await refused.note(steward, "report:submit", wire, { code: "rate_limited", message: "Slow down." })).toBe(false);
      expect(await refused.note(steward, "report:submit", wire, { code: "unavailable", message: "Later." })).toBe(false);
      expect(await refused.note(steward, "report:submit", wire, { code: "photo_pending", message: "Photo." })).toBe(false);
      expect(await refused.note(steward, "alert:send", wire, { code: "forbidden", message: "No." })).toBe(false);
      expect(await refused.note(steward, "report:submit", wire, { code: "bad_request", message: "Bad." })).toBe(true);
      const [e] = (await refused.page({ limit: 10 })).entries;
      expect([e?.body.length, e?.truncated]).toEqual([MAX_BODY_CHARS, true]);
    });

    it("O18: the database itself refuses to change or remove an entry", async () => {
      await refused.note(steward, "report:submit", { opId: "op-x", key: "k-4", body: null }, gone());
      await expect(fx.raw("UPDATE refused_submissions SET message = 'fine'")).rejects.toThrow(/append-only/);
      await expect(fx.raw("DELETE FROM refused_submissions")).rejects.toThrow(/append-only/);
      expect((await refused.page({ limit: 10 })).total).toBe(1);
    });
  });
}
