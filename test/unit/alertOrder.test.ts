import { describe, expect, it } from "vitest";
import { ALERT_LIFETIME_MS, alertsForPhone, alertsToSound, seenOnPhone } from "../../client/src/views/steward/alertOrder";
import type { Alert } from "../../shared/state";

const MIN = 60_000;
const alert = (id: string, priority: Alert["priority"], at: number, resendOf?: string): Alert => ({
  id,
  seq: at,
  at,
  actor: { userId: "u-c", role: "controller", name: "Control" },
  audience: "stewards",
  sector: null,
  priority,
  text: id,
  seenBy: {},
  ...(resendOf ? { resendOf } : {}),
});
const ids = (as: readonly Alert[]) => as.map((a) => a.id);

describe("AR1: a phone's alerts by priority, pinned until seen, expiring", () => {
  const urgent = alert("urgent", "urgent", 0);
  const later = [alert("w", "warning", 1 * MIN), alert("i1", "info", 2 * MIN), alert("i2", "info", 3 * MIN)];

  it("AR1: an unseen urgent alert stays on top of three later lower-priority ones", () => {
    expect(ids(alertsForPhone([urgent, ...later], new Set(), 4 * MIN))).toEqual(["urgent", "w", "i2", "i1"]);
  });

  it("AR1: once seen, an alert goes below those still to be seen", () => {
    expect(ids(alertsForPhone([urgent, ...later], new Set(["urgent"]), 4 * MIN))).toEqual(["w", "i2", "i1", "urgent"]);
  });

  it("AR1: info expires after 30 min, warning after 2 h; urgent never until seen", () => {
    const evening = 3 * 60 * MIN;
    expect(ids(alertsForPhone([urgent, ...later], new Set(), 32.5 * MIN))).toEqual(["urgent", "w", "i2"]);
    expect(ids(alertsForPhone([urgent, ...later], new Set(), evening))).toEqual(["urgent"]);
    expect(ids(alertsForPhone([urgent, ...later], new Set(["urgent"]), evening))).toEqual([]);
    expect(ALERT_LIFETIME_MS.info).toBe(30 * MIN);
  });

  it("AR1: new unseen urgent and warning alerts sound once; info and seen ones never", () => {
    const all = [urgent, ...later];
    expect(ids(alertsToSound(all, new Set(), new Set()))).toEqual(["urgent", "w"]);
    expect(ids(alertsToSound(all, new Set(["urgent"]), new Set(["w"])))).toEqual([]);
  });

  it("AR1: a resend of an alert this phone saw counts as seen", () => {
    const all = [urgent, alert("again", "urgent", 5 * MIN, "urgent"), alert("other", "urgent", 6 * MIN)];
    expect([...seenOnPhone(all, new Set(["urgent"]))].sort()).toEqual(["again", "urgent"]);
  });
});
