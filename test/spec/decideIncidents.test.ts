import { describe, it } from "vitest";
import type { IncidentSummary } from "../../shared/events";
import { given, t } from "../support/decider";
import {
  incidentClosed,
  incidentGraded,
  incidentReported,
  incidentResolved,
  nowhere,
  opened,
  reportPromoted,
  reportSubmitted,
  unit,
  unitAssigned,
  unitRegistered,
  unitReleased,
  unitStatusChanged,
} from "../support/deciderEvents";
import { actors, at } from "../support/events";

/** Decider spec: incidents (shared/decide.ts). */

const units = [
  opened(),
  unitRegistered("psu-12a", "12A"),
  unitRegistered("las-1", "LAS 1", { kind: "las", agency: "LAS", sector: "stadium-north" }),
];
/** inc-1, a fight on Olympic Way, reported at seq 4. */
const fight = [...units, incidentReported("inc-1")];
const fightSummary: IncidentSummary = {
  incidentId: "inc-1",
  ref: "CAD 4101/17Oct",
  type: "disorder",
  grade: null,
  location: at.olympicWay,
  sector: "olympic-way",
  locationText: "",
  description: "Fight outside Boxpark",
  reportedAt: t(4),
};
const fightScope = { sector: "olympic-way", stewards: [], units: [] };
const officer = { actor: actors.officer, unitId: "psu-12a" };

describe("T4: incident:report", () => {
  it("T4: control reports inc-1 as CAD cadStart+1, ungraded, in the sector of its location, with no reporter time", () => {
    given(...units)
      .when("incident:report", { type: "disorder", location: at.olympicWay, description: "Fight outside Boxpark" })
      .thenEvent({
        type: "IncidentReported",
        payload: {
          incidentId: "inc-1",
          ref: "CAD 4101/17Oct",
          type: "disorder",
          grade: null,
          location: at.olympicWay,
          sector: "olympic-way",
          locationText: "",
          description: "Fight outside Boxpark",
          reporterTime: null,
          source: "radio",
        },
        scope: fightScope,
      });
  });

  it("T4: ids and CAD numbers follow every incident held, promoted ones included; the grade and place text are kept", () => {
    given(...fight, reportSubmitted("rep-1"), reportPromoted("rep-1", "inc-2"))
      .when("incident:report", { type: "medical", grade: "I", location: at.west, locationText: "Entrance H", description: "Collapse" })
      .thenEvent({
        type: "IncidentReported",
        payload: {
          incidentId: "inc-3",
          ref: "CAD 4103/17Oct",
          type: "medical",
          grade: "I",
          location: at.west,
          sector: "stadium-west",
          locationText: "Entrance H",
          description: "Collapse",
          reporterTime: null,
          source: "radio",
        },
        scope: { sector: "stadium-west", stewards: [], units: [] },
      });
  });

  it("T4: the CAD reference uses the operation's own start number and date", () => {
    given(opened({ cadStart: 7000, cadDate: "1Jan" }))
      .when("incident:report", { type: "theft", location: at.olympicWay, description: "Bag" })
      .thenEvent({
        type: "IncidentReported",
        payload: {
          incidentId: "inc-1",
          ref: "CAD 7001/1Jan",
          type: "theft",
          grade: null,
          location: at.olympicWay,
          sector: "olympic-way",
          locationText: "",
          description: "Bag",
          reporterTime: null,
          source: "radio",
        },
        scope: fightScope,
      });
  });

  it("T4: an officer's report is scoped to its own unit; a place outside the plan has no sector", () => {
    given(...units)
      .when("incident:report", { type: "theft", location: nowhere, description: "Bag" }, officer)
      .thenEvent({
        type: "IncidentReported",
        payload: {
          incidentId: "inc-1",
          ref: "CAD 4101/17Oct",
          type: "theft",
          grade: null,
          location: nowhere,
          sector: null,
          locationText: "",
          description: "Bag",
          reporterTime: null,
          source: "officer",
        },
        scope: { sector: null, stewards: [], units: ["psu-12a"] },
      });
  });
});

