import { describe, it } from "vitest";
import type { Incident, StewardReport } from "../../shared/state";
import { given, line, t } from "../support/decider";
import {
  alertSent,
  decisionLogged,
  incidentReported,
  opened,
  post,
  reportDismissed,
  reportMerged,
  reportPromoted,
  reportSubmitted,
  T_PHONE,
} from "../support/deciderEvents";
import { actors, at } from "../support/events";

/** Decider spec: how steward reports, alerts and decisions fold (shared/evolve.ts). */

/** rep-1 received at seq 2. */
const reported = [opened(), reportSubmitted("rep-1")];
const rep1: StewardReport = {
  id: "rep-1",
  type: "disorder",
  status: "new",
  location: post.boxpark.location,
  post: { id: post.boxpark.id, name: post.boxpark.name },
  sector: "olympic-way",
  text: "Fight",
  steward: actors.steward,
  receivedAt: t(2),
  reporterTime: T_PHONE,
  clockOffsetMs: null,
  photos: [],
  incidentId: null,
  incidentRef: null,
  resolution: null,
  updatedAt: t(2),
};

/** inc-1 promoted from rep-1 at `seq`, graded S. */
const promoted = (seq: number, reportedBy: Incident["reportedBy"]): Incident => ({
  id: "inc-1",
  ref: "CAD 4101/17Oct",
  type: "disorder",
  grade: "S",
  status: "triaged",
  location: post.boxpark.location,
  sector: "olympic-way",
  locationText: post.boxpark.name,
  description: "Fight",
  reportedAt: t(seq),
  reporterTime: T_PHONE,
  reportedBy,
  assigned: [],
  reportIds: ["rep-1"],
  timeline: [line(seq, "StewardReportPromoted", "Fight / disorder reported from steward report")],
  updatedAt: t(seq),
  steps: { reported: t(seq), triaged: t(seq) },
  source: "steward",
});

describe("T30: StewardReportSubmitted", () => {
  it("T30: a report is new, from the event's steward, received at record time, keeping the phone's time", () => {
    given(opened())
      .on(reportSubmitted("rep-1"))
      .thenState({ reports: { "rep-1": rep1 } });
  });

  it("T30: a report with no post and no place keeps them empty; other reports keep their identity", () => {
    given(...reported)
      .on(
        reportSubmitted(
          "rep-2",
          { type: "medical", location: null, post: null, sector: null, text: "", reporterTime: 5 },
          { actor: actors.steward2 },
        ),
      )
      .thenState({
        reports: {
          "rep-2": {
            ...rep1,
            id: "rep-2",
            type: "medical",
            location: null,
            post: null,
            sector: null,
            text: "",
            steward: actors.steward2,
            receivedAt: t(3),
            reporterTime: 5,
            updatedAt: t(3),
          },
        },
      });
  });
});

describe("T31: StewardReportPromoted", () => {
  it("T31: promoting makes an incident reported by the report's steward and marks the report promoted with its ref", () => {
    given(...reported)
      .on(reportPromoted("rep-1", "inc-1"))
      .thenState({
        incidents: { "inc-1": promoted(3, actors.steward) },
        reports: { "rep-1": { ...rep1, status: "promoted", incidentId: "inc-1", incidentRef: "CAD 4101/17Oct", updatedAt: t(3) } },
      });
  });

  it("T31: an ungraded promotion is only reported", () => {
    given(...reported)
      .on(reportPromoted("rep-1", "inc-1", { grade: null }))
      .thenState({
        incidents: { "inc-1": { ...promoted(3, actors.steward), grade: null, status: "reported", steps: { reported: t(3) } } },
        reports: { "rep-1": { ...rep1, status: "promoted", incidentId: "inc-1", incidentRef: "CAD 4101/17Oct", updatedAt: t(3) } },
      });
  });

  it("T31: a version whose report this state does not hold makes the incident with no known reporter", () => {
    given(opened())
      .on(reportPromoted("rep-1", "inc-1"))
      .thenState({ incidents: { "inc-1": promoted(2, null) } });
  });
});

