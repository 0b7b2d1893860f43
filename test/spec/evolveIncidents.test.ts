import { describe, it } from "vitest";
import type { IncidentSummary } from "../../shared/events";
import type { Incident, Unit } from "../../shared/state";
import { given, line, t } from "../support/decider";
import {
  incidentClosed,
  incidentGraded,
  incidentReported,
  incidentResolved,
  noteAdded,
  opened,
  unit,
  unitArrived,
  unitAssigned,
  unitRegistered,
  unitReleased,
} from "../support/deciderEvents";
import { actors, at } from "../support/events";

/** Decider spec: how incidents and the units sent to them fold (shared/evolve.ts). */

const units = [
  opened(),
  unitRegistered("psu-12a", "12A"),
  unitRegistered("las-1", "LAS 1", { kind: "las", agency: "LAS", sector: "stadium-north" }),
];
/** inc-1 reported at seq 4. */
const fight = [...units, incidentReported("inc-1")];
/** inc-1 with 12A assigned at seq 5. */
const resourced = [...fight, unitAssigned("inc-1", unit.psu12a)];

const inc1: Incident = {
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
  source: "radio",
};

/** `i` with one more timeline entry from the event at `seq`. */
const logged = (i: Incident, seq: number, kind: Parameters<typeof line>[1], text: string, extra: Partial<Incident> = {}): Incident => ({
  ...i,
  ...extra,
  timeline: [...i.timeline, line(seq, kind, text)],
  updatedAt: t(seq),
});
const enRoute =
  (seq: number, incidentId = "inc-1") =>
  (u: Unit) => ({ ...u, status: "en-route" as const, statusSince: t(seq), incidentId });
const freed = (seq: number) => (u: Unit) => ({ ...u, status: "available" as const, statusSince: t(seq), incidentId: null });

describe("T22: IncidentReported", () => {
  it("T22: a reported incident is ungraded, reported at record time, by the event's actor, with one timeline entry", () => {
    given(...units)
      .on(incidentReported("inc-1"))
      .thenState({ incidents: { "inc-1": inc1 } });
  });

  it("T22: a graded report is triaged at once; it keeps its place text, the reporter's time and its reporter", () => {
    given(...fight)
      .on(
        incidentReported(
          "inc-2",
          {
            type: "medical",
            grade: "I",
            location: at.west,
            sector: "stadium-west",
            locationText: "Entrance H",
            description: "Collapse",
            reporterTime: 99,
          },
          { actor: actors.officer },
        ),
      )
      .thenState({
        incidents: {
          "inc-2": {
            id: "inc-2",
            ref: "CAD 4102/17Oct",
            type: "medical",
            grade: "I",
            status: "triaged",
            location: at.west,
            sector: "stadium-west",
            locationText: "Entrance H",
            description: "Collapse",
            reportedAt: t(5),
            reporterTime: 99,
            reportedBy: actors.officer,
            assigned: [],
            reportIds: [],
            timeline: [line(5, "IncidentReported", "Medical reported", actors.officer)],
            updatedAt: t(5),
            steps: { reported: t(5), triaged: t(5) },
            source: "radio",
          },
        },
      });
  });
});

describe("T23: IncidentGraded", () => {
  it("T23: grading a reported incident triages it, timed and logged", () => {
    given(...fight)
      .on(incidentGraded("inc-1", "I"))
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(i, 5, "IncidentGraded", "Graded I", { grade: "I", status: "triaged", steps: { ...i.steps, triaged: t(5) } }),
        },
      });
  });

  it("T23: a late grade changes the grade but never moves the incident back, nor re-times a step", () => {
    given(...resourced, incidentGraded("inc-1", "I"))
      .on(incidentGraded("inc-1", "S"))
      .thenState({ incidents: { "inc-1": (i) => logged(i, 7, "IncidentGraded", "Graded S", { grade: "S" }) } });
  });

  it("T23: an incident this state does not hold changes nothing", () => {
    given(...fight)
      .on(incidentGraded("inc-9", "I"))
      .thenUnchanged();
  });
});

