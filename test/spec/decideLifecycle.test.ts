import { describe, expect, it } from "vitest";
import { COMMAND_ROLES, CommandBodies } from "../../shared/commands";
import { CLOSE_RESULTS, INCIDENT_SOURCES } from "../../shared/domain";
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
  unitArrived,
  unitAssigned,
  unitRegistered,
} from "../support/deciderEvents";
import { actors, at } from "../support/events";

/** Decider spec: incidents from any source, corrected, reopened, closed with a result (issue 10). */

const units = [
  opened(),
  unitRegistered("psu-12a", "12A"),
  unitRegistered("las-1", "LAS 1", { kind: "las", agency: "LAS", sector: "stadium-north" }),
];
/** inc-1, a fight on Olympic Way, reported at seq 4. */
const fight = [...units, incidentReported("inc-1")];
const fightScope = { sector: "olympic-way", stewards: [], units: [] };
const officer = { actor: actors.officer, unitId: "psu-12a" };
const fightReport = { type: "disorder", location: at.olympicWay, description: "Fight outside Boxpark" } as const;
const reported = {
  incidentId: "inc-1",
  ref: "CAD 4101/17Oct",
  type: "disorder",
  grade: null,
  location: at.olympicWay,
  sector: "olympic-way",
  locationText: "",
  description: "Fight outside Boxpark",
  reporterTime: null,
} as const;

describe("T40: incident:report from any source", () => {
  it.each(INCIDENT_SOURCES.filter((s) => s !== "officer"))("T40: control records the source %s as given", (source) => {
    given(...units)
      .when("incident:report", { ...fightReport, source })
      .thenEvent({ type: "IncidentReported", payload: { ...reported, source }, scope: fightScope });
  });

  it("T40: with no source given, control's report is recorded as radio", () => {
    given(...units)
      .when("incident:report", fightReport)
      .thenEvent({ type: "IncidentReported", payload: { ...reported, source: "radio" }, scope: fightScope });
  });

  it.each(INCIDENT_SOURCES)("T40: an officer's report is recorded as source officer, whatever it says (%s)", (source) => {
    given(...units)
      .when("incident:report", { ...fightReport, source }, officer)
      .thenEvent({
        type: "IncidentReported",
        payload: { ...reported, source: "officer" },
        scope: { ...fightScope, units: ["psu-12a"] },
      });
  });

  it("T40: a source outside the list is refused by the schema", () => {
    expect(CommandBodies["incident:report"].safeParse({ ...fightReport, source: "twitter" }).success).toBe(false);
  });
});