describe("T5: incident:grade", () => {
  it("T5: grading yields IncidentGraded scoped to the incident's sector", () => {
    given(...fight)
      .when("incident:grade", { incidentId: "inc-1", grade: "I" })
      .thenEvent({ type: "IncidentGraded", payload: { incidentId: "inc-1", grade: "I" }, scope: fightScope });
  });

  it("T5: the scope names the units assigned and the steward who reported it", () => {
    given(...units, reportSubmitted("rep-1"), reportPromoted("rep-1", "inc-1"), unitAssigned("inc-1", unit.psu12a))
      .when("incident:grade", { incidentId: "inc-1", grade: "E" })
      .thenEvent({
        type: "IncidentGraded",
        payload: { incidentId: "inc-1", grade: "E" },
        scope: { sector: "olympic-way", stewards: [actors.steward.userId], units: ["psu-12a"] },
      });
  });

  it("T5: an incident whose reporter this state does not know names no steward", () => {
    given(...units, reportPromoted("rep-1", "inc-1"))
      .when("incident:grade", { incidentId: "inc-1", grade: "E" })
      .thenEvent({ type: "IncidentGraded", payload: { incidentId: "inc-1", grade: "E" }, scope: fightScope });
  });

  it("T5: an unknown incident is refused not_found", () => {
    given(...fight)
      .when("incident:grade", { incidentId: "inc-9", grade: "I" })
      .thenRejects("not_found", "No incident inc-9.");
  });

  it("T5: a closed incident is refused conflict", () => {
    given(...fight, incidentClosed("inc-1"))
      .when("incident:grade", { incidentId: "inc-1", grade: "I" })
      .thenRejects("conflict", "CAD 4101/17Oct is closed.");
  });
});

describe("T6: incident:assign", () => {
  it("T6: assigning a free unit yields UnitAssigned with the unit and the incident's summary, scoped to incident and unit", () => {
    given(...fight)
      .when("incident:assign", { incidentId: "inc-1", unitId: "psu-12a" })
      .thenEvent({
        type: "UnitAssigned",
        payload: { incidentId: "inc-1", unit: unit.psu12a, incident: fightSummary, recommended: null },
        scope: { sector: "olympic-way", stewards: [], units: ["psu-12a"] },
      });
  });

  it("T6: a second unit joins the units already assigned in the scope; the summary carries the grade", () => {
    given(...fight, incidentGraded("inc-1", "I"), unitAssigned("inc-1", unit.psu12a))
      .when("incident:assign", { incidentId: "inc-1", unitId: "las-1" })
      .thenEvent({
        type: "UnitAssigned",
        payload: { incidentId: "inc-1", unit: unit.las1, incident: { ...fightSummary, grade: "I" }, recommended: null },
        scope: { sector: "olympic-way", stewards: [], units: ["psu-12a", "las-1"] },
      });
  });

  it.each(["returning", "refreshment"] as const)("T6: a %s unit is deployable", (status) => {
    given(...fight, unitStatusChanged("psu-12a", status))
      .when("incident:assign", { incidentId: "inc-1", unitId: "psu-12a" })
      .thenEvent({
        type: "UnitAssigned",
        payload: { incidentId: "inc-1", unit: unit.psu12a, incident: fightSummary, recommended: null },
        scope: { sector: "olympic-way", stewards: [], units: ["psu-12a"] },
      });
  });

  it.each(["en-route", "on-scene", "committed", "off-duty"] as const)("T6: a %s unit is not deployable: refused conflict", (status) => {
    given(...fight, unitStatusChanged("psu-12a", status))
      .when("incident:assign", { incidentId: "inc-1", unitId: "psu-12a" })
      .thenRejects("conflict", `12A is ${status} and cannot be assigned.`);
  });

  it("T6: a unit already assigned to this incident is refused conflict", () => {
    given(...fight, unitAssigned("inc-1", unit.psu12a))
      .when("incident:assign", { incidentId: "inc-1", unitId: "psu-12a" })
      .thenRejects("conflict", "12A is already assigned to CAD 4101/17Oct.");
  });

  it("T6: a unit committed to another incident is refused conflict, naming that incident", () => {
    given(...fight, incidentReported("inc-2"), unitAssigned("inc-2", unit.psu12a))
      .when("incident:assign", { incidentId: "inc-1", unitId: "psu-12a" })
      .thenRejects("conflict", "12A is committed to CAD 4102/17Oct: release it first.");
  });

  it("T6: a unit committed to an incident this state does not hold is refused, naming the incident's id", () => {
    given(...fight, unitAssigned("inc-7", unit.psu12a))
      .when("incident:assign", { incidentId: "inc-1", unitId: "psu-12a" })
      .thenRejects("conflict", "12A is committed to inc-7: release it first.");
  });

  it("T6: a resolved incident takes no more units: refused conflict", () => {
    given(...fight, incidentResolved("inc-1", "Dispersed"))
      .when("incident:assign", { incidentId: "inc-1", unitId: "psu-12a" })
      .thenRejects("conflict", "CAD 4101/17Oct is resolved.");
  });

  it("T6: a closed incident is refused conflict", () => {
    given(...fight, incidentClosed("inc-1"))
      .when("incident:assign", { incidentId: "inc-1", unitId: "psu-12a" })
      .thenRejects("conflict", "CAD 4101/17Oct is closed.");
  });

  it("T6: an unknown incident or unit is refused not_found", () => {
    given(...fight)
      .when("incident:assign", { incidentId: "inc-9", unitId: "psu-12a" })
      .thenRejects("not_found", "No incident inc-9.");
    given(...fight)
      .when("incident:assign", { incidentId: "inc-1", unitId: "psu-99" })
      .thenRejects("not_found", "No unit psu-99.");
  });
});

