import { describe, it } from "vitest";
import type { Draft } from "../support/decider";
import { given, line, t } from "../support/decider";
import {
  incidentClosed,
  incidentReported,
  incidentResolved,
  opened,
  unit,
  unitAssigned,
  unitRegistered,
  unitReleased,
} from "../support/deciderEvents";
import { actors } from "../support/events";

/** Decider spec: an officer acknowledges an assignment (issue 12; shared/decide.ts, shared/evolve.ts). */

const units = [
  opened(),
  unitRegistered("psu-12a", "12A"),
  unitRegistered("las-1", "LAS 1", { kind: "las", agency: "LAS", sector: "stadium-north" }),
];
/** inc-1 reported at seq 4, 12A assigned at seq 5. */
const assigned = [...units, incidentReported("inc-1"), unitAssigned("inc-1", unit.psu12a)];
const officer = { actor: actors.officer, unitId: "psu-12a" };
const onlyTheUnit = { sector: "olympic-way", stewards: [], units: ["psu-12a"] };

function acknowledged(incidentId: string, u: { id: string; callSign: string }): Draft {
  return { type: "UnitAcknowledged", payload: { incidentId, unit: u }, actor: actors.officer, scope: onlyTheUnit };
}

describe("T49: incident:acknowledge", () => {
  it("T49: an officer of an assigned unit acknowledges; the event names the unit and is scoped to it alone", () => {
    given(...assigned)
      .when("incident:acknowledge", { incidentId: "inc-1" }, officer)
      .thenEvent({ type: "UnitAcknowledged", payload: { incidentId: "inc-1", unit: unit.psu12a }, scope: onlyTheUnit });
  });

  it("T49: once per assignment: a second acknowledgement is refused conflict; assigned again, it may acknowledge again", () => {
    given(...assigned, acknowledged("inc-1", unit.psu12a))
      .when("incident:acknowledge", { incidentId: "inc-1" }, officer)
      .thenRejects("conflict", "12A has already acknowledged CAD 4101/17Oct.");
    given(...assigned, acknowledged("inc-1", unit.psu12a), unitReleased("inc-1", unit.psu12a), unitAssigned("inc-1", unit.psu12a))
      .when("incident:acknowledge", { incidentId: "inc-1" }, officer)
      .thenEvent({ type: "UnitAcknowledged", payload: { incidentId: "inc-1", unit: unit.psu12a }, scope: onlyTheUnit });
  });

  it("T49: an officer whose unit is not assigned, or who has no unit, is refused forbidden", () => {
    given(...units, incidentReported("inc-1"), unitAssigned("inc-1", unit.las1))
      .when("incident:acknowledge", { incidentId: "inc-1" }, officer)
      .thenRejects("forbidden", "Your unit is not assigned to CAD 4101/17Oct.");
    given(...assigned)
      .when("incident:acknowledge", { incidentId: "inc-1" }, { actor: actors.officer, unitId: null })
      .thenRejects("forbidden", "Your unit is not assigned to CAD 4101/17Oct.");
  });

  it("T49: refused on a resolved (conflict), closed (conflict) or unknown (not_found) incident", () => {
    given(...assigned, incidentResolved("inc-1", "Dispersed"))
      .when("incident:acknowledge", { incidentId: "inc-1" }, officer)
      .thenRejects("conflict", "CAD 4101/17Oct is resolved.");
    given(...assigned, incidentClosed("inc-1"))
      .when("incident:acknowledge", { incidentId: "inc-1" }, officer)
      .thenRejects("conflict", "CAD 4101/17Oct is closed.");
    given(...assigned)
      .when("incident:acknowledge", { incidentId: "inc-9" }, officer)
      .thenRejects("not_found", "No incident inc-9.");
  });
});

describe("T50: UnitAcknowledged", () => {
  it("T50: the incident records when the unit acknowledged and logs '12A acknowledged' by the officer; units untouched", () => {
    given(...assigned)
      .on(acknowledged("inc-1", unit.psu12a))
      .thenState({
        incidents: {
          "inc-1": (i) => ({
            ...i,
            acknowledged: { "psu-12a": t(6) },
            timeline: [...i.timeline, line(6, "UnitAcknowledged", "12A acknowledged", actors.officer)],
            updatedAt: t(6),
          }),
        },
      });
  });

  it("T50: a unit released or assigned again loses its acknowledgement; others keep theirs", () => {
    const both = [...assigned, unitAssigned("inc-1", unit.las1), acknowledged("inc-1", unit.psu12a), acknowledged("inc-1", unit.las1)];
    given(...both)
      .on(unitReleased("inc-1", unit.psu12a))
      .thenState({
        incidents: {
          "inc-1": (i) => ({
            ...i,
            assigned: ["las-1"],
            acknowledged: { "las-1": t(8) },
            timeline: [...i.timeline, line(9, "UnitReleased", "12A released")],
            updatedAt: t(9),
          }),
        },
        units: { "psu-12a": (u) => ({ ...u, status: "available", statusSince: t(9), incidentId: null }) },
      });
  });

  it("T50: nothing for an incident this state does not hold", () => {
    given(...assigned)
      .on(acknowledged("inc-7", unit.psu12a))
      .thenUnchanged();
  });
});