describe("T41: incident:correct", () => {
  const reason = "Caller rang back";

  it("T41: a new type yields IncidentCorrected with the new value, the old one and the reason", () => {
    given(...fight)
      .when("incident:correct", { incidentId: "inc-1", type: "missile", reason })
      .thenEvent({
        type: "IncidentCorrected",
        payload: { incidentId: "inc-1", changes: { type: "missile" }, previous: { type: "disorder" }, reason, incident: null },
        scope: fightScope,
      });
  });

  it("T41: a grade, place text and description are each corrected; only the fields that change are kept", () => {
    given(...fight, incidentGraded("inc-1", "S"))
      .when("incident:correct", {
        incidentId: "inc-1",
        type: "disorder",
        grade: "I",
        locationText: "Boxpark steps",
        description: "Fight, 10 involved",
        reason,
      })
      .thenEvent({
        type: "IncidentCorrected",
        payload: {
          incidentId: "inc-1",
          changes: { grade: "I", locationText: "Boxpark steps", description: "Fight, 10 involved" },
          previous: { grade: "S", locationText: "", description: "Fight outside Boxpark" },
          reason,
          incident: null,
        },
        scope: fightScope,
      });
  });

  it("T41: a grade given to an ungraded incident records the previous grade as none (null)", () => {
    given(...fight)
      .when("incident:correct", { incidentId: "inc-1", grade: "E", reason })
      .thenEvent({
        type: "IncidentCorrected",
        payload: { incidentId: "inc-1", changes: { grade: "E" }, previous: { grade: null }, reason, incident: null },
        scope: fightScope,
      });
  });

  it("T41: a new location in the same sector keeps the sector and carries no summary", () => {
    const near = { lat: 51.5606, lng: -0.2796 };
    given(...fight)
      .when("incident:correct", { incidentId: "inc-1", location: near, reason })
      .thenEvent({
        type: "IncidentCorrected",
        payload: { incidentId: "inc-1", changes: { location: near }, previous: { location: at.olympicWay }, reason, incident: null },
        scope: fightScope,
      });
  });

  it("T41: a location in another sector recomputes the sector, scopes the event there and carries the corrected summary", () => {
    const summary: IncidentSummary = {
      incidentId: "inc-1",
      ref: "CAD 4101/17Oct",
      type: "disorder",
      grade: null,
      location: at.west,
      sector: "stadium-west",
      locationText: "",
      description: "Fight outside Boxpark",
      reportedAt: t(4),
    };
    given(...fight, unitAssigned("inc-1", unit.psu12a))
      .when("incident:correct", { incidentId: "inc-1", location: at.west, reason })
      .thenEvent({
        type: "IncidentCorrected",
        payload: {
          incidentId: "inc-1",
          changes: { location: at.west, sector: "stadium-west" },
          previous: { location: at.olympicWay, sector: "olympic-way" },
          reason,
          incident: summary,
        },
        scope: { sector: "stadium-west", stewards: [], units: ["psu-12a"] },
      });
  });

  it("T41: a location outside the plan leaves the incident in no sector", () => {
    given(...fight)
      .when("incident:correct", { incidentId: "inc-1", location: nowhere, reason })
      .thenEvent({
        type: "IncidentCorrected",
        payload: {
          incidentId: "inc-1",
          changes: { location: nowhere, sector: null },
          previous: { location: at.olympicWay, sector: "olympic-way" },
          reason,
          incident: {
            incidentId: "inc-1",
            ref: "CAD 4101/17Oct",
            type: "disorder",
            grade: null,
            location: nowhere,
            sector: null,
            locationText: "",
            description: "Fight outside Boxpark",
            reportedAt: t(4),
          },
        },
        scope: { sector: null, stewards: [], units: [] },
      });
  });

  it("T41: a closed incident may be corrected (a correction of the record); the reporting steward stays in scope", () => {
    given(...units, reportSubmitted("rep-1"), reportPromoted("rep-1", "inc-1"), incidentClosed("inc-1"))
      .when("incident:correct", { incidentId: "inc-1", type: "theft", reason })
      .thenEvent({
        type: "IncidentCorrected",
        payload: { incidentId: "inc-1", changes: { type: "theft" }, previous: { type: "disorder" }, reason, incident: null },
        scope: { sector: "olympic-way", stewards: [actors.steward.userId], units: [] },
      });
  });

  it("T41: a correction that changes nothing is refused conflict", () => {
    given(...fight, incidentGraded("inc-1", "S"))
      .when("incident:correct", { incidentId: "inc-1", type: "disorder", grade: "S", location: at.olympicWay, reason })
      .thenRejects("conflict", "CAD 4101/17Oct already says that: nothing to correct.");
  });

  it.each(["inc-9", "constructor", "__proto__"])("T41: an unknown incident (%s) is refused not_found", (id) => {
    given(...fight)
      .when("incident:correct", { incidentId: id, type: "theft", reason })
      .thenRejects("not_found", `No incident ${id}.`);
  });

  it("T41: the schema needs a reason and at least one field to change", () => {
    const body = CommandBodies["incident:correct"];
    expect(body.safeParse({ incidentId: "inc-1", reason }).success).toBe(false);
    expect(body.safeParse({ incidentId: "inc-1", type: "theft" }).success).toBe(false);
    expect(body.safeParse({ incidentId: "inc-1", type: "theft", reason: "  " }).success).toBe(false);
    expect(body.safeParse({ incidentId: "inc-1", description: "", reason }).success).toBe(false);
  });

  it("T41: only control may correct: stewards and officers are not in its roles", () => {
    expect(COMMAND_ROLES["incident:correct"]).toEqual(["commander", "controller"]);
  });
});

