import { describe, it } from "vitest";
import type { IncidentSummary } from "../../shared/events";
import type { Incident } from "../../shared/state";
import { type Draft, given, line, t } from "../support/decider";
import {
  incidentClosed,
  incidentCorrected,
  incidentGraded,
  incidentReopened,
  incidentReported,
  incidentResolved,
  opened,
  unit,
  unitArrived,
  unitAssigned,
  unitRegistered,
} from "../support/deciderEvents";
import { actors, at } from "../support/events";

/** Decider spec: how corrections, reopenings, results and sources fold (issue 10, shared/evolve.ts). */

const units = [
  opened(),
  unitRegistered("psu-12a", "12A"),
  unitRegistered("las-1", "LAS 1", { kind: "las", agency: "LAS", sector: "stadium-north" }),
];
/** inc-1 reported at seq 4. */
const fight = [...units, incidentReported("inc-1")];

/** inc-1 as an incident reported at seq 4 with no source. */
const reportedFight: Incident = {
  id: "inc-1",
  ref: "CAD 4101/17Oct",
  type: "disorder",
  grade: null,
  status: "reported",
  location: at.olympicWay,
  sector: "olympic-way",
  locationText: "",
  description: "Fight outside Boxpark",
  reportedAt: t(4),
  reporterTime: null,
  reportedBy: actors.control,
  assigned: [],
  reportIds: [],
  timeline: [line(4, "IncidentReported", "Fight / disorder reported")],
  updatedAt: t(4),
  steps: { reported: t(4) },
};

/** `i` with one more timeline entry from the event at `seq`. */
const logged = (i: Incident, seq: number, kind: Parameters<typeof line>[1], text: string, extra: Partial<Incident> = {}): Incident => ({
  ...i,
  ...extra,
  timeline: [...i.timeline, line(seq, kind, text)],
  updatedAt: t(seq),
});

describe("T45: IncidentCorrected", () => {
  it("T45: the new values replace the old; one timeline entry says what changed, from what, and why", () => {
    given(...fight)
      .on(
        incidentCorrected(
          "inc-1",
          { type: "missile", locationText: "Boxpark steps", description: "Coin thrown" },
          { type: "disorder", locationText: "", description: "Fight outside Boxpark" },
        ),
      )
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(
              i,
              5,
              "IncidentCorrected",
              'Corrected type: Fight / disorder → Missile thrown; location text: "" → "Boxpark steps"; description: "Fight outside Boxpark" → "Coin thrown" (reason: Caller rang back)',
              { type: "missile", locationText: "Boxpark steps", description: "Coin thrown" },
            ),
        },
      });
  });

  it("T45: a grade given to an ungraded incident triages it, timed", () => {
    given(...fight)
      .on(incidentCorrected("inc-1", { grade: "I" }, { grade: null }))
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(i, 5, "IncidentCorrected", "Corrected grade: none → I (reason: Caller rang back)", {
              grade: "I",
              status: "triaged",
              steps: { ...i.steps, triaged: t(5) },
            }),
        },
      });
  });

  it("T45: a regrade of a resourced incident changes the grade, never the status", () => {
    given(...fight, incidentGraded("inc-1", "S"), unitAssigned("inc-1", unit.psu12a))
      .on(incidentCorrected("inc-1", { grade: "I" }, { grade: "S" }))
      .thenState({
        incidents: {
          "inc-1": (i) => logged(i, 7, "IncidentCorrected", "Corrected grade: S → I (reason: Caller rang back)", { grade: "I" }),
        },
      });
  });

  it("T45: a new location moves the incident and its sector", () => {
    given(...fight)
      .on(incidentCorrected("inc-1", { location: at.west, sector: "stadium-west" }, { location: at.olympicWay, sector: "olympic-way" }))
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(
              i,
              5,
              "IncidentCorrected",
              "Corrected location: 51.56050, -0.27950 → 51.55600, -0.28250; sector: olympic-way → stadium-west (reason: Caller rang back)",
              { location: at.west, sector: "stadium-west" },
            ),
        },
      });
  });

  it("T45: a closed incident corrected stays closed", () => {
    given(...fight, incidentClosed("inc-1"))
      .on(incidentCorrected("inc-1", { type: "theft" }, { type: "disorder" }))
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(i, 6, "IncidentCorrected", "Corrected type: Fight / disorder → Theft (reason: Caller rang back)", { type: "theft" }),
        },
      });
  });

  it("T45: a steward's version (no previous values, no reason) reads as the new values alone", () => {
    given(...fight)
      .on(incidentCorrected("inc-1", { type: "missile", description: "Missile thrown" }, {}, ""))
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(i, 5, "IncidentCorrected", 'Corrected type: Missile thrown; description: "Missile thrown"', {
              type: "missile",
              description: "Missile thrown",
            }),
        },
      });
  });

  it("T45: an audience the incident moved into learns it from the summary, then the correction", () => {
    const summary: IncidentSummary = {
      incidentId: "inc-1",
      ref: "CAD 4101/17Oct",
      type: "disorder",
      grade: "S",
      location: at.west,
      sector: "stadium-west",
      locationText: "",
      description: "Fight",
      reportedAt: t(1),
    };
    given(...units)
      .on(incidentCorrected("inc-1", { location: at.west, sector: "stadium-west" }, {}, "", summary))
      .thenState({
        incidents: {
          "inc-1": {
            id: "inc-1",
            ref: "CAD 4101/17Oct",
            type: "disorder",
            grade: "S",
            status: "triaged",
            location: at.west,
            sector: "stadium-west",
            locationText: "",
            description: "Fight",
            reportedAt: t(1),
            reporterTime: null,
            reportedBy: actors.control,
            assigned: [],
            reportIds: [],
            timeline: [
              line(4, "IncidentCorrected", "Fight / disorder reported"),
              line(4, "IncidentCorrected", "Corrected location: 51.55600, -0.28250; sector: stadium-west"),
            ],
            updatedAt: t(4),
            steps: { reported: t(1), triaged: t(4) },
          },
        },
      });
  });

  it("T45: an incident this state does not hold, with no summary, changes nothing", () => {
    given(...fight)
      .on(incidentCorrected("inc-9", { type: "theft" }, { type: "disorder" }))
      .thenUnchanged();
  });
});

