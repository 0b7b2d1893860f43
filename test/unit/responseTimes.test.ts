import { describe, expect, it } from "vitest";
import { firstReportAt, responseMinutes } from "../../shared/responseTimes";
import type { Incident, OperationState, StewardReport } from "../../shared/state";
import { given, t } from "../support/decider";
import {
  incidentReported,
  opened,
  reportMerged,
  reportPromoted,
  reportSubmitted,
  unit,
  unitArrived,
  unitAssigned,
} from "../support/deciderEvents";

const MIN = 60_000;

/** Moves a report's received time (the fold stamps every event a second apart). */
function received(state: OperationState, id: string, at: number): OperationState {
  const r = state.reports[id] as StewardReport;
  return { ...state, reports: { ...state.reports, [id]: { ...r, receivedAt: at } } };
}

describe("response times count from the first report (issue 13)", () => {
  const base = given(
    opened(),
    reportSubmitted("rep-1"),
    reportSubmitted("rep-2"),
    reportPromoted("rep-1", "inc-1", { grade: "I" }),
    reportMerged("rep-2", "inc-1", "CAD 4001/17Oct"),
    unitAssigned("inc-1", unit.psu12a),
    unitArrived("inc-1", unit.psu12a),
  ).state;
  const inc = (s: OperationState) => s.incidents["inc-1"] as Incident;

  it("X7: from the earliest report that became or joined the incident; triage is that report to the incident, apart", () => {
    // rep-2 (merged later) was received 30 minutes before the promotion, rep-1 12 minutes before.
    const promotedAt = inc(base).reportedAt;
    const s = received(received(base, "rep-1", promotedAt - 12 * MIN), "rep-2", promotedAt - 30 * MIN);
    expect(firstReportAt(s, inc(s))).toBe(promotedAt - 30 * MIN);
    const r = responseMinutes(s, inc(s));
    expect(r.triage).toBe(30);
    // Assigned a second after the promotion and on scene a second after that (the fold's clock).
    expect(r.assigned).toBe(Math.round(((inc(s).steps.resourced! - (promotedAt - 30 * MIN)) / MIN) * 10) / 10);
    // Not the 0.0 minutes that counting from the promotion would show.
    expect(r.assigned).toBe(30);
    expect(r.onScene).toBe(30.1);
    expect(r.resolved).toBeNull();
  });

  it("X7: an incident control created itself (a 999 call) counts from its own record time, with no triage delay", () => {
    const s = given(opened(), incidentReported("inc-1", { grade: "I" }), unitAssigned("inc-1", unit.psu12a)).state;
    expect(firstReportAt(s, inc(s))).toBe(t(2));
    expect(responseMinutes(s, inc(s))).toEqual({ triage: 0, assigned: 0, onScene: null, resolved: null });
  });
});