describe("T7: incident:release", () => {
  it("T7: releasing an assigned unit yields UnitReleased, scoped to the incident and its units", () => {
    given(...fight, unitAssigned("inc-1", unit.psu12a), unitAssigned("inc-1", unit.las1))
      .when("incident:release", { incidentId: "inc-1", unitId: "psu-12a" })
      .thenEvent({
        type: "UnitReleased",
        payload: { incidentId: "inc-1", unit: unit.psu12a },
        scope: { sector: "olympic-way", stewards: [], units: ["psu-12a", "las-1"] },
      });
  });

  it("T7: a unit may be released from a resolved incident", () => {
    given(...fight, unitAssigned("inc-1", unit.psu12a), incidentResolved("inc-1", "Dispersed"))
      .when("incident:release", { incidentId: "inc-1", unitId: "psu-12a" })
      .thenEvent({
        type: "UnitReleased",
        payload: { incidentId: "inc-1", unit: unit.psu12a },
        scope: { sector: "olympic-way", stewards: [], units: ["psu-12a"] },
      });
  });

  it("T7: a unit not assigned to the incident is refused conflict", () => {
    given(...fight, unitAssigned("inc-1", unit.psu12a), unitReleased("inc-1", unit.psu12a))
      .when("incident:release", { incidentId: "inc-1", unitId: "psu-12a" })
      .thenRejects("conflict", "12A is not assigned to CAD 4101/17Oct.");
  });

  it("T7: a closed incident is refused conflict", () => {
    given(...fight, unitAssigned("inc-1", unit.psu12a), incidentClosed("inc-1"))
      .when("incident:release", { incidentId: "inc-1", unitId: "psu-12a" })
      .thenRejects("conflict", "CAD 4101/17Oct is closed.");
  });

  it("T7: an unknown incident or unit is refused not_found", () => {
    given(...fight)
      .when("incident:release", { incidentId: "inc-9", unitId: "psu-12a" })
      .thenRejects("not_found", "No incident inc-9.");
    given(...fight)
      .when("incident:release", { incidentId: "inc-1", unitId: "psu-99" })
      .thenRejects("not_found", "No unit psu-99.");
  });
});

