import { describe, expect, it } from "vitest";
import type { ErrorCode } from "../../shared/errors";
import { evolve } from "../../shared/evolve";
import { type Given, given, seal, t } from "../support/decider";
import {
  incidentReported,
  incidentResolved,
  opened,
  reportDismissed,
  reportMerged,
  reportPromoted,
  reportSubmitted,
  T_PHONE,
  unitRegistered,
} from "../support/deciderEvents";
import { actors } from "../support/events";

/** F7 and F8 (docs/spec.md): the late report's two times, and the remaining refusals, end to end through decide and evolve. */

describe("F7: a late report keeps both times", () => {
  it("F7: the report keeps record time and the phone's time, and the incident promoted from it the phone's", () => {
    const late = T_PHONE - 20 * 60_000; // typed in a dead zone twenty minutes before it arrived
    const g = given(opened());
    const submitted = g.when(
      "report:submit",
      { type: "crowd-surge", postId: "post-steps-top", reporterTime: late },
      { actor: actors.steward },
    );
    const e = seal({ ...submitted.decided!, actor: actors.steward }, 2);
    const s = evolve(g.state, e);
    expect(s.reports["rep-1"]).toMatchObject({ receivedAt: t(2), reporterTime: late });
    const promote = given(opened(), { ...submitted.decided!, actor: actors.steward }).when("report:promote", {
      reportId: "rep-1",
      grade: "I",
    });
    const p = evolve(s, seal(promote.decided!, 3));
    expect(p.incidents["inc-1"]).toMatchObject({ reportedAt: t(3), reporterTime: late, steps: { reported: t(3), triaged: t(3) } });
  });
});

const history = [
  opened(),
  unitRegistered("psu-12a", "12A"),
  incidentReported("inc-1"),
  incidentReported("inc-2"),
  incidentResolved("inc-2", "Dispersed"),
  reportSubmitted("rep-1"),
  reportSubmitted("rep-2"),
  reportSubmitted("rep-3"),
  reportPromoted("rep-1", "inc-3"),
  reportMerged("rep-2", "inc-1", "CAD 4101/17Oct"),
  reportDismissed("rep-3", "Duplicate"),
];
const officer = { actor: actors.officer, unitId: "psu-12a" };

const refusals: [string, (g: Given) => ReturnType<Given["when"]>, ErrorCode, string][] = [
  [
    "a unit registered twice",
    (g) => g.when("unit:register", { unitId: "psu-12a", callSign: "12A", kind: "serial", agency: "MPS", sector: null }),
    "conflict",
    "Unit psu-12a is already registered.",
  ],
  [
    "an unknown parent unit",
    (g) => g.when("unit:register", { unitId: "psu-3", callSign: "PSU 3", kind: "psu", agency: "MPS", sector: null, parentId: "psu-99" }),
    "not_found",
    "No unit psu-99.",
  ],
  [
    "releasing an unassigned unit",
    (g) => g.when("incident:release", { incidentId: "inc-1", unitId: "psu-12a" }),
    "conflict",
    "12A is not assigned to CAD 4101/17Oct.",
  ],
  [
    "resolving twice",
    (g) => g.when("incident:resolve", { incidentId: "inc-2", outcome: "Again" }),
    "conflict",
    "CAD 4102/17Oct is already resolved.",
  ],
  [
    "merging into a resolved incident",
    (g) => g.when("report:merge", { reportId: "rep-4", incidentId: "inc-2" }),
    "conflict",
    "CAD 4102/17Oct is resolved; promote the report as a new incident.",
  ],
  [
    "an officer's note where its unit is not assigned",
    (g) => g.when("incident:note", { incidentId: "inc-1", text: "Seen" }, officer),
    "forbidden",
    "Your unit is not assigned to CAD 4101/17Oct.",
  ],
  [
    "an unknown post",
    (g) => g.when("report:submit", { type: "medical", postId: "post-x", reporterTime: 1 }, { actor: actors.steward }),
    "bad_request",
    'No post "post-x" in the Wembley Stadium plan.',
  ],
  [
    "promoting a promoted report",
    (g) => g.when("report:promote", { reportId: "rep-1", grade: "S" }),
    "conflict",
    "Report rep-1 has already been promoted.",
  ],
  [
    "merging a merged report",
    (g) => g.when("report:merge", { reportId: "rep-2", incidentId: "inc-1" }),
    "conflict",
    "Report rep-2 has already been merged.",
  ],
  [
    "dismissing a dismissed report",
    (g) => g.when("report:dismiss", { reportId: "rep-3", reason: "Again" }),
    "conflict",
    "Report rep-3 has already been dismissed.",
  ],
];

describe("F8: the remaining domain rules refuse with their codes", () => {
  it.each(refusals)("F8: %s is refused", (_, when, code, message) => {
    when(given(...history, reportSubmitted("rep-4"))).thenRejects(code, message);
  });
});
