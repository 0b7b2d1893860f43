import { describe, it } from "vitest";
import { COMMAND_NAMES, type Command, type CommandInput, type CommandName } from "../../shared/commands";
import { given, noScope } from "../support/decider";
import {
  incidentClosed,
  incidentReported,
  opened,
  reportPromoted,
  reportSubmitted,
  unit,
  unitAssigned,
  unitRegistered,
  unitStatusChanged,
} from "../support/deciderEvents";
import { actors, at } from "../support/events";

/** Decider spec: the operation, and units (shared/decide.ts). */

const units = [
  opened(),
  unitRegistered("psu-12a", "12A"),
  unitRegistered("las-1", "LAS 1", { kind: "las", agency: "LAS", sector: "stadium-north" }),
];
const officer = { actor: actors.officer, unitId: "psu-12a" };
const psu12aScope = { sector: "olympic-way", stewards: [], units: ["psu-12a"] };

/** One valid body per command: every command is refused before the operation is opened. */
const sampleBodies: { [N in CommandName]: CommandInput<N> } = {
  "op:phase": { phase: "gates-open" },
  "unit:register": { unitId: "psu-3", callSign: "PSU 3", kind: "psu", agency: "MPS", sector: null },
  "unit:status": { unitId: "psu-12a", status: "available" },
  "incident:report": { type: "medical", location: at.west, description: "Collapse" },
  "incident:correct": { incidentId: "inc-1", grade: "S", reason: "Caller rang back" },
  "incident:reopen": { incidentId: "inc-1", reason: "Suspect returned" },
  "incident:grade": { incidentId: "inc-1", grade: "I" },
  "incident:assign": { incidentId: "inc-1", unitId: "psu-12a" },
  "incident:acknowledge": { incidentId: "inc-1" },
  "incident:bronze-ack": { incidentId: "inc-1" },
  "incident:release": { incidentId: "inc-1", unitId: "psu-12a" },
  "incident:note": { incidentId: "inc-1", text: "Crowd calmer" },
  "incident:resolve": { incidentId: "inc-1", outcome: "Advice given" },
  "incident:close": { incidentId: "inc-1", result: "no-further-action" },
  "report:submit": { type: "medical", location: at.west, reporterTime: 1 },
  "evidence:submit": { statement: "CCTV still", location: at.west, occurredAt: 1, submitter: "R. Okafor" },
  "report:promote": { reportId: "rep-1", grade: "S" },
  "report:merge": { reportId: "rep-1", incidentId: "inc-1" },
  "report:dismiss": { reportId: "rep-1", reason: "Duplicate" },
  "alert:send": { audience: "all", text: "Kick-off delayed" },
  "alert:seen": { alertId: "alert-1" },
  "incident:methane": {
    incidentId: "inc-1",
    major: true,
    location: { at: at.west, text: "" },
    type: "Crowd crush",
    hazards: "",
    access: { routes: "" },
    casualties: { counts: { fatal: 0, p1: 0, p2: 0, p3: 0 }, text: "" },
    services: {
      police: { present: true, required: false },
      ambulance: { present: false, required: true },
      fire: { present: false, required: false },
      other: { present: false, required: false },
      text: "",
    },
  },
  "decision:log": { decision: "Hold fans on Olympic Way", rationale: "Crush risk at the steps" },
};

describe("T17: any command", () => {
  it.each(COMMAND_NAMES)("T17: %s is refused not_found before the operation is opened", (name) => {
    given()
      .when(name, sampleBodies[name] as never)
      .thenRejects("not_found", "This operation has not been opened.");
  });

  it("T17: a command no rule knows is refused bad_request, naming it", () => {
    const bogus = { name: "op:delete", body: { confirm: true } } as unknown as Command;
    given(opened()).decideRaw(bogus).thenRejects("bad_request", 'Unknown command {"name":"op:delete","body":{"confirm":true}}');
  });
});