describe("T8: incident:note", () => {
  it("T8: control's note is neither intelligence nor for stewards by default, scoped to the incident", () => {
    given(...fight)
      .when("incident:note", { incidentId: "inc-1", text: "Crowd calmer" })
      .thenEvent({
        type: "IncidentNoteAdded",
        payload: { incidentId: "inc-1", text: "Crowd calmer", intel: false, forStewards: false },
        scope: fightScope,
      });
  });

  it("T8: an intelligence note and a note for stewards keep their marks", () => {
    given(...fight)
      .when("incident:note", { incidentId: "inc-1", text: "Known risk group", intel: true })
      .thenEvent({
        type: "IncidentNoteAdded",
        payload: { incidentId: "inc-1", text: "Known risk group", intel: true, forStewards: false },
        scope: fightScope,
      });
    given(...fight)
      .when("incident:note", { incidentId: "inc-1", text: "Keep the gate shut", forStewards: true })
      .thenEvent({
        type: "IncidentNoteAdded",
        payload: { incidentId: "inc-1", text: "Keep the gate shut", intel: false, forStewards: true },
        scope: fightScope,
      });
  });

  it("T8: an officer whose unit is assigned may add a note", () => {
    given(...fight, unitAssigned("inc-1", unit.psu12a))
      .when("incident:note", { incidentId: "inc-1", text: "Two detained" }, officer)
      .thenEvent({
        type: "IncidentNoteAdded",
        payload: { incidentId: "inc-1", text: "Two detained", intel: false, forStewards: false },
        scope: { sector: "olympic-way", stewards: [], units: ["psu-12a"] },
      });
  });

  it("T8: an officer whose unit is not assigned, or who has no unit, is refused forbidden", () => {
    given(...fight, unitAssigned("inc-1", unit.las1))
      .when("incident:note", { incidentId: "inc-1", text: "Seen it" }, officer)
      .thenRejects("forbidden", "Your unit is not assigned to CAD 4101/17Oct.");
    given(...fight)
      .when("incident:note", { incidentId: "inc-1", text: "Seen it" }, { actor: actors.officer, unitId: null })
      .thenRejects("forbidden", "Your unit is not assigned to CAD 4101/17Oct.");
  });

  it("T8: a note on a closed incident is refused conflict, on an unknown one not_found", () => {
    given(...fight, incidentClosed("inc-1"))
      .when("incident:note", { incidentId: "inc-1", text: "Late" })
      .thenRejects("conflict", "CAD 4101/17Oct is closed.");
    given(...fight)
      .when("incident:note", { incidentId: "inc-9", text: "Late" })
      .thenRejects("not_found", "No incident inc-9.");
  });
});

describe("T9: incident:resolve", () => {
  it("T9: resolving yields IncidentResolved with its outcome, not for stewards by default", () => {
    given(...fight, unitAssigned("inc-1", unit.psu12a))
      .when("incident:resolve", { incidentId: "inc-1", outcome: "Two arrested" })
      .thenEvent({
        type: "IncidentResolved",
        payload: { incidentId: "inc-1", outcome: "Two arrested", forStewards: false },
        scope: { sector: "olympic-way", stewards: [], units: ["psu-12a"] },
      });
  });

  it("T9: an outcome written for stewards keeps its mark", () => {
    given(...fight)
      .when("incident:resolve", { incidentId: "inc-1", outcome: "All clear", forStewards: true })
      .thenEvent({
        type: "IncidentResolved",
        payload: { incidentId: "inc-1", outcome: "All clear", forStewards: true },
        scope: fightScope,
      });
  });

  it("T9: resolving twice is refused conflict", () => {
    given(...fight, incidentResolved("inc-1", "Dispersed"))
      .when("incident:resolve", { incidentId: "inc-1", outcome: "Again" })
      .thenRejects("conflict", "CAD 4101/17Oct is already resolved.");
  });

  it("T9: a closed incident is refused conflict, an unknown one not_found", () => {
    given(...fight, incidentClosed("inc-1"))
      .when("incident:resolve", { incidentId: "inc-1", outcome: "Late" })
      .thenRejects("conflict", "CAD 4101/17Oct is closed.");
    given(...fight)
      .when("incident:resolve", { incidentId: "inc-9", outcome: "Late" })
      .thenRejects("not_found", "No incident inc-9.");
  });
});

describe("T10: incident:close", () => {
  it("T10: closing a resolved incident yields IncidentClosed, scoped to the incident and its units", () => {
    given(...fight, unitAssigned("inc-1", unit.psu12a), incidentResolved("inc-1", "Dispersed"))
      .when("incident:close", { incidentId: "inc-1", result: "advice-given", note: "Both groups moved on" })
      .thenEvent({
        type: "IncidentClosed",
        payload: { incidentId: "inc-1", result: "advice-given", note: "Both groups moved on" },
        scope: { sector: "olympic-way", stewards: [], units: ["psu-12a"] },
      });
  });

  it("T10: an incident may be closed without being resolved", () => {
    given(...fight)
      .when("incident:close", { incidentId: "inc-1", result: "false-alarm" })
      .thenEvent({ type: "IncidentClosed", payload: { incidentId: "inc-1", result: "false-alarm", note: "" }, scope: fightScope });
  });

  it("T10: closing a closed incident is refused conflict, an unknown one not_found", () => {
    given(...fight, incidentClosed("inc-1"))
      .when("incident:close", { incidentId: "inc-1", result: "no-trace" })
      .thenRejects("conflict", "CAD 4101/17Oct is closed.");
    given(...fight)
      .when("incident:close", { incidentId: "inc-9", result: "no-trace" })
      .thenRejects("not_found", "No incident inc-9.");
  });
});
