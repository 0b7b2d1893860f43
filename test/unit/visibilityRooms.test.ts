import { describe, expect, it } from "vitest";
import type { CordonEvent } from "../../shared/events";
import { deliveries, positionRooms, project, roomsOf, viewerOf } from "../../shared/visibility";
import { actors, at, MemoryLog } from "../support/events";

/** Rooms and targets, case by case (V1, V2, V6, V12): what the properties cannot pin by themselves. */
const roomsOfEvent = (e: CordonEvent) =>
  Object.fromEntries(deliveries(e).map((d) => [d.rooms.join(" "), d.event === e ? "logged" : "version"]));

function opened() {
  const log = new MemoryLog();
  log.run(actors.control, "unit:register", {
    unitId: "psu-12a",
    callSign: "PSU 12A",
    kind: "serial",
    agency: "MPS",
    sector: "olympic-way",
  });
  log.run(actors.control, "unit:register", { unitId: "las-1", callSign: "LAS 1", kind: "las", agency: "LAS", sector: null });
  return log;
}

describe("accounts and rooms (V1)", () => {
  it("V1: each role's live audience; analysts and admins have none", () => {
    const base = { id: "u-1", sector: "olympic-way", unitId: "psu-12a" };
    expect(viewerOf({ ...base, role: "commander" })).toEqual({ kind: "control", userId: "u-1" });
    expect(viewerOf({ ...base, role: "controller" })).toEqual({ kind: "control", userId: "u-1" });
    expect(viewerOf({ ...base, role: "steward" })).toEqual({ kind: "steward", userId: "u-1", sector: "olympic-way" });
    expect(viewerOf({ ...base, role: "officer" })).toEqual({ kind: "unit", userId: "u-1", unitId: "psu-12a", sector: "olympic-way" });
    expect(viewerOf({ ...base, role: "gold" })).toEqual({ kind: "control", userId: "u-1" });
    expect(viewerOf({ ...base, role: "bronze" })).toEqual({ kind: "bronze", userId: "u-1", sector: "olympic-way" });
    expect(viewerOf({ ...base, role: "analyst" })).toBeNull();
    expect(viewerOf({ ...base, role: "admin" })).toBeNull();
  });

  it("V1: each viewer's rooms, with and without a sector or a unit", () => {
    expect(roomsOf({ kind: "control", userId: "u-1" })).toEqual(["control"]);
    expect(roomsOf({ kind: "steward", userId: "u-s", sector: "olympic-way" })).toEqual(["stewards", "steward:u-s", "stewards:olympic-way"]);
    expect(roomsOf({ kind: "steward", userId: "u-s", sector: null })).toEqual(["stewards", "steward:u-s"]);
    expect(roomsOf({ kind: "unit", userId: "u-o", unitId: "psu-12a", sector: "olympic-way" })).toEqual([
      "units",
      "unit:psu-12a",
      "units:olympic-way",
    ]);
    expect(roomsOf({ kind: "unit", userId: "u-o", unitId: null, sector: null })).toEqual(["units"]);
  });

  it("V2: a unit's positions go to control, the unit, its sector's officers and Bronze, never to stewards", () => {
    expect(positionRooms({ id: "psu-12a", sector: "olympic-way" })).toEqual([
      "control",
      "unit:psu-12a",
      "units:olympic-way",
      "bronze:olympic-way",
    ]);
    expect(positionRooms({ id: "las-1", sector: null })).toEqual(["control", "unit:las-1"]);
  });
});

