import { describe, expect, it } from "vitest";
import { Rejection } from "../../shared/errors";
import { evolve, foldEvents } from "../../shared/evolve";
import { initialState } from "../../shared/state";
import { sectorAt } from "../../shared/venue";
import { actors, at, MemoryLog, venue } from "../support/events";

function withUnits() {
  const log = new MemoryLog();
  log.run(actors.control, "unit:register", { unitId: "psu-12a", callSign: "12A", kind: "serial", agency: "MPS", sector: "olympic-way" });
  log.run(actors.control, "unit:register", { unitId: "las-1", callSign: "LAS 1", kind: "las", agency: "LAS", sector: "stadium-north" });
  return log;
}

describe("the fold: incident lifecycle", () => {
  it("F1: reported → triaged → resourced → on scene → resolved → closed, each step timed and attributed", () => {
    const log = withUnits();
    log.run(actors.control, "incident:report", { type: "disorder", location: at.olympicWay, description: "Fight outside Boxpark" });
    const id = "inc-1";
    expect(log.state.incidents[id]).toMatchObject({ ref: "CAD 4101/17Oct", status: "reported", sector: "olympic-way", grade: null });
    log.run(actors.control, "incident:grade", { incidentId: id, grade: "I" });
    log.run(actors.control, "incident:assign", { incidentId: id, unitId: "psu-12a" });
    expect(log.state.units["psu-12a"]).toMatchObject({ status: "en-route", incidentId: id });
    log.run(actors.officer, "unit:status", { unitId: "psu-12a", status: "on-scene" }, "psu-12a");
    log.run(actors.control, "incident:resolve", { incidentId: id, outcome: "Two arrested" });
    log.run(actors.control, "incident:close", { incidentId: id, result: "arrest" });

    const incident = log.state.incidents[id]!;
    expect(incident.status).toBe("closed");
    expect(Object.keys(incident.steps)).toEqual(["reported", "triaged", "resourced", "on-scene", "resolved", "closed"]);
    expect(incident.timeline.map((t) => t.text)).toEqual([
      "Fight / disorder reported",
      "Graded I",
      "12A assigned",
      "12A on scene",
      "Resolved: Two arrested",
      "Closed — Arrest made",
    ]);
    expect(incident.timeline.map((t) => t.actor.role)).toEqual([
      "controller",
      "controller",
      "controller",
      "officer",
      "controller",
      "controller",
    ]);
    // Closing stands the unit down.
    expect(log.state.units["psu-12a"]).toMatchObject({ status: "available", incidentId: null });
  });

  it("F2: a steward report is promoted, others merged into it, another dismissed", () => {
    const log = withUnits();
    const submit = (actor = actors.steward) =>
      log.run(actor, "report:submit", { type: "disorder", postId: "post-ow-boxpark", text: "Fight", reporterTime: 1 });
    submit();
    submit(actors.steward2);
    submit();
    log.run(actors.control, "report:promote", { reportId: "rep-1", grade: "S" });
    log.run(actors.control, "report:merge", { reportId: "rep-2", incidentId: "inc-1" });
    log.run(actors.control, "report:dismiss", { reportId: "rep-3", reason: "Duplicate" });
    const incident = log.state.incidents["inc-1"]!;
    expect(incident).toMatchObject({
      status: "triaged",
      grade: "S",
      reportIds: ["rep-1", "rep-2"],
      reportedBy: actors.steward,
      reporterTime: 1,
    });
    expect(log.state.reports["rep-1"]).toMatchObject({ status: "promoted", incidentRef: incident.ref });
    expect(log.state.reports["rep-2"]).toMatchObject({ status: "merged", incidentId: "inc-1" });
    expect(log.state.reports["rep-3"]).toMatchObject({ status: "dismissed", resolution: "Duplicate" });
    expect(() => log.run(actors.control, "report:promote", { reportId: "rep-3", grade: "I" })).toThrow(/already been dismissed/);
  });

  it("F3: the fold is pure: replaying the log gives the same state, untouched entries keep identity", () => {
    const log = withUnits();
    log.run(actors.control, "incident:report", { type: "medical", location: at.west, description: "Collapse" });
    const before = log.state;
    log.run(actors.control, "unit:status", { unitId: "las-1", status: "refreshment" });
    expect(log.state.units["psu-12a"]).toBe(before.units["psu-12a"]);
    expect(log.state.incidents).toBe(before.incidents);
    expect(foldEvents(initialState, log.events)).toEqual(log.state);
    // An event already applied changes nothing.
    const last = log.events[log.events.length - 1]!;
    expect(evolve(log.state, last)).toBe(log.state);
  });

  it("F4: domain rules refuse what control could not do", () => {
    const log = withUnits();
    log.run(actors.control, "incident:report", { type: "medical", location: at.west, description: "Collapse" });
    log.run(actors.control, "incident:assign", { incidentId: "inc-1", unitId: "las-1" });
    const refused = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof Rejection ? `${e.code}: ${e.message}` : String(e);
      }
      return "accepted";
    };
    log.run(actors.control, "incident:report", { type: "theft", location: at.west, description: "Bag" });
    expect(refused(() => log.run(actors.control, "incident:assign", { incidentId: "inc-2", unitId: "las-1" }))).toMatch(
      /conflict: LAS 1 is committed to CAD 4101/,
    );
    expect(refused(() => log.run(actors.control, "unit:status", { unitId: "las-1", status: "available" }))).toMatch(/release it first/);
    expect(refused(() => log.run(actors.officer, "unit:status", { unitId: "las-1", status: "en-route" }, "psu-12a"))).toMatch(/forbidden/);
    log.run(actors.control, "incident:close", { incidentId: "inc-1", result: "arrest" });
    expect(refused(() => log.run(actors.control, "incident:close", { incidentId: "inc-1", result: "arrest" }))).toMatch(
      /conflict: CAD 4101\/17Oct is closed/,
    );
    log.run(actors.control, "unit:status", { unitId: "las-1", status: "off-duty" });
    expect(refused(() => log.run(actors.control, "incident:assign", { incidentId: "inc-2", unitId: "las-1" }))).toMatch(
      /off-duty and cannot be assigned/,
    );
    expect(refused(() => log.run(actors.control, "alert:send", { audience: "stewards", sector: "mars", text: "x" }))).toMatch(
      /No sector "mars"/,
    );
  });

  it("F5: a report's sector comes from its post, else from where it was made", () => {
    expect(sectorAt(venue, at.olympicWay)).toBe("olympic-way");
    const log = new MemoryLog();
    const byPost = log.run(actors.steward, "report:submit", { type: "medical", postId: "post-ts-entrance-h", reporterTime: 1 });
    const byGps = log.run(actors.steward, "report:submit", { type: "medical", location: at.olympicWay, reporterTime: 1 });
    expect(byPost.scope.sector).toBe("stadium-west");
    expect(byGps.scope.sector).toBe("olympic-way");
  });
});