describe("T32: StewardReportMerged", () => {
  it("T32: the report is merged into the incident, which lists it and logs who reported it", () => {
    given(...reported, incidentReported("inc-1"))
      .on(reportMerged("rep-1", "inc-1", "CAD 4101/17Oct"))
      .thenState({
        reports: { "rep-1": { ...rep1, status: "merged", incidentId: "inc-1", incidentRef: "CAD 4101/17Oct", updatedAt: t(4) } },
        incidents: {
          "inc-1": (i) => ({
            ...i,
            reportIds: ["rep-1"],
            timeline: [...i.timeline, line(4, "StewardReportMerged", "Steward report from Steward 1182 merged")],
            updatedAt: t(4),
          }),
        },
      });
  });

  it("T32: merged reports accumulate on the incident", () => {
    given(...reported, reportPromoted("rep-1", "inc-1"), reportSubmitted("rep-2", {}, { actor: actors.steward2 }))
      .on(reportMerged("rep-2", "inc-1", "CAD 4101/17Oct"))
      .thenState({
        reports: {
          "rep-2": (r) => ({ ...r, status: "merged", incidentId: "inc-1", incidentRef: "CAD 4101/17Oct", updatedAt: t(5) }),
        },
        incidents: {
          "inc-1": (i) => ({
            ...i,
            reportIds: ["rep-1", "rep-2"],
            timeline: [...i.timeline, line(5, "StewardReportMerged", "Steward report from Steward 2047 merged")],
            updatedAt: t(5),
          }),
        },
      });
  });

  it("T32: a version whose report this state does not hold names 'a steward'", () => {
    given(opened(), incidentReported("inc-1", { location: at.west }))
      .on(reportMerged("rep-1", "inc-1", "CAD 4101/17Oct"))
      .thenState({
        incidents: {
          "inc-1": (i) => ({
            ...i,
            reportIds: ["rep-1"],
            timeline: [...i.timeline, line(3, "StewardReportMerged", "Steward report from a steward merged")],
            updatedAt: t(3),
          }),
        },
      });
  });

  it("T32: into an incident this state does not hold, only the report changes", () => {
    given(...reported)
      .on(reportMerged("rep-1", "inc-7", "CAD 4107/17Oct"))
      .thenState({
        reports: { "rep-1": { ...rep1, status: "merged", incidentId: "inc-7", incidentRef: "CAD 4107/17Oct", updatedAt: t(3) } },
      });
  });
});

describe("T33: StewardReportDismissed", () => {
  it("T33: the report is dismissed with the reason as its resolution", () => {
    given(...reported)
      .on(reportDismissed("rep-1", "Duplicate"))
      .thenState({ reports: { "rep-1": { ...rep1, status: "dismissed", resolution: "Duplicate", updatedAt: t(3) } } });
  });

  it("T33: a report this state does not hold changes nothing", () => {
    given(...reported)
      .on(reportDismissed("rep-9", "Gone"))
      .thenUnchanged();
  });
});

describe("T34: AlertSent", () => {
  it("T34: an alert is appended with its seq, time, sender, audience, sector, priority and text", () => {
    const first = {
      id: "alert-1",
      seq: 2,
      at: t(2),
      actor: actors.control,
      audience: "stewards",
      sector: null,
      priority: "info",
      text: "Gates C and D closing",
      seenBy: {},
    } as const;
    given(opened())
      .on(alertSent("alert-1"))
      .thenState({ alerts: [first] });
    given(opened(), alertSent("alert-1"))
      .on(alertSent("alert-2", { audience: "units", sector: "stadium-west", priority: "urgent", text: "Hold at Entrance H" }))
      .thenState({
        alerts: [
          first,
          {
            id: "alert-2",
            seq: 3,
            at: t(3),
            actor: actors.control,
            audience: "units",
            sector: "stadium-west",
            priority: "urgent",
            text: "Hold at Entrance H",
            seenBy: {},
          },
        ],
      });
  });
});

describe("T35: DecisionLogged", () => {
  it("T35: a decision is appended with its seq, time, who decided, the decision and its rationale", () => {
    const first = {
      id: "dec-1",
      seq: 2,
      at: t(2),
      actor: actors.silver,
      decision: "Hold fans on Olympic Way",
      rationale: "Crush risk at the steps",
    };
    given(opened())
      .on(decisionLogged("dec-1", "Hold fans on Olympic Way", "Crush risk at the steps"))
      .thenState({ decisions: [first] });
    given(opened(), decisionLogged("dec-1", "Hold fans on Olympic Way", "Crush risk at the steps"))
      .on(decisionLogged("dec-2", "Release the pen", "Platform clear", { actor: actors.control }))
      .thenState({
        decisions: [
          first,
          { id: "dec-2", seq: 3, at: t(3), actor: actors.control, decision: "Release the pen", rationale: "Platform clear" },
        ],
      });
  });
});
