import { describe, expect, it } from "vitest";
import { createSnapshotLoad } from "../../client/src/sync/snapshotLoad";
import { describeConnection } from "../../client/src/ui/ConnectionBadge";
import { encodedPage, jsonBytes, pageCount, pageOf, planSnapshot } from "../../server/socket/snapshotPages";
import { SnapshotPins } from "../../server/socket/snapshotPins";
import type { SnapshotPage } from "../../shared/protocol";
import { assembleSnapshot, decodeSnapshotPart } from "../../shared/snapshot";
import { initialState, type OperationState } from "../../shared/state";

/** A state with many small reports, one huge incident, and alerts: what paging must cut. */
function bigState(): OperationState {
  const reports: Record<string, unknown> = {};
  for (let i = 0; i < 400; i++) reports[`rep-${i}`] = { id: `rep-${i}`, text: `Report ${i} ${"x".repeat(100)}` };
  const incidents = { "inc-1": { id: "inc-1", description: "y".repeat(20_000) } };
  const alerts = Array.from({ length: 50 }, (_, i) => ({ id: `al-${i}`, seq: i, text: "Gate C closed" }));
  return { ...initialState, seq: 900, at: 5, operation: null, reports, incidents, alerts } as unknown as OperationState;
}

const page = (plan: ReturnType<typeof planSnapshot>, n: number): SnapshotPage => ({
  mode: "snapshot",
  seq: plan.state.seq,
  page: n,
  pages: pageCount(plan),
  data: encodedPage(plan, n),
  head: 900,
  positions: [],
  complete: true,
});

describe("snapshot pages (issue 8 item 5)", () => {
  it("D33: pages stay within the budget unless one item is bigger, keep list order, and put back together make the state", () => {
    const state = bigState();
    const plan = planSnapshot(state, 4_096);
    expect(pageCount(plan)).toBeGreaterThan(10);
    for (let n = 1; n <= pageCount(plan); n++) {
      const part = pageOf(plan, n);
      if (part.items.length > 1) expect(jsonBytes(part)).toBeLessThanOrEqual(4_096);
      else expect(part.items[0]?.[1]).toBe("inc-1");
    }
    expect(pageOf(plan, 1).core).toEqual({ seq: 900, at: 5, operation: null });
    expect(pageOf(plan, 2).core).toBeUndefined();
    const parts = Array.from({ length: pageCount(plan) }, (_, i) => pageOf(plan, i + 1));
    expect(assembleSnapshot(parts)).toEqual(state);
  });

  it("D35: a page is encoded once, as UTF-8 JSON, however many clients ask for it (the hello storm)", () => {
    const plan = planSnapshot(bigState(), 4_096);
    expect(encodedPage(plan, 2)).toBe(encodedPage(plan, 2));
    expect(JSON.parse(encodedPage(plan, 2).toString("utf8"))).toEqual(pageOf(plan, 2));
    expect(decodeSnapshotPart(new Uint8Array(encodedPage(plan, 1)).buffer)).toEqual(JSON.parse(JSON.stringify(pageOf(plan, 1))));
  });

  it("D34: the client's load keeps pages until the last, restarts on a page 1, and drops a page it did not ask for", () => {
    const plan = planSnapshot(bigState(), 4_096);
    const load = createSnapshotLoad();
    expect(load.cursor()).toBeNull();
    expect(load.add(page(plan, 1))).toBeNull();
    expect(load.cursor()).toEqual({ seq: 900, page: 2 });
    expect(load.add(page(plan, 3))).toBeNull();
    expect(load.cursor()).toBeNull();
    let whole = null;
    for (let n = 1; n <= pageCount(plan); n++) whole = load.add(page(plan, n));
    expect(whole).toMatchObject({ mode: "reset", head: 900, complete: true });
    expect(whole?.mode === "reset" && whole.state).toEqual(bigState());
    expect(describeConnection({ status: "connecting", head: 0, lastSeq: 0 }, true, { page: 3, pages: 14 }).text).toBe(
      "Loading the operation… 3 of 14",
    );
  });

  it("D33: clients starting within a few hundred events of each other share one pinned snapshot; a later one gets a new pin", async () => {
    const pins = new SnapshotPins(4, 500);
    const state = bigState();
    const a = await pins.start("control|op", 900, null, () => state, 4_096);
    const b = await pins.start("control|op", 1_300, null, () => ({ ...state, seq: 1_300 }), 4_096);
    expect(b).toBe(a);
    const c = await pins.start("control|op", 1_500, null, () => ({ ...state, seq: 1_500 }), 4_096);
    expect(c).not.toBe(a);
    expect(pins.find("control|op", 900)).toBe(a);
    expect(pins.find("steward|op", 900)).toBeUndefined();
    // Not older than what the client has.
    const d = await pins.start("control|op", 1_600, 1_550, () => ({ ...state, seq: 1_600 }), 4_096);
    expect(d.plan.state.seq).toBe(1_600);
  });
});
