import { describe, it } from "vitest";
import { given, noScope, t } from "../support/decider";
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
