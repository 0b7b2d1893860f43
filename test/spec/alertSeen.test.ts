import { describe, expect, it } from "vitest";
import { seenAtOf, seenByAll } from "../../shared/alertReceipts";
import { fold, given, noScope, t } from "../support/decider";
import { alertSeen, alertSent, opened } from "../support/deciderEvents";
import { actors } from "../support/events";

/** Decider spec: receipts for alerts (issue 11 item 4; shared/decide.ts `seeAlert`, evolve `markSeen`). */

const steward = { actor: actors.steward };
const officer = { actor: actors.officer, unitId: "psu-12a" };
const toStewards = [opened(), alertSent("alert-1")];

describe("T55: alert:seen", () => {
  it("T55: a steward of the alert's audience marks it seen: AlertSeen, scoped to control alone", () => {
    given(...toStewards)
      .when("alert:seen", { alertId: "alert-1" }, steward)
      .thenEvent({ type: "AlertSeen", payload: { alertId: "alert-1" }, scope: noScope });
  });

  it("T55: an officer marks an alert to everyone seen", () => {
    given(opened(), alertSent("alert-1", { audience: "all" }))
      .when("alert:seen", { alertId: "alert-1" }, officer)
      .thenEvent({ type: "AlertSeen", payload: { alertId: "alert-1" }, scope: noScope });
  });

  it("T55: a second Seen by the same person is refused conflict; another steward's is not", () => {
    given(...toStewards, alertSeen("alert-1"))
      .when("alert:seen", { alertId: "alert-1" }, steward)
      .thenRejects("conflict", "You have already marked this alert seen.");
    given(...toStewards, alertSeen("alert-1"))
      .when("alert:seen", { alertId: "alert-1" }, { actor: actors.steward2 })
      .thenEvent({ type: "AlertSeen", payload: { alertId: "alert-1" }, scope: noScope });
  });

  it("T55: an alert not addressed to the sender's role is refused forbidden", () => {
    given(opened(), alertSent("alert-1", { audience: "units" }))
      .when("alert:seen", { alertId: "alert-1" }, steward)
      .thenRejects("forbidden", "This alert was not sent to you.");
    given(opened(), alertSent("alert-1", { audience: "control" }))
      .when("alert:seen", { alertId: "alert-1" }, officer)
      .thenRejects("forbidden", "This alert was not sent to you.");
    given(...toStewards)
      .when("alert:seen", { alertId: "alert-1" }, officer)
      .thenRejects("forbidden", "This alert was not sent to you.");
  });

  it.each(["alert-9", "constructor", "__proto__", "hasOwnProperty"])("T55: an unknown alert (%s) is refused not_found", (id) => {
    given(...toStewards)
      .when("alert:seen", { alertId: id }, steward)
      .thenRejects("not_found", `No alert ${id}.`);
  });
});

describe("T56: AlertSeen", () => {
  const sent = {
    id: "alert-1",
    seq: 2,
    at: t(2),
    actor: actors.control,
    audience: "stewards",
    sector: null,
    priority: "info",
    text: "Gates C and D closing",
  } as const;

  it("T56: a receipt records who saw the alert and when (record time)", () => {
    given(...toStewards)
      .on(alertSeen("alert-1"))
      .thenState({ alerts: [{ ...sent, seenBy: { [actors.steward.userId]: t(3) } }] });
  });

  it("T56: a second receipt by the same person keeps the first time", () => {
    given(...toStewards, alertSeen("alert-1"))
      .on(alertSeen("alert-1"))
      .thenUnchanged();
  });

  it("T56: a receipt for an alert the state does not hold changes nothing", () => {
    given(...toStewards)
      .on(alertSeen("constructor"))
      .thenUnchanged();
  });
});

describe("T57: resending an alert", () => {
  it("T57: alert:send may name the alert it resends; an unknown one is refused not_found", () => {
    given(...toStewards)
      .when("alert:send", { audience: "stewards", text: "Gates C and D closing", resendOf: "alert-1" })
      .thenEvent({
        type: "AlertSent",
        payload: {
          alertId: "alert-2",
          audience: "stewards",
          sector: null,
          priority: "info",
          text: "Gates C and D closing",
          resendOf: "alert-1",
        },
        scope: noScope,
      });
    given(...toStewards)
      .when("alert:send", { audience: "stewards", text: "x", resendOf: "constructor" })
      .thenRejects("not_found", "No alert constructor to resend.");
  });

  it("T57: a receipt for the original counts for its resend, and the other way round", () => {
    const s = fold([
      ...toStewards,
      alertSent("alert-2", { resendOf: "alert-1" }),
      alertSeen("alert-1"),
      alertSeen("alert-2", { actor: actors.steward2 }),
    ]);
    const [first, resend] = s.alerts;
    if (!first || !resend) throw new Error("two alerts expected");
    expect(resend.resendOf).toBe("alert-1");
    expect(seenAtOf(s.alerts, resend, actors.steward.userId)).toBe(t(4));
    expect([...seenByAll(s.alerts, resend)].sort()).toEqual([actors.steward.userId, actors.steward2.userId]);
    expect([...seenByAll(s.alerts, first)]).toEqual([actors.steward.userId]);
    expect(seenAtOf(s.alerts, first, actors.steward2.userId)).toBeNull();
  });
});
