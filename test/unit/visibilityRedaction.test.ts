import { describe, expect, it } from "vitest";
import { CommandBodies } from "../../shared/commands";
import { INCIDENT_TYPE_LABELS } from "../../shared/domain";
import type { CordonEvent } from "../../shared/events";
import { foldEvents } from "../../shared/evolve";
import { initialState } from "../../shared/state";
import { deliveries, project, room, STEWARD_VIEW_ACTORS, type Viewer } from "../../shared/visibility";
import { actors, at, MemoryLog } from "../support/events";

const steward: Viewer = { kind: "steward", userId: actors.steward.userId, sector: "olympic-way" };
const steward2: Viewer = { kind: "steward", userId: actors.steward2.userId, sector: "olympic-way" };
const officer: Viewer = { kind: "unit", userId: actors.officer.userId, unitId: "psu-12a", sector: "olympic-way" };
const control: Viewer = { kind: "control", userId: actors.control.userId };
const simUnit = { userId: "sim-unit-psu-12a", role: "officer", name: "25C (simulated)" } as const;

/** A small operation in Olympic Way: the steward's report promoted, a unit assigned, notes and an outcome. */
function scene() {
  const log = new MemoryLog();
  const register = log.run(actors.control, "unit:register", {
    unitId: "psu-12a",
    callSign: "PSU 12A",
    kind: "serial",
    agency: "MPS",
    sector: "olympic-way",
  });
  const report = log.run(actors.steward, "report:submit", { type: "disorder", postId: "post-ow-boxpark", text: "Fight", reporterTime: 5 });
  const promoted = log.run(actors.control, "report:promote", { reportId: "rep-1", grade: "S", description: "PSU 12A to attend" });
  const assigned = log.run(actors.control, "incident:assign", { incidentId: "inc-1", unitId: "psu-12a" });
  const arrived = log.run(simUnit, "unit:status", { unitId: "psu-12a", status: "on-scene" }, "psu-12a");
  const plain = log.run(actors.officer, "incident:note", { incidentId: "inc-1", text: "PC Kemp: 25C with them" }, "psu-12a");
  const intel = log.run(actors.control, "incident:note", { incidentId: "inc-1", text: "Known group", intel: true });
  const forStewards = log.run(actors.control, "incident:note", { incidentId: "inc-1", text: "Keep the gate clear", forStewards: true });
  const byOfficer = log.run(
    actors.officer,
    "incident:report",
    { type: "medical", location: at.olympicWay, locationText: "By PSU 12A's van", description: "PC Kemp: man down" },
    "psu-12a",
  );
  const other = log.run(actors.steward2, "report:submit", { type: "theft", location: at.olympicWay, reporterTime: 6 });
  const merged = log.run(actors.control, "report:merge", { reportId: "rep-2", incidentId: "inc-2" });
  const resolved = log.run(actors.control, "incident:resolve", { incidentId: "inc-1", outcome: "2 arrested by PSU 12A" });
  const resolvedForStewards = log.run(actors.control, "incident:resolve", {
    incidentId: "inc-2",
    outcome: "Taken to hospital",
    forStewards: true,
  });
  log.run(actors.steward2, "report:submit", { type: "theft", location: at.olympicWay, reporterTime: 7 });
  const dismissed = log.run(actors.control, "report:dismiss", { reportId: "rep-3", reason: "Duplicate" });
  return {
    log,
    register,
    report,
    promoted,
    assigned,
    arrived,
    plain,
    intel,
    forStewards,
    byOfficer,
    resolved,
    resolvedForStewards,
    other,
    merged,
    dismissed,
  };
}