describe("T46: IncidentReopened", () => {
  it("T46: a closed incident takes the status decided, loses its result and logs the reason; its steps keep their first times", () => {
    given(...fight, incidentGraded("inc-1", "I"), incidentClosed("inc-1", "no-trace"))
      .on(incidentReopened("inc-1", "closed", "triaged"))
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(i, 7, "IncidentReopened", "Reopened (was closed): Suspect returned", { status: "triaged", closeResult: null }),
        },
      });
  });

  it("T46: a resolved incident with a unit on scene goes back on scene; its units stay as they are", () => {
    given(...fight, unitAssigned("inc-1", unit.psu12a), unitArrived("inc-1", unit.psu12a), incidentResolved("inc-1", "Dispersed"))
      .on(incidentReopened("inc-1", "resolved", "on-scene"))
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(i, 8, "IncidentReopened", "Reopened (was resolved): Suspect returned", { status: "on-scene", closeResult: null }),
        },
      });
  });

  it("T46: a steward's version (no reason) reads as the reopening alone", () => {
    given(...fight, incidentResolved("inc-1", ""))
      .on(incidentReopened("inc-1", "resolved", "reported", ""))
      .thenState({
        incidents: {
          "inc-1": (i) => logged(i, 6, "IncidentReopened", "Reopened (was resolved)", { status: "reported", closeResult: null }),
        },
      });
  });

  it("T46: an incident this state does not hold changes nothing", () => {
    given(...fight)
      .on(incidentReopened("inc-9", "closed", "reported"))
      .thenUnchanged();
  });
});

describe("T47: result codes, notes and sources in the fold, and the same events as older logs hold them", () => {
  it("T47: a close records its result code and reads with its label and note", () => {
    given(...fight)
      .on(incidentClosed("inc-1", "arrest", "2 arrested"))
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(i, 5, "IncidentClosed", "Closed — Arrest made: 2 arrested", {
              status: "closed",
              steps: { ...i.steps, closed: t(5) },
              closeResult: "arrest",
            }),
        },
      });
  });

  it("T47: a close logged before result codes (no result, no note) reads 'Closed' with no result", () => {
    const old = { type: "IncidentClosed", payload: { incidentId: "inc-1" } } as unknown as Draft;
    given(...fight)
      .on(old)
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(i, 5, "IncidentClosed", "Closed", { status: "closed", steps: { ...i.steps, closed: t(5) }, closeResult: null }),
        },
      });
  });

  it("T47: an incident reported before sources has no source (unknown, not the schema's default)", () => {
    const { source: _, ...payload } = (incidentReported("inc-1") as Extract<Draft, { type: "IncidentReported" }>).payload;
    const old = { type: "IncidentReported", payload } as unknown as Draft;
    given(...units)
      .on(old)
      .thenState({ incidents: { "inc-1": reportedFight } });
  });

  it("T47: a 999 call's incident records its source", () => {
    given(...units)
      .on(incidentReported("inc-1", { source: "999" }))
      .thenState({ incidents: { "inc-1": { ...reportedFight, source: "999" } } });
  });
});

describe("T48: UnitAssigned with the recommender's pick", () => {
  it("T48: the pick is in the log only: the incident and the unit fold as without it", () => {
    const recommended = { unitId: "las-1", callSign: "LAS 1", etaSeconds: 90, reason: "nearest available" };
    given(...fight)
      .on(unitAssigned("inc-1", unit.psu12a, null, recommended))
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(i, 5, "UnitAssigned", "12A assigned", {
              status: "resourced",
              assigned: ["psu-12a"],
              steps: { ...i.steps, resourced: t(5) },
            }),
        },
        units: { "psu-12a": (u) => ({ ...u, status: "en-route", statusSince: t(5), incidentId: "inc-1" }) },
      });
  });
});
