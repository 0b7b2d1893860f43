import { describe, expect, it } from "vitest";
import type { OutboxItem } from "../../client/src/outbox/useOutbox";
import { alertsInOrder } from "../../client/src/views/steward/alertOrder";
import { fixAgeText, isStale } from "../../client/src/views/steward/fixAge";
import { savedHint, sendPhase, sendText } from "../../client/src/views/steward/sendStatus";
import type { Alert } from "../../shared/state";

const alert = (id: string, priority: Alert["priority"], at: number): Alert => ({
  id,
  seq: at,
  at,
  actor: { userId: "u-c", role: "controller", name: "Control" },
  audience: "stewards",
  sector: null,
  seenBy: {},
  priority,
  text: id,
});

const item = (over: Partial<OutboxItem>): OutboxItem => ({
  key: "k",
  opId: "op-1",
  opName: "England v Italy",
  command: "report:submit",
  label: "Medical · Gate C",
  text: "",
  madeAt: Date.UTC(2026, 5, 1, 18, 4),
  reporterTime: null,
  state: "pending",
  waiting: false,
  ackAt: null,
  error: null,
  ...over,
});

describe("the steward app's rules", () => {
  it("O11: an urgent alert stays on top however many lower ones come after it; within a priority the newest first", () => {
    const order = alertsInOrder([
      alert("gate", "urgent", 1),
      alert("queue", "warning", 2),
      alert("half", "info", 3),
      alert("lanes", "warning", 4),
    ]);
    expect(order.map((a) => a.id)).toEqual(["gate", "lanes", "queue", "half"]);
    expect(alertsInOrder([alert("old", "urgent", 1), alert("new", "urgent", 5)]).map((a) => a.id)).toEqual(["new", "old"]);
  });

  it("O12: a slow ack while connected says 'Sending…', never 'no signal'; only no connection says saved on the phone", () => {
    const slow = item({ waiting: true });
    expect(sendPhase(slow, true)).toBe("sending");
    expect(sendText("sending", slow, null)).toMatch(/^Sending…/);
    expect(sendText("sending", slow, null)).not.toMatch(/signal/);
    expect(sendPhase(item({}), false)).toBe("saved");
    expect(sendText("saved", item({}), null)).toBe("Saved on this phone — not yet received");
    expect(sendPhase(item({ state: "refused", error: "No operation op-1." }), true)).toBe("refused");
    expect(sendText("refused", item({ state: "refused", error: "No operation op-1." }), null)).toContain("No operation op-1.");
  });

  it("O12: 'Sent ✓ — with control at HH:MM' in London time, from control's record time when known", () => {
    const at = Date.UTC(2026, 5, 1, 18, 7, 30); // 19:07 in London (BST)
    expect(sendText("sent", item({ state: "sent", ackAt: at }), null)).toBe("Sent ✓ — with control at 19:07");
    expect(sendText("sent", item({ state: "sent", ackAt: at }), at + 120_000)).toBe("Sent ✓ — with control at 19:09");
  });

  it("O13: 'You can close the app' only when a Background Sync was registered; otherwise keep it open", () => {
    expect(savedHint(true)).toContain("even if you close Cordon");
    expect(savedHint(false)).toBe("Keep Cordon open until this says Sent ✓.");
  });

  it("O14: a GPS fix older than a minute is stale, and its age is said", () => {
    expect(isStale(0, 60_000)).toBe(false);
    expect(isStale(0, 60_001)).toBe(true);
    expect(fixAgeText(0, 2_000)).toBe("now");
    expect(fixAgeText(0, 25_000)).toBe("25 s ago");
    expect(fixAgeText(0, 185_000)).toBe("3 min ago");
  });
});