describe("targets per event type (V12)", () => {
  it("V12: an operation's phase reaches every audience: control, all units, all stewards", () => {
    const log = opened();
    const e = log.run(actors.silver, "op:phase", { phase: "egress" });
    expect(roomsOfEvent(e)).toEqual({ "control bronze": "logged", units: "logged", stewards: "version" });
    expect(roomsOfEvent(log.events[0] as CordonEvent)).toEqual({ "control bronze": "logged", units: "logged", stewards: "version" });
  });

  it("V12: a unit's registration and status reach control, its sector's officers and the unit itself", () => {
    const log = opened();
    expect(roomsOfEvent(log.events[1] as CordonEvent)).toEqual({
      "control bronze:olympic-way": "logged",
      "units:olympic-way unit:psu-12a": "logged",
    });
    expect(roomsOfEvent(log.events[2] as CordonEvent)).toEqual({ control: "logged", "unit:las-1": "logged" }); // no sector, no Bronze
    const status = log.run(actors.control, "unit:status", { unitId: "psu-12a", status: "refreshment" });
    expect(roomsOfEvent(status)).toEqual({ "control bronze:olympic-way": "logged", "units:olympic-way unit:psu-12a": "logged" });
  });

  it("V12: an incident reaches its sector's officers and stewards, its units and its reporting steward", () => {
    const log = opened();
    log.run(actors.steward, "report:submit", { type: "disorder", postId: "post-ow-boxpark", reporterTime: 1 });
    const promoted = log.run(actors.control, "report:promote", { reportId: "rep-1", grade: "I" });
    expect(roomsOfEvent(promoted)).toEqual({
      "control bronze": "logged",
      "units:olympic-way": "version",
      "stewards:olympic-way steward:u-steward": "version",
    });
    const assigned = log.run(actors.control, "incident:assign", { incidentId: "inc-1", unitId: "las-1" });
    expect(Object.keys(roomsOfEvent(assigned))).toEqual([
      "control bronze",
      "units:olympic-way unit:las-1",
      "stewards:olympic-way steward:u-steward",
    ]);
    for (const [name, body] of [
      ["incident:grade", { incidentId: "inc-1", grade: "S" }],
      ["incident:resolve", { incidentId: "inc-1", outcome: "Done" }],
      ["incident:close", { incidentId: "inc-1", result: "no-trace" }],
    ] as const) {
      const e = log.run(actors.control, name, body);
      expect(Object.keys(roomsOfEvent(e)), name).toEqual([
        "control bronze",
        "units:olympic-way unit:las-1",
        "stewards:olympic-way steward:u-steward",
      ]);
    }
  });

  it("V12: a report and its dismissal reach control, its sector's officers and its own steward only", () => {
    const log = opened();
    const report = log.run(actors.steward, "report:submit", { type: "medical", postId: "post-ow-boxpark", reporterTime: 1 });
    expect(roomsOfEvent(report)).toEqual({ "control bronze": "logged", "units:olympic-way": "version", "steward:u-steward": "version" });
    const dismissed = log.run(actors.control, "report:dismiss", { reportId: "rep-1", reason: "Gone" });
    expect(roomsOfEvent(dismissed)).toEqual({ "control bronze": "logged", "units:olympic-way": "version", "steward:u-steward": "version" });
    expect(project(dismissed, { kind: "steward", userId: "u-steward", sector: null })?.scope.stewards).toEqual(["u-steward"]);
  });

  it("V6: alerts reach exactly their audience, in their sector or everywhere", () => {
    const log = opened();
    const cases = [
      [
        { audience: "all", sector: null },
        { "control bronze": "logged", stewards: "version", units: "logged" },
      ],
      [
        { audience: "all", sector: "olympic-way" },
        { "control bronze": "logged", "stewards:olympic-way": "version", "units:olympic-way": "logged" },
      ],
      [
        { audience: "stewards", sector: null },
        { "control bronze": "logged", stewards: "version" },
      ],
      [
        { audience: "stewards", sector: "olympic-way" },
        { "control bronze": "logged", "stewards:olympic-way": "version" },
      ],
      [
        { audience: "units", sector: null },
        { "control bronze": "logged", units: "logged" },
      ],
      [
        { audience: "units", sector: "stadium-west" },
        { "control bronze": "logged", "units:stadium-west": "logged" },
      ],
      [{ audience: "control", sector: null }, { "control bronze": "logged" }],
    ] as const;
    for (const [to, rooms] of cases) {
      const e = log.run(actors.control, "alert:send", { ...to, text: "Heads up" });
      expect(roomsOfEvent(e), JSON.stringify(to)).toEqual(rooms);
    }
  });

  it("V7: a decision reaches control (and the Bronzes, who see control's picture) only", () => {
    const e = opened().run(actors.silver, "decision:log", { decision: "Hold", rationale: "Crush risk" });
    expect(roomsOfEvent(e)).toEqual({ "control bronze": "logged" });
  });

  it("V8: an event reaching one sector's stewards only names no steward in its scope", () => {
    const e = opened().run(actors.control, "alert:send", { audience: "stewards", sector: "olympic-way", text: "Hold" });
    const widened = { ...e, scope: { ...e.scope, stewards: ["u-steward"] } } as CordonEvent;
    const seen = project(widened, { kind: "steward", userId: "u-steward", sector: "olympic-way" });
    expect(seen?.scope.stewards).toEqual([]);
    expect(seen?.actor.name).toBe("Control");
  });

  it("V12: a room named twice in an event's scope is sent the event once", () => {
    const log = opened();
    log.run(actors.control, "incident:report", { type: "medical", location: at.olympicWay, description: "x" });
    const e = log.run(actors.control, "incident:grade", { incidentId: "inc-1", grade: "I" });
    const doubled = {
      ...e,
      scope: { sector: "olympic-way", stewards: ["u-steward", "u-steward"], units: ["psu-12a", "psu-12a"] },
    } as CordonEvent;
    expect(deliveries(doubled).map((d) => d.rooms)).toEqual([
      ["control", "bronze"],
      ["units:olympic-way", "unit:psu-12a"],
      ["stewards:olympic-way", "steward:u-steward"],
    ]);
  });
});