describe("T17: ids that are names of Object's own properties", () => {
  const held = [...units, incidentReported("inc-1"), reportSubmitted("rep-1")];
  it.each([
    ["incident:grade", { incidentId: "constructor", grade: "I" }, "No incident constructor."],
    ["unit:status", { unitId: "__proto__", status: "available" }, "No unit __proto__."],
    [
      "unit:register",
      { unitId: "psu-3", callSign: "PSU 3", kind: "psu", agency: "MPS", sector: null, parentId: "toString" },
      "No unit toString.",
    ],
    ["incident:release", { incidentId: "hasOwnProperty", unitId: "psu-12a" }, "No incident hasOwnProperty."],
    ["report:dismiss", { reportId: "valueOf", reason: "Gone" }, "No steward report valueOf."],
    ["report:merge", { reportId: "isPrototypeOf", incidentId: "inc-1" }, "No steward report isPrototypeOf."],
  ] as const)("T17: %s naming %j is refused not_found before any rule runs", (name, body, message) => {
    given(...held)
      .when(name, body as never)
      .thenRejects("not_found", message);
  });

  it("T17: a new unit may take such a name as its own id", () => {
    given(...units)
      .when("unit:register", { unitId: "constructor", callSign: "C", kind: "psu", agency: "MPS", sector: null })
      .thenEvent({
        type: "UnitRegistered",
        payload: { unitId: "constructor", callSign: "C", kind: "psu", agency: "MPS", sector: null, parentId: null, strength: null },
        scope: { sector: null, stewards: [], units: ["constructor"] },
      });
  });
});

describe("T1: op:phase", () => {
  it("T1: starting a phase yields OperationPhaseStarted with no scope", () => {
    given(opened())
      .when("op:phase", { phase: "gates-open" }, { actor: actors.silver })
      .thenEvent({ type: "OperationPhaseStarted", payload: { phase: "gates-open" }, scope: noScope });
  });
});

describe("T2: unit:register", () => {
  it("T2: a new unit is registered with no parent and no strength by default, scoped to its sector and itself", () => {
    given(...units)
      .when("unit:register", { unitId: "psu-3", callSign: "PSU 3", kind: "psu", agency: "MPS", sector: "stadium-west" })
      .thenEvent({
        type: "UnitRegistered",
        payload: { unitId: "psu-3", callSign: "PSU 3", kind: "psu", agency: "MPS", sector: "stadium-west", parentId: null, strength: null },
        scope: { sector: "stadium-west", stewards: [], units: ["psu-3"] },
      });
  });

  it("T2: a unit may be part of a registered unit, with its strength", () => {
    given(...units)
      .when("unit:register", {
        unitId: "psu-12b",
        callSign: "12B",
        kind: "serial",
        agency: "MPS",
        sector: null,
        parentId: "psu-12a",
        strength: 7,
      })
      .thenEvent({
        type: "UnitRegistered",
        payload: { unitId: "psu-12b", callSign: "12B", kind: "serial", agency: "MPS", sector: null, parentId: "psu-12a", strength: 7 },
        scope: { sector: null, stewards: [], units: ["psu-12b"] },
      });
  });

  it("T2: registering a unit id twice is refused conflict", () => {
    given(...units)
      .when("unit:register", { unitId: "las-1", callSign: "LAS 2", kind: "las", agency: "LAS", sector: null })
      .thenRejects("conflict", "Unit las-1 is already registered.");
  });

  it("T2: a parent unit that is not registered is refused not_found", () => {
    given(...units)
      .when("unit:register", { unitId: "psu-3", callSign: "PSU 3", kind: "psu", agency: "MPS", sector: null, parentId: "psu-99" })
      .thenRejects("not_found", "No unit psu-99.");
  });

  it("T2: a sector that is not in the venue plan is refused bad_request", () => {
    given(...units)
      .when("unit:register", { unitId: "psu-3", callSign: "PSU 3", kind: "psu", agency: "MPS", sector: "mars" })
      .thenRejects("bad_request", 'No sector "mars" in the Wembley Stadium plan.');
  });
});