describe("identities redacted for stewards (V8)", () => {
  it("V8: control appears as Control, police as Police, another steward as 'another steward'", () => {
    const s = scene();
    expect(project(s.promoted, steward)?.actor).toEqual({ userId: "control", role: "controller", name: "Control" });
    expect(project(s.arrived, steward)?.actor).toEqual({ userId: "police", role: "officer", name: "Police" });
    expect(project(s.byOfficer, steward)?.actor).toEqual(STEWARD_VIEW_ACTORS.police);
    const silver = new MemoryLog().events[0] as CordonEvent;
    expect(project(silver, steward)?.actor).toEqual(STEWARD_VIEW_ACTORS.control);
    for (const role of ["analyst", "admin"] as const) {
      expect(project({ ...s.forStewards, actor: { userId: "u-x", role, name: "X Y" } }, steward)?.actor).toEqual(
        STEWARD_VIEW_ACTORS.control,
      );
    }
    expect(STEWARD_VIEW_ACTORS.steward).toEqual({ userId: "steward", role: "steward", name: "another steward" });
  });

  it("V8: a steward's own report comes back as theirs; another steward's never reaches them, even in their sector", () => {
    const s = scene();
    const own = project(s.report, steward);
    expect(own?.actor).toEqual(actors.steward);
    expect(own?.scope).toEqual({ sector: "olympic-way", stewards: [actors.steward.userId], units: [] });
    expect(own?.payload).toEqual(s.report.payload);
    expect(project(s.other, steward)).toBeNull();
    expect(project(s.other, steward2)?.actor).toEqual(actors.steward2);
    expect(project(s.dismissed, steward)).toBeNull();
    expect(project(s.dismissed, steward2)?.payload).toEqual({ reportId: "rep-3", reason: "Duplicate" });
  });

  it("V8: an event from a steward that reaches other stewards names them only as 'another steward'", () => {
    const s = scene();
    // A steward's report delivered to a sector room (not how decide scopes it, but the rule must hold).
    const widened = { ...s.report, scope: { ...s.report.scope, stewards: [actors.steward.userId, actors.steward2.userId] } } as CordonEvent;
    for (const v of [steward, steward2]) {
      const seen = project(widened, v);
      expect(seen?.actor).toEqual(STEWARD_VIEW_ACTORS.steward);
      expect(seen?.scope.stewards).toEqual([]);
    }
  });

  it("V8: no unit, call sign, other steward's id or seal in what a steward receives of an assigned incident", () => {
    const s = scene();
    const assigned = project(s.assigned, steward);
    expect(assigned?.payload).toEqual({ incidentId: "inc-1", unit: null, incident: null, recommended: null });
    expect(assigned?.scope).toEqual({ sector: "olympic-way", stewards: [], units: [] });
    expect([assigned?.hash, assigned?.prevHash]).toEqual(["", ""]);
    expect(project(s.arrived, steward)?.payload).toEqual({ incidentId: "inc-1", unit: null });
    const merged = project(s.merged, steward);
    expect(merged?.scope.stewards).toEqual([]);
    expect(merged?.payload).toEqual(s.merged.payload);
    expect(project(s.register, steward)).toBeNull();
  });

  it("V8: the steward's fold says police attend and names nobody", () => {
    const s = scene();
    const seen = s.log.events.map((e) => project(e, steward)).filter((e): e is CordonEvent => e !== null);
    const state = foldEvents(initialState, seen);
    const incident = state.incidents["inc-1"];
    expect(incident?.status).toBe("resolved");
    expect(incident?.assigned).toEqual([]);
    expect(incident?.timeline.map((t) => t.actor.name)).toEqual(["Control", "Control", "Police", "Control", "Control"]);
    expect(incident?.timeline.map((t) => t.text)).toEqual([
      "Fight / disorder reported from steward report",
      "Unit assigned",
      "Unit on scene",
      "Keep the gate clear",
      "Resolved",
    ]);
    expect(state.units).toEqual({});
    expect(JSON.stringify(state)).not.toMatch(/PSU|psu-|Kemp|25C|u-control|u-officer|u-steward2|Steward 2047/);
  });
});

describe("police free text reaches stewards only when marked for them (V9)", () => {
  it("V9: a note reaches stewards only when marked for stewards, never when it is intelligence", () => {
    const s = scene();
    expect(project(s.plain, steward)).toBeNull();
    expect(project(s.intel, steward)).toBeNull();
    const note = project(s.forStewards, steward);
    expect(note?.payload).toEqual({ incidentId: "inc-1", text: "Keep the gate clear", intel: false, forStewards: true });
    const both = { ...s.intel, payload: { ...s.intel.payload, forStewards: true } } as CordonEvent;
    expect(project(both, steward)).toBeNull();
    expect(deliveries(both).flatMap((d) => d.rooms)).not.toContain(room.stewardSector("olympic-way"));
  });

  it("V9: an unmarked outcome arrives empty, a marked one as written", () => {
    const s = scene();
    expect(project(s.resolved, steward)?.payload).toEqual({ incidentId: "inc-1", outcome: "", forStewards: false });
    expect(project(s.resolvedForStewards, steward)?.payload).toEqual({
      incidentId: "inc-2",
      outcome: "Taken to hospital",
      forStewards: true,
    });
    expect(project(s.resolved, officer)?.payload).toEqual(s.resolved.payload);
  });

  it("V9: an incident's description arrives as its type's label; an officer's location text empty, a post's name kept", () => {
    const s = scene();
    const reported = project(s.byOfficer, steward);
    expect(reported?.type === "IncidentReported" && reported.payload).toMatchObject({
      description: INCIDENT_TYPE_LABELS.medical,
      locationText: "",
      type: "medical",
      location: at.olympicWay,
    });
    const promoted = project(s.promoted, steward);
    expect(promoted?.type === "StewardReportPromoted" && promoted.payload).toMatchObject({
      description: INCIDENT_TYPE_LABELS.disorder,
      locationText: "Olympic Way checkpoint Boxpark",
    });
  });

  it("V9: an intelligence note cannot be marked for stewards; both flags default to false", () => {
    const body = CommandBodies["incident:note"];
    const bad = body.safeParse({ incidentId: "inc-1", text: "x", intel: true, forStewards: true });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["forStewards"]);
    expect(body.parse({ incidentId: "inc-1", text: "x" })).toEqual({ incidentId: "inc-1", text: "x", intel: false, forStewards: false });
    expect(CommandBodies["incident:resolve"].parse({ incidentId: "inc-1", outcome: "y" })).toEqual({
      incidentId: "inc-1",
      outcome: "y",
      forStewards: false,
    });
  });

  it("V9: the fold marks timeline entries written for stewards; an event logged before the flag counts as not", () => {
    const s = scene();
    const inc = s.log.state.incidents["inc-1"];
    const flags = inc?.timeline.filter((t) => t.kind === "IncidentNoteAdded").map((t) => [t.text, t.intel, t.forStewards]);
    expect(flags).toEqual([
      ["PC Kemp: 25C with them", false, false],
      ["Known group", true, false],
      ["Keep the gate clear", false, true],
    ]);
    expect(s.log.state.incidents["inc-2"]?.timeline.at(-1)).toMatchObject({ text: "Resolved: Taken to hospital", forStewards: true });
    const old = { ...s.forStewards, payload: { incidentId: "inc-1", text: "old", intel: false } } as unknown as CordonEvent;
    const folded = foldEvents(initialState, [...s.log.events.slice(0, 3), { ...old, seq: 4 }]);
    expect(folded.incidents["inc-1"]).toBeUndefined();
    const withIncident = foldEvents(initialState, [...s.log.events.slice(0, 4), { ...old, seq: 5 }]);
    expect(withIncident.incidents["inc-1"]?.timeline.at(-1)).toMatchObject({ text: "old", forStewards: false });
  });
});