describe("T24: UnitAssigned", () => {
  it("T24: the incident is resourced with the unit; the unit is en route to it", () => {
    given(...fight)
      .on(unitAssigned("inc-1", unit.psu12a))
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(i, 5, "UnitAssigned", "12A assigned", {
              status: "resourced",
              assigned: ["psu-12a"],
              steps: { ...i.steps, resourced: t(5) },
            }),
        },
        units: { "psu-12a": enRoute(5) },
      });
  });

  it("T24: a second unit joins the first; the incident's resourced time stays", () => {
    given(...resourced)
      .on(unitAssigned("inc-1", unit.las1))
      .thenState({
        incidents: { "inc-1": (i) => logged(i, 6, "UnitAssigned", "LAS 1 assigned", { assigned: ["psu-12a", "las-1"] }) },
        units: { "las-1": enRoute(6) },
      });
  });

  it("T24: a unit already listed is not listed twice", () => {
    given(...resourced)
      .on(unitAssigned("inc-1", unit.psu12a))
      .thenState({ incidents: { "inc-1": (i) => logged(i, 6, "UnitAssigned", "12A assigned") }, units: { "psu-12a": enRoute(6) } });
  });

  it("T24: a steward's version (no unit) resources the incident and touches no unit", () => {
    given(...fight)
      .on(unitAssigned("inc-1", null))
      .thenState({
        incidents: {
          "inc-1": (i) => logged(i, 5, "UnitAssigned", "Unit assigned", { status: "resourced", steps: { ...i.steps, resourced: t(5) } }),
        },
      });
  });

  it("T24: a unit sent to an incident this state does not hold learns it from the summary", () => {
    const summary: IncidentSummary = {
      incidentId: "inc-7",
      ref: "CAD 4107/17Oct",
      type: "missile",
      grade: "S",
      location: at.west,
      sector: "stadium-west",
      locationText: "Block 124",
      description: "Coin thrown",
      reportedAt: t(1) - 5000,
    };
    given(...units)
      .on(unitAssigned("inc-7", unit.psu12a, summary))
      .thenState({
        incidents: {
          "inc-7": {
            id: "inc-7",
            ref: "CAD 4107/17Oct",
            type: "missile",
            grade: "S",
            status: "resourced",
            location: at.west,
            sector: "stadium-west",
            locationText: "Block 124",
            description: "Coin thrown",
            reportedAt: t(1) - 5000,
            reporterTime: null,
            reportedBy: actors.control,
            assigned: ["psu-12a"],
            reportIds: [],
            timeline: [line(4, "UnitAssigned", "Missile thrown reported"), line(4, "UnitAssigned", "12A assigned")],
            updatedAt: t(4),
            steps: { reported: t(1) - 5000, triaged: t(4), resourced: t(4) },
          },
        },
        units: { "psu-12a": enRoute(4, "inc-7") },
      });
  });

  it("T24: the summary of an incident already held is ignored", () => {
    const stale: IncidentSummary = {
      incidentId: "inc-1",
      ref: "CAD 9999/1Jan",
      type: "theft",
      grade: "R",
      location: at.west,
      sector: "stadium-west",
      locationText: "x",
      description: "y",
      reportedAt: 1,
    };
    given(...fight)
      .on(unitAssigned("inc-1", unit.psu12a, stale))
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(i, 5, "UnitAssigned", "12A assigned", {
              status: "resourced",
              assigned: ["psu-12a"],
              steps: { ...i.steps, resourced: t(5) },
            }),
        },
        units: { "psu-12a": enRoute(5) },
      });
  });

  it("T24: with no summary the unknown incident stays unknown, but the unit is en route to it", () => {
    given(...units)
      .on(unitAssigned("inc-7", unit.psu12a))
      .thenState({ units: { "psu-12a": enRoute(4, "inc-7") } });
  });

  it("T24: a unit this state does not hold still resources the incident", () => {
    given(...fight)
      .on(unitAssigned("inc-1", unit.psu3))
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(i, 5, "UnitAssigned", "PSU 3 assigned", {
              status: "resourced",
              assigned: ["psu-3"],
              steps: { ...i.steps, resourced: t(5) },
            }),
        },
      });
  });
});

