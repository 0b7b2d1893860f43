import { describe, it } from "vitest";
import { given, noScope } from "../support/decider";
import {
  alertSent,
  decisionLogged,
  incidentClosed,
  incidentReported,
  incidentResolved,
  nowhere,
  opened,
  post,
  reportDismissed,
  reportMerged,
  reportPromoted,
  reportSubmitted,
  T_PHONE,
  unit,
  unitAssigned,
  unitRegistered,
} from "../support/deciderEvents";
import { actors, at } from "../support/events";

/** Decider spec: steward reports, alerts and decisions (shared/decide.ts). */

const steward = { actor: actors.steward };
const stewardScope = { sector: "olympic-way", stewards: [actors.steward.userId], units: [] };
/** rep-1: steward 1182's report of a fight at the Boxpark checkpoint. */
const reported = [opened(), unitRegistered("psu-12a", "12A"), reportSubmitted("rep-1")];
const boxpark = { id: post.boxpark.id, name: post.boxpark.name };

describe("T11: report:submit", () => {
  it("T11: a report from a post is placed at the post, in the post's sector, scoped to its steward", () => {
    given(opened())
      .when("report:submit", { type: "disorder", postId: post.boxpark.id, text: "Fight", reporterTime: T_PHONE }, steward)
      .thenEvent({
        type: "StewardReportSubmitted",
        payload: {
          reportId: "rep-1",
          type: "disorder",
          location: post.boxpark.location,
          post: boxpark,
          sector: "olympic-way",
          text: "Fight",
          reporterTime: T_PHONE,
          clockOffsetMs: null,
          photos: [],
        },
        scope: stewardScope,
      });
  });

  it("T11: a report from a location has no post, the sector containing it, and no text by default", () => {
    given(...reported)
      .when("report:submit", { type: "medical", location: at.west, reporterTime: T_PHONE }, { actor: actors.steward2 })
      .thenEvent({
        type: "StewardReportSubmitted",
        payload: {
          reportId: "rep-2",
          type: "medical",
          location: at.west,
          post: null,
          sector: "stadium-west",
          text: "",
          reporterTime: T_PHONE,
          clockOffsetMs: null,
          photos: [],
        },
        scope: { sector: "stadium-west", stewards: [actors.steward2.userId], units: [] },
      });
  });

  it("T11: with both, the location is the phone's and the sector the post's", () => {
    given(opened())
      .when("report:submit", { type: "medical", location: at.olympicWay, postId: post.entranceH.id, reporterTime: 5 }, steward)
      .thenEvent({
        type: "StewardReportSubmitted",
        payload: {
          reportId: "rep-1",
          type: "medical",
          location: at.olympicWay,
          post: { id: post.entranceH.id, name: post.entranceH.name },
          sector: "stadium-west",
          text: "",
          reporterTime: 5,
          clockOffsetMs: null,
          photos: [],
        },
        scope: { sector: "stadium-west", stewards: [actors.steward.userId], units: [] },
      });
  });

  it("T11: a place outside the plan has no sector", () => {
    given(opened())
      .when("report:submit", { type: "lost-child", location: nowhere, text: "Boy, 6", reporterTime: 5 }, steward)
      .thenEvent({
        type: "StewardReportSubmitted",
        payload: {
          reportId: "rep-1",
          type: "lost-child",
          location: nowhere,
          post: null,
          sector: null,
          text: "Boy, 6",
          reporterTime: 5,
          clockOffsetMs: null,
          photos: [],
        },
        scope: { sector: null, stewards: [actors.steward.userId], units: [] },
      });
  });

  it("T11: the offset of the phone's clock measured at its last hello is kept with the report", () => {
    given(opened())
      .when(
        "report:submit",
        { type: "lost-child", location: nowhere, text: "Boy, 6", reporterTime: 5 },
        { ...steward, clockOffsetMs: 47 * 60_000 },
      )
      .thenEvent({
        type: "StewardReportSubmitted",
        payload: {
          reportId: "rep-1",
          type: "lost-child",
          location: nowhere,
          post: null,
          sector: null,
          text: "Boy, 6",
          reporterTime: 5,
          clockOffsetMs: 47 * 60_000,
          photos: [],
        },
        scope: { sector: null, stewards: [actors.steward.userId], units: [] },
      });
  });

  it("T11: a post that is not in the venue plan is refused bad_request", () => {
    given(opened())
      .when("report:submit", { type: "medical", postId: "post-nowhere", reporterTime: 5 }, steward)
      .thenRejects("bad_request", 'No post "post-nowhere" in the Wembley Stadium plan.');
  });
});