describe("officers (V10)", () => {
  it("V10: officers receive steward reports in their sector with the steward's name and no steward user id", () => {
    const s = scene();
    const seen = project(s.report, officer);
    expect(seen?.actor).toEqual({ userId: "steward", role: "steward", name: actors.steward.name });
    expect(seen?.scope.stewards).toEqual([]);
    expect(seen?.payload).toEqual(s.report.payload);
    expect([seen?.hash, seen?.prevHash]).toEqual(["", ""]);
    const assigned = project(s.assigned, officer);
    expect(assigned).toEqual({ ...s.assigned, scope: { ...s.assigned.scope, stewards: [] }, hash: "", prevHash: "" });
    expect(JSON.stringify(s.log.events.map((e) => project(e, officer)))).not.toContain(actors.steward.userId);
  });

  it("V10: an event naming no steward reaches officers as logged, the same object", () => {
    const s = scene();
    expect(project(s.register, officer)).toBe(s.register);
    expect(project(s.byOfficer, officer)).toBe(s.byOfficer);
    expect(project(s.resolvedForStewards, officer)).toBe(s.resolvedForStewards);
  });

  it("V10: intelligence notes reach the officers who see the incident, never stewards; decisions reach neither", () => {
    const s = scene();
    expect(project(s.intel, officer)?.payload).toEqual(s.intel.payload);
    const elsewhere: Viewer = { kind: "unit", userId: "u-o2", unitId: "las-1", sector: "stadium-west" };
    expect(project(s.intel, elsewhere)).toBeNull();
    const decision = s.log.run(actors.silver, "decision:log", { decision: "Close the gate", rationale: "Crush" });
    expect(project(decision, officer)).toBeNull();
    expect(project(decision, steward)).toBeNull();
    expect(project(decision, control)).toBe(decision);
  });
});

describe("one version per audience (V12)", () => {
  it("V12: deliveries gives at most one version per audience, and rooms of one audience never get two", () => {
    const s = scene();
    for (const e of s.log.events) {
      const ds = deliveries(e);
      const audiences = ds.map((d) =>
        d.rooms.includes(room.control) ? "control" : d.rooms.some((r) => r.startsWith("steward")) ? "steward" : "unit",
      );
      expect(new Set(audiences).size).toBe(audiences.length);
      const rooms = ds.flatMap((d) => d.rooms);
      expect(new Set(rooms).size).toBe(rooms.length);
    }
  });

  it("V12: control receives the logged event itself, once, in the control room (with the Bronzes' room in the same emit)", () => {
    const s = scene();
    for (const e of s.log.events) {
      const mine = deliveries(e).filter((d) => d.rooms.includes(room.control));
      expect(mine).toHaveLength(1);
      expect(mine[0]?.rooms.filter((r) => !r.startsWith(room.bronze))).toEqual([room.control]);
      expect(mine[0]?.event).toBe(e);
    }
  });

  it("V12: an event type with no rule is refused loudly, not delivered unredacted", () => {
    const bogus = { ...scene().register, type: "UnitTeleported" } as unknown as CordonEvent;
    expect(() => deliveries(bogus)).toThrow(/no visibility rule/);
    expect(() => project(bogus, steward)).toThrow(/no visibility rule/);
  });
});