describe("T25: UnitArrived", () => {
  it("T25: the incident is on scene and the unit on scene, both timed", () => {
    given(...resourced)
      .on(unitArrived("inc-1", unit.psu12a, { actor: actors.officer }))
      .thenState({
        incidents: {
          "inc-1": (i) => ({
            ...i,
            status: "on-scene",
            steps: { ...i.steps, "on-scene": t(6) },
            timeline: [...i.timeline, line(6, "UnitArrived", "12A on scene", actors.officer)],
            updatedAt: t(6),
          }),
        },
        units: { "psu-12a": (u) => ({ ...u, status: "on-scene", statusSince: t(6) }) },
      });
  });

  it("T25: a second unit arriving keeps the on-scene time; a steward's version touches no unit", () => {
    const both = [...resourced, unitAssigned("inc-1", unit.las1), unitArrived("inc-1", unit.psu12a)];
    given(...both)
      .on(unitArrived("inc-1", unit.las1))
      .thenState({
        incidents: { "inc-1": (i) => logged(i, 8, "UnitArrived", "LAS 1 on scene") },
        units: { "las-1": (u) => ({ ...u, status: "on-scene", statusSince: t(8) }) },
      });
    given(...resourced)
      .on(unitArrived("inc-1", null))
      .thenState({
        incidents: {
          "inc-1": (i) => logged(i, 6, "UnitArrived", "Unit on scene", { status: "on-scene", steps: { ...i.steps, "on-scene": t(6) } }),
        },
      });
  });

  it("T25: at an incident this state does not hold, the unit is still on scene", () => {
    given(...units, unitAssigned("inc-7", unit.psu12a))
      .on(unitArrived("inc-7", unit.psu12a))
      .thenState({ units: { "psu-12a": (u) => ({ ...u, status: "on-scene", statusSince: t(5) }) } });
  });
});

describe("T26: UnitReleased", () => {
  it("T26: the unit leaves the incident's list and is available again, on no incident; the incident keeps its status", () => {
    given(...resourced, unitAssigned("inc-1", unit.las1))
      .on(unitReleased("inc-1", unit.psu12a))
      .thenState({
        incidents: { "inc-1": (i) => logged(i, 7, "UnitReleased", "12A released", { assigned: ["las-1"] }) },
        units: { "psu-12a": freed(7) },
      });
  });

  it("T26: an on-scene unit released is available again", () => {
    given(...resourced, unitArrived("inc-1", unit.psu12a))
      .on(unitReleased("inc-1", unit.psu12a))
      .thenState({
        incidents: { "inc-1": (i) => logged(i, 7, "UnitReleased", "12A released", { assigned: [] }) },
        units: { "psu-12a": freed(7) },
      });
  });

  it("T26: a unit already sent elsewhere is not freed by an old release", () => {
    given(...resourced, incidentReported("inc-2"), unitAssigned("inc-2", unit.psu12a))
      .on(unitReleased("inc-1", unit.psu12a))
      .thenState({ incidents: { "inc-1": (i) => logged(i, 8, "UnitReleased", "12A released", { assigned: [] }) } });
  });

  it("T26: a steward's version (no unit) logs the release and frees no one", () => {
    given(...resourced)
      .on(unitReleased("inc-1", null))
      .thenState({ incidents: { "inc-1": (i) => logged(i, 6, "UnitReleased", "Unit released") } });
  });

  it("T26: from an incident this state does not hold, the unit is still freed", () => {
    given(...units, unitAssigned("inc-7", unit.psu12a))
      .on(unitReleased("inc-7", unit.psu12a))
      .thenState({ units: { "psu-12a": freed(5) } });
  });
});