describe("T12: report:promote", () => {
  it("T12: promoting makes the next incident from the report: its type, place, post, text, sector and reporter's time", () => {
    given(...reported)
      .when("report:promote", { reportId: "rep-1", grade: "S" })
      .thenEvent({
        type: "StewardReportPromoted",
        payload: {
          reportId: "rep-1",
          incidentId: "inc-1",
          ref: "CAD 4101/17Oct",
          type: "disorder",
          grade: "S",
          location: post.boxpark.location,
          sector: "olympic-way",
          locationText: post.boxpark.name,
          description: "Fight",
          reporterTime: T_PHONE,
        },
        scope: stewardScope,
      });
  });

  it("T12: control may correct the type and write the description; ids follow the incidents held", () => {
    given(...reported, incidentReported("inc-1"))
      .when("report:promote", { reportId: "rep-1", grade: "I", type: "crowd-surge", description: "Surge at the barrier" })
      .thenEvent({
        type: "StewardReportPromoted",
        payload: {
          reportId: "rep-1",
          incidentId: "inc-2",
          ref: "CAD 4102/17Oct",
          type: "crowd-surge",
          grade: "I",
          location: post.boxpark.location,
          sector: "olympic-way",
          locationText: post.boxpark.name,
          description: "Surge at the barrier",
          reporterTime: T_PHONE,
        },
        scope: stewardScope,
      });
  });

  it("T12: with no post the place text is empty; with no text at all the description says so", () => {
    const bare = reportSubmitted("rep-1", { location: at.west, post: null, sector: "stadium-west", text: "" });
    given(opened(), bare)
      .when("report:promote", { reportId: "rep-1", grade: "R", description: "" })
      .thenEvent({
        type: "StewardReportPromoted",
        payload: {
          reportId: "rep-1",
          incidentId: "inc-1",
          ref: "CAD 4101/17Oct",
          type: "disorder",
          grade: "R",
          location: at.west,
          sector: "stadium-west",
          locationText: "",
          description: "(no text)",
          reporterTime: T_PHONE,
        },
        scope: { sector: "stadium-west", stewards: [actors.steward.userId], units: [] },
      });
  });

  it("T12: an empty description falls back to the steward's text; a report with no location is placed at 0, 0", () => {
    const unplaced = reportSubmitted("rep-1", { location: null, post: null, sector: null, text: "Smoke" });
    given(opened(), unplaced)
      .when("report:promote", { reportId: "rep-1", grade: "E", description: "" })
      .thenEvent({
        type: "StewardReportPromoted",
        payload: {
          reportId: "rep-1",
          incidentId: "inc-1",
          ref: "CAD 4101/17Oct",
          type: "disorder",
          grade: "E",
          location: { lat: 0, lng: 0 },
          sector: null,
          locationText: "",
          description: "Smoke",
          reporterTime: T_PHONE,
        },
        scope: { sector: null, stewards: [actors.steward.userId], units: [] },
      });
  });

  it("T12: an unknown report is refused not_found", () => {
    given(...reported)
      .when("report:promote", { reportId: "rep-9", grade: "S" })
      .thenRejects("not_found", "No steward report rep-9.");
  });

  it("T12: a report already promoted, merged or dismissed is refused conflict", () => {
    given(...reported, reportPromoted("rep-1", "inc-1"))
      .when("report:promote", { reportId: "rep-1", grade: "S" })
      .thenRejects("conflict", "Report rep-1 has already been promoted.");
    given(...reported, incidentReported("inc-1"), reportMerged("rep-1", "inc-1", "CAD 4101/17Oct"))
      .when("report:promote", { reportId: "rep-1", grade: "S" })
      .thenRejects("conflict", "Report rep-1 has already been merged.");
    given(...reported, reportDismissed("rep-1", "Duplicate"))
      .when("report:promote", { reportId: "rep-1", grade: "S" })
      .thenRejects("conflict", "Report rep-1 has already been dismissed.");
  });
});