describe("T3: unit:status", () => {
  it("T3: control sets any free unit's status: UnitStatusChanged scoped to the unit's sector and the unit", () => {
    given(...units)
      .when("unit:status", { unitId: "las-1", status: "refreshment" })
      .thenEvent({
        type: "UnitStatusChanged",
        payload: { unitId: "las-1", status: "refreshment" },
        scope: { sector: "stadium-north", stewards: [], units: ["las-1"] },
      });
  });

  it("T3: an officer sets its own unit's status", () => {
    given(...units)
      .when("unit:status", { unitId: "psu-12a", status: "committed" }, officer)
      .thenEvent({ type: "UnitStatusChanged", payload: { unitId: "psu-12a", status: "committed" }, scope: psu12aScope });
  });

  it("T3: an officer setting another unit's status is refused forbidden", () => {
    given(...units)
      .when("unit:status", { unitId: "las-1", status: "en-route" }, officer)
      .thenRejects("forbidden", "You can set the status of your own unit only, not LAS 1.");
  });

  it("T3: an officer with no unit is refused forbidden", () => {
    given(...units)
      .when("unit:status", { unitId: "psu-12a", status: "en-route" }, { actor: actors.officer, unitId: null })
      .thenRejects("forbidden", "You can set the status of your own unit only, not 12A.");
  });

  it("T3: an unknown unit is refused not_found", () => {
    given(...units)
      .when("unit:status", { unitId: "psu-99", status: "available" })
      .thenRejects("not_found", "No unit psu-99.");
  });

  it("T3: an assigned unit going on scene yields UnitArrived at its incident, scoped to the incident", () => {
    given(...units, incidentReported("inc-1"), unitAssigned("inc-1", unit.psu12a))
      .when("unit:status", { unitId: "psu-12a", status: "on-scene" }, officer)
      .thenEvent({ type: "UnitArrived", payload: { incidentId: "inc-1", unit: unit.psu12a }, scope: psu12aScope });
  });

  it("T3: UnitArrived at an incident a steward reported names that steward in its scope", () => {
    given(...units, reportSubmitted("rep-1"), reportPromoted("rep-1", "inc-1"), unitAssigned("inc-1", unit.psu12a))
      .when("unit:status", { unitId: "psu-12a", status: "on-scene" })
      .thenEvent({
        type: "UnitArrived",
        payload: { incidentId: "inc-1", unit: unit.psu12a },
        scope: { sector: "olympic-way", stewards: [actors.steward.userId], units: ["psu-12a"] },
      });
  });

  it("T3: a free unit going on scene is only a status change", () => {
    given(...units)
      .when("unit:status", { unitId: "psu-12a", status: "on-scene" })
      .thenEvent({ type: "UnitStatusChanged", payload: { unitId: "psu-12a", status: "on-scene" }, scope: psu12aScope });
  });

  it.each(["available", "off-duty", "refreshment"] as const)("T3: an assigned unit cannot make itself %s: refused conflict", (status) => {
    given(...units, incidentReported("inc-1"), unitAssigned("inc-1", unit.psu12a))
      .when("unit:status", { unitId: "psu-12a", status })
      .thenRejects("conflict", "12A is assigned to CAD 4101/17Oct: control must release it first.");
  });

  it("T3: a status that changes nothing (en route while en route, on scene twice) is refused conflict", () => {
    given(...units, incidentReported("inc-1"), unitAssigned("inc-1", unit.psu12a))
      .when("unit:status", { unitId: "psu-12a", status: "en-route" }, officer)
      .thenRejects("conflict", "12A is already en route: nothing to change.");
    given(...units, unitStatusChanged("psu-12a", "off-duty"))
      .when("unit:status", { unitId: "psu-12a", status: "off-duty" })
      .thenRejects("conflict", "12A is already off duty: nothing to change.");
  });

  it.each(["committed", "returning"] as const)("T3: an assigned unit may report itself %s", (status) => {
    given(...units, incidentReported("inc-1"), unitAssigned("inc-1", unit.psu12a))
      .when("unit:status", { unitId: "psu-12a", status }, officer)
      .thenEvent({ type: "UnitStatusChanged", payload: { unitId: "psu-12a", status }, scope: psu12aScope });
  });

  it("T3: a unit whose incident this state does not hold is treated as free", () => {
    given(...units, unitAssigned("inc-7", unit.psu12a))
      .when("unit:status", { unitId: "psu-12a", status: "available" })
      .thenEvent({ type: "UnitStatusChanged", payload: { unitId: "psu-12a", status: "available" }, scope: psu12aScope });
  });

  it("T3: a unit stood down by closing its incident is free again", () => {
    given(...units, incidentReported("inc-1"), unitAssigned("inc-1", unit.psu12a), incidentClosed("inc-1"))
      .when("unit:status", { unitId: "psu-12a", status: "off-duty" })
      .thenEvent({ type: "UnitStatusChanged", payload: { unitId: "psu-12a", status: "off-duty" }, scope: psu12aScope });
  });

  it("T3: an off-duty unit may come back on duty", () => {
    given(...units, unitStatusChanged("psu-12a", "off-duty"))
      .when("unit:status", { unitId: "psu-12a", status: "available" }, officer)
      .thenEvent({ type: "UnitStatusChanged", payload: { unitId: "psu-12a", status: "available" }, scope: psu12aScope });
  });
});