describe("T42: incident:reopen", () => {
  const reason = "Suspect returned";

  it("T42: a resolved incident with a unit on scene goes back on scene", () => {
    given(...fight, unitAssigned("inc-1", unit.psu12a), unitArrived("inc-1", unit.psu12a), incidentResolved("inc-1", "Dispersed"))
      .when("incident:reopen", { incidentId: "inc-1", reason })
      .thenEvent({
        type: "IncidentReopened",
        payload: { incidentId: "inc-1", reason, from: "resolved", to: "on-scene" },
        scope: { ...fightScope, units: ["psu-12a"] },
      });
  });

  it("T42: a resolved incident with units assigned but none on scene is resourced", () => {
    given(...fight, incidentGraded("inc-1", "S"), unitAssigned("inc-1", unit.psu12a), incidentResolved("inc-1", "Dispersed"))
      .when("incident:reopen", { incidentId: "inc-1", reason })
      .thenEvent({
        type: "IncidentReopened",
        payload: { incidentId: "inc-1", reason, from: "resolved", to: "resourced" },
        scope: { ...fightScope, units: ["psu-12a"] },
      });
  });

  it("T42: a closed graded incident (its units stood down) is triaged again", () => {
    given(...fight, incidentGraded("inc-1", "I"), unitAssigned("inc-1", unit.psu12a), incidentClosed("inc-1"))
      .when("incident:reopen", { incidentId: "inc-1", reason })
      .thenEvent({ type: "IncidentReopened", payload: { incidentId: "inc-1", reason, from: "closed", to: "triaged" }, scope: fightScope });
  });

  it("T42: a closed ungraded incident is reported again", () => {
    given(...fight, incidentClosed("inc-1"))
      .when("incident:reopen", { incidentId: "inc-1", reason })
      .thenEvent({ type: "IncidentReopened", payload: { incidentId: "inc-1", reason, from: "closed", to: "reported" }, scope: fightScope });
  });

  it.each([
    ["reported", []],
    ["triaged", [incidentGraded("inc-1", "S")]],
    ["resourced", [unitAssigned("inc-1", unit.psu12a)]],
  ] as const)("T42: an open incident (%s) is refused conflict", (status, more) => {
    given(...fight, ...more)
      .when("incident:reopen", { incidentId: "inc-1", reason })
      .thenRejects("conflict", `CAD 4101/17Oct is open (${status}): nothing to reopen.`);
  });

  it.each(["inc-9", "constructor"])("T42: an unknown incident (%s) is refused not_found", (id) => {
    given(...fight)
      .when("incident:reopen", { incidentId: id, reason })
      .thenRejects("not_found", `No incident ${id}.`);
  });

  it("T42: the schema needs a reason; only control may reopen", () => {
    expect(CommandBodies["incident:reopen"].safeParse({ incidentId: "inc-1" }).success).toBe(false);
    expect(CommandBodies["incident:reopen"].safeParse({ incidentId: "inc-1", reason: " " }).success).toBe(false);
    expect(COMMAND_ROLES["incident:reopen"]).toEqual(["commander", "controller"]);
  });
});