describe("T13: report:merge", () => {
  it("T13: merging yields StewardReportMerged with the incident's ref, scoped to the incident and the report's steward", () => {
    given(...reported, incidentReported("inc-1"), unitAssigned("inc-1", unit.psu12a))
      .when("report:merge", { reportId: "rep-1", incidentId: "inc-1" })
      .thenEvent({
        type: "StewardReportMerged",
        payload: { reportId: "rep-1", incidentId: "inc-1", ref: "CAD 4101/17Oct" },
        scope: { sector: "olympic-way", stewards: [actors.steward.userId], units: ["psu-12a"] },
      });
  });

  it("T13: the steward who reported the incident is named once, beside the merged report's steward", () => {
    const history = [
      ...reported,
      reportPromoted("rep-1", "inc-1"),
      reportSubmitted("rep-2"),
      reportSubmitted("rep-3", {}, { actor: actors.steward2 }),
    ];
    given(...history)
      .when("report:merge", { reportId: "rep-2", incidentId: "inc-1" })
      .thenEvent({
        type: "StewardReportMerged",
        payload: { reportId: "rep-2", incidentId: "inc-1", ref: "CAD 4101/17Oct" },
        scope: stewardScope,
      });
    given(...history)
      .when("report:merge", { reportId: "rep-3", incidentId: "inc-1" })
      .thenEvent({
        type: "StewardReportMerged",
        payload: { reportId: "rep-3", incidentId: "inc-1", ref: "CAD 4101/17Oct" },
        scope: { sector: "olympic-way", stewards: [actors.steward.userId, actors.steward2.userId], units: [] },
      });
  });

  it("T13: merging into a resolved incident is refused conflict", () => {
    given(...reported, incidentReported("inc-1"), incidentResolved("inc-1", "Dispersed"))
      .when("report:merge", { reportId: "rep-1", incidentId: "inc-1" })
      .thenRejects("conflict", "CAD 4101/17Oct is resolved; promote the report as a new incident.");
  });

  it("T13: merging into a closed incident is refused conflict", () => {
    given(...reported, incidentReported("inc-1"), incidentClosed("inc-1"))
      .when("report:merge", { reportId: "rep-1", incidentId: "inc-1" })
      .thenRejects("conflict", "CAD 4101/17Oct is closed.");
  });

  it("T13: a report already handled is refused conflict", () => {
    given(...reported, incidentReported("inc-1"), reportDismissed("rep-1", "Duplicate"))
      .when("report:merge", { reportId: "rep-1", incidentId: "inc-1" })
      .thenRejects("conflict", "Report rep-1 has already been dismissed.");
  });

  it("T13: an unknown report or incident is refused not_found", () => {
    given(...reported, incidentReported("inc-1"))
      .when("report:merge", { reportId: "rep-9", incidentId: "inc-1" })
      .thenRejects("not_found", "No steward report rep-9.");
    given(...reported)
      .when("report:merge", { reportId: "rep-1", incidentId: "inc-9" })
      .thenRejects("not_found", "No incident inc-9.");
  });
});

describe("T14: report:dismiss", () => {
  it("T14: dismissing yields StewardReportDismissed with the reason, scoped to the report's sector and steward", () => {
    given(...reported)
      .when("report:dismiss", { reportId: "rep-1", reason: "Duplicate" })
      .thenEvent({ type: "StewardReportDismissed", payload: { reportId: "rep-1", reason: "Duplicate" }, scope: stewardScope });
  });

  it("T14: a report already handled is refused conflict, an unknown one not_found", () => {
    given(...reported, reportDismissed("rep-1", "Duplicate"))
      .when("report:dismiss", { reportId: "rep-1", reason: "Again" })
      .thenRejects("conflict", "Report rep-1 has already been dismissed.");
    given(...reported)
      .when("report:dismiss", { reportId: "rep-9", reason: "Gone" })
      .thenRejects("not_found", "No steward report rep-9.");
  });
});

describe("T15: alert:send", () => {
  it("T15: an alert to everyone is alert-1, info by default, with no sector and no scope", () => {
    given(opened())
      .when("alert:send", { audience: "all", text: "Kick-off delayed" })
      .thenEvent({
        type: "AlertSent",
        payload: { alertId: "alert-1", audience: "all", sector: null, priority: "info", text: "Kick-off delayed" },
        scope: noScope,
      });
  });

  it("T15: an alert to one sector is scoped to it; ids follow the alerts sent", () => {
    given(opened(), alertSent("alert-1"))
      .when("alert:send", { audience: "stewards", sector: "stadium-west", priority: "urgent", text: "Close Entrance H" })
      .thenEvent({
        type: "AlertSent",
        payload: { alertId: "alert-2", audience: "stewards", sector: "stadium-west", priority: "urgent", text: "Close Entrance H" },
        scope: { sector: "stadium-west", stewards: [], units: [] },
      });
  });

  it("T15: a sector that is not in the venue plan is refused bad_request", () => {
    given(opened())
      .when("alert:send", { audience: "stewards", sector: "mars", text: "x" })
      .thenRejects("bad_request", 'No sector "mars" in the Wembley Stadium plan.');
  });
});

describe("T16: decision:log", () => {
  it("T16: a decision is logged as dec-N after the decisions held, with no scope", () => {
    given(opened())
      .when("decision:log", { decision: "Hold fans on Olympic Way", rationale: "Crush risk at the steps" }, { actor: actors.silver })
      .thenEvent({
        type: "DecisionLogged",
        payload: { decisionId: "dec-1", decision: "Hold fans on Olympic Way", rationale: "Crush risk at the steps" },
        scope: noScope,
      });
    given(opened(), decisionLogged("dec-1", "Hold", "Risk"))
      .when("decision:log", { decision: "Release the pen", rationale: "Platform clear" })
      .thenEvent({
        type: "DecisionLogged",
        payload: { decisionId: "dec-2", decision: "Release the pen", rationale: "Platform clear" },
        scope: noScope,
      });
  });
});