describe("T27: IncidentNoteAdded", () => {
  it("T27: a note is a timeline entry with its text; nothing else changes", () => {
    given(...resourced)
      .on(noteAdded("inc-1", "Crowd calmer"))
      .thenState({ incidents: { "inc-1": (i) => logged(i, 6, "IncidentNoteAdded", "Crowd calmer") } });
  });

  it("T27: the entry keeps the intelligence and for-stewards marks", () => {
    given(...fight)
      .on(noteAdded("inc-1", "Known risk group", { intel: true }, { actor: actors.officer }))
      .thenState({
        incidents: {
          "inc-1": (i) => ({
            ...i,
            timeline: [...i.timeline, line(5, "IncidentNoteAdded", "Known risk group", actors.officer, { intel: true })],
            updatedAt: t(5),
          }),
        },
      });
    given(...fight)
      .on(noteAdded("inc-1", "Keep the gate shut", { forStewards: true }))
      .thenState({
        incidents: {
          "inc-1": (i) => ({
            ...i,
            timeline: [...i.timeline, line(5, "IncidentNoteAdded", "Keep the gate shut", actors.control, { forStewards: true })],
            updatedAt: t(5),
          }),
        },
      });
  });

  it("T27: a note on an incident this state does not hold changes nothing", () => {
    given(...fight)
      .on(noteAdded("inc-9", "Lost"))
      .thenUnchanged();
  });
});

describe("T28: IncidentResolved", () => {
  it("T28: resolving is timed and logged with the outcome; the units stay assigned", () => {
    given(...resourced)
      .on(incidentResolved("inc-1", "Two arrested"))
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(i, 6, "IncidentResolved", "Resolved: Two arrested", { status: "resolved", steps: { ...i.steps, resolved: t(6) } }),
        },
      });
  });

  it("T28: an outcome for stewards is marked; a version with no outcome says only Resolved", () => {
    given(...fight)
      .on(incidentResolved("inc-1", "All clear", true))
      .thenState({
        incidents: {
          "inc-1": (i) => ({
            ...i,
            status: "resolved",
            steps: { ...i.steps, resolved: t(5) },
            timeline: [...i.timeline, line(5, "IncidentResolved", "Resolved: All clear", actors.control, { forStewards: true })],
            updatedAt: t(5),
          }),
        },
      });
    given(...fight)
      .on(incidentResolved("inc-1", ""))
      .thenState({
        incidents: {
          "inc-1": (i) => logged(i, 5, "IncidentResolved", "Resolved", { status: "resolved", steps: { ...i.steps, resolved: t(5) } }),
        },
      });
  });

  it("T28: an incident this state does not hold changes nothing", () => {
    given(...fight)
      .on(incidentResolved("inc-9", "x"))
      .thenUnchanged();
  });
});

describe("T29: IncidentClosed", () => {
  it("T29: closing is timed and logged, empties the incident's units and stands each of them down", () => {
    given(...resourced, unitAssigned("inc-1", unit.las1), unitArrived("inc-1", unit.las1), incidentResolved("inc-1", "Dispersed"))
      .on(incidentClosed("inc-1"))
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(i, 9, "IncidentClosed", "Closed — No further action", {
              status: "closed",
              assigned: [],
              steps: { ...i.steps, closed: t(9) },
              closeResult: "no-further-action",
            }),
        },
        units: { "psu-12a": freed(9), "las-1": freed(9) },
      });
  });

  it("T29: a unit listed but already sent elsewhere is not stood down", () => {
    given(...resourced, incidentReported("inc-2"), unitAssigned("inc-2", unit.psu12a))
      .on(incidentClosed("inc-1"))
      .thenState({
        incidents: {
          "inc-1": (i) =>
            logged(i, 8, "IncidentClosed", "Closed — No further action", {
              status: "closed",
              assigned: [],
              steps: { ...i.steps, closed: t(8) },
              closeResult: "no-further-action",
            }),
        },
      });
  });

  it("T29: an incident this state does not hold changes nothing", () => {
    given(...resourced)
      .on(incidentClosed("inc-9"))
      .thenUnchanged();
  });
});