describe("T43: incident:close with a result code", () => {
  it.each(CLOSE_RESULTS)("T43: the result %s is recorded, with an empty note by default", (result) => {
    given(...fight)
      .when("incident:close", { incidentId: "inc-1", result })
      .thenEvent({ type: "IncidentClosed", payload: { incidentId: "inc-1", result, note: "" }, scope: fightScope });
  });

  it("T43: the note is trimmed and kept", () => {
    given(...fight)
      .when("incident:close", { incidentId: "inc-1", result: "arrest", note: "  2 arrested  " })
      .thenEvent({ type: "IncidentClosed", payload: { incidentId: "inc-1", result: "arrest", note: "2 arrested" }, scope: fightScope });
  });

  it("T43: the schema refuses a missing or unknown result and a note over 500 characters", () => {
    const body = CommandBodies["incident:close"];
    expect(body.safeParse({ incidentId: "inc-1" }).success).toBe(false);
    expect(body.safeParse({ incidentId: "inc-1", result: "sorted" }).success).toBe(false);
    expect(body.safeParse({ incidentId: "inc-1", result: "arrest", note: "x".repeat(501) }).success).toBe(false);
  });

  it("T43: closing an incident its units are on is scoped to them (the fold stands them down, T29)", () => {
    given(...fight, unitAssigned("inc-1", unit.psu12a), unitAssigned("inc-1", unit.las1))
      .when("incident:close", { incidentId: "inc-1", result: "treated" })
      .thenEvent({
        type: "IncidentClosed",
        payload: { incidentId: "inc-1", result: "treated", note: "" },
        scope: { ...fightScope, units: ["psu-12a", "las-1"] },
      });
  });
});

describe("T44: incident:assign with the recommender's pick", () => {
  const { reporterTime: _, ...fields } = reported;
  const fightSummary: IncidentSummary = { ...fields, reportedAt: t(4) };

  it("T44: the recommended unit is copied with its call sign, ETA and reason (here another unit than the one assigned)", () => {
    given(...fight)
      .when("incident:assign", {
        incidentId: "inc-1",
        unitId: "psu-12a",
        recommended: { unitId: "las-1", etaSeconds: 180, reason: "nearest available, 3 min on foot via Olympic Way" },
      })
      .thenEvent({
        type: "UnitAssigned",
        payload: {
          incidentId: "inc-1",
          unit: unit.psu12a,
          incident: fightSummary,
          recommended: { unitId: "las-1", callSign: "LAS 1", etaSeconds: 180, reason: "nearest available, 3 min on foot via Olympic Way" },
        },
        scope: { ...fightScope, units: ["psu-12a"] },
      });
  });

  it("T44: no ETA (no route known) is kept as null", () => {
    given(...fight)
      .when("incident:assign", { incidentId: "inc-1", unitId: "psu-12a", recommended: { unitId: "psu-12a", etaSeconds: null, reason: "" } })
      .thenEvent({
        type: "UnitAssigned",
        payload: {
          incidentId: "inc-1",
          unit: unit.psu12a,
          incident: fightSummary,
          recommended: { unitId: "psu-12a", callSign: "12A", etaSeconds: null, reason: "" },
        },
        scope: { ...fightScope, units: ["psu-12a"] },
      });
  });

  it.each(["psu-99", "constructor", "__proto__"])("T44: an unknown recommended unit (%s) is refused not_found", (id) => {
    given(...fight)
      .when("incident:assign", { incidentId: "inc-1", unitId: "psu-12a", recommended: { unitId: id, etaSeconds: 60, reason: "x" } })
      .thenRejects("not_found", `No unit ${id} (the recommended unit).`);
  });

  it("T44: a negative or fractional ETA is refused by the schema", () => {
    const body = CommandBodies["incident:assign"];
    expect(
      body.safeParse({ incidentId: "inc-1", unitId: "psu-12a", recommended: { unitId: "x", etaSeconds: -1, reason: "" } }).success,
    ).toBe(false);
    expect(
      body.safeParse({ incidentId: "inc-1", unitId: "psu-12a", recommended: { unitId: "x", etaSeconds: 1.5, reason: "" } }).success,
    ).toBe(false);
  });
});
