import { describe, expect, it } from "vitest";
import type { CordonEvent } from "../../shared/events";
import { foldEvents } from "../../shared/evolve";
import { initialState } from "../../shared/state";
import { deliveries, project, room, STEWARD_VIEW_ACTORS, type Viewer } from "../../shared/visibility";
import { actors, at, MemoryLog } from "../support/events";

/** What stewards and officers receive of corrections, reopenings, result codes and the recommender's pick (issue 10). */

const steward: Viewer = { kind: "steward", userId: actors.steward.userId, sector: "olympic-way" };
const westSteward: Viewer = { kind: "steward", userId: actors.steward2.userId, sector: "stadium-west" };
const officer: Viewer = { kind: "unit", userId: actors.officer.userId, unitId: "psu-12a", sector: "olympic-way" };
const westOfficer: Viewer = { kind: "unit", userId: "u-west", unitId: null, sector: "stadium-west" };
const control: Viewer = { kind: "control", userId: actors.control.userId };

/** A 999 call on Olympic Way, assigned on the recommender's pick, corrected, closed with a result, reopened. */
function scene() {
  const log = new MemoryLog();
  log.run(actors.control, "unit:register", {
    unitId: "psu-12a",
    callSign: "PSU 12A",
    kind: "serial",
    agency: "MPS",
    sector: "olympic-way",
  });
  const reported = log.run(actors.control, "incident:report", {
    type: "disorder",
    location: at.olympicWay,
    locationText: "Boxpark",
    description: "Caller: fight, PSU 12A nearby",
    source: "999",
  });
  const assigned = log.run(actors.control, "incident:assign", {
    incidentId: "inc-1",
    unitId: "psu-12a",
    recommended: { unitId: "psu-12a", etaSeconds: 120, reason: "nearest available PSU, 2 min on foot" },
  });
  const corrected = log.run(actors.control, "incident:correct", {
    incidentId: "inc-1",
    type: "missile",
    grade: "I",
    locationText: "Boxpark steps",
    description: "Caller rang back: bottle thrown at PSU 12A",
    reason: "Caller rang back",
  });
  const textOnly = log.run(actors.control, "incident:correct", {
    incidentId: "inc-1",
    description: "CCTV: one thrower, known to FIO",
    reason: "CCTV review",
  });
  const closed = log.run(actors.control, "incident:close", { incidentId: "inc-1", result: "arrest", note: "PSU 12A arrested one" });
  const reopened = log.run(actors.control, "incident:reopen", { incidentId: "inc-1", reason: "FIO: the group is back" });
  const moved = log.run(actors.control, "incident:correct", { incidentId: "inc-1", location: at.west, reason: "Caller was at Entrance H" });
  return { log, reported, assigned, corrected, textOnly, closed, reopened, moved };
}

const payloadOf = (e: CordonEvent | null) => (e ? (e.payload as Record<string, unknown>) : null);

describe("issue 10 events: who sees what", () => {
  it("V15: a steward in the sector gets corrections, reopenings and closes without previous values, reasons, notes, police words or the recommender's pick", () => {
    const { corrected, textOnly, closed, reopened, assigned, reported } = scene();
    expect(payloadOf(project(reported, steward))).toMatchObject({ source: "999", description: "Fight / disorder", locationText: "" });
    expect(payloadOf(project(assigned, steward))).toMatchObject({ unit: null, incident: null, recommended: null });
    expect(project(corrected, steward)?.payload).toEqual({
      incidentId: "inc-1",
      changes: { type: "missile", grade: "I", description: "Missile thrown" },
      previous: {},
      reason: "",
      incident: null,
    });
    // Only police words changed: nothing a steward may see.
    expect(project(textOnly, steward)).toBeNull();
    expect(project(closed, steward)?.payload).toEqual({ incidentId: "inc-1", result: "arrest", note: "" });
    expect(project(reopened, steward)?.payload).toEqual({ incidentId: "inc-1", reason: "", from: "closed", to: "triaged" });
    for (const e of [corrected, closed, reopened]) {
      const seen = project(e, steward);
      expect(seen?.actor).toEqual(STEWARD_VIEW_ACTORS.control);
      expect(seen?.hash).toBe("");
      expect(JSON.stringify(seen)).not.toMatch(/PSU 12A|psu-12a|Caller|FIO|arrested|Boxpark/);
    }
  });

  it("V16: an officer of the sector gets them whole but for the recommender's pick; control gets every one as logged", () => {
    const s = scene();
    const { assigned } = s;
    expect(payloadOf(project(assigned, officer))?.recommended).toBeNull();
    expect(project(assigned, officer)?.hash).toBe("");
    expect(payloadOf(project(assigned, officer))?.unit).toEqual({ id: "psu-12a", callSign: "PSU 12A" });
    for (const e of [s.corrected, s.textOnly, s.closed, s.reopened]) expect(project(e, officer)).toBe(e);
    for (const e of s.log.events) expect(project(e, control)).toBe(e);
    // One version per audience, as for every other event (V12).
    for (const e of s.log.events) {
      const audiences = deliveries(e).map((d) => d.rooms[0]?.split(":")[0]);
      expect(new Set(audiences).size).toBe(audiences.length);
    }
  });

  it("V17: a correction that moves the incident reaches both sectors' stewards and officers; those of the new sector learn the incident from it", () => {
    const { log, moved } = scene();
    const rooms = deliveries(moved).flatMap((d) => d.rooms);
    for (const r of [
      room.stewardSector("olympic-way"),
      room.stewardSector("stadium-west"),
      room.unitSector("olympic-way"),
      room.unitSector("stadium-west"),
    ]) {
      expect(rooms).toContain(r);
    }
    const foldFor = (v: Viewer) =>
      foldEvents(
        initialState,
        log.events.map((e) => project(e, v)).filter((e): e is CordonEvent => e !== null),
      );
    const west = foldFor(westSteward).incidents["inc-1"];
    expect(west).toMatchObject({ type: "missile", grade: "I", sector: "stadium-west", description: "Missile thrown", locationText: "" });
    expect(JSON.stringify(west)).not.toMatch(/PSU 12A|Caller|FIO/);
    expect(foldFor(westOfficer).incidents["inc-1"]).toMatchObject({
      sector: "stadium-west",
      description: "CCTV: one thrower, known to FIO",
    });
    // The steward it left still holds it, moved away.
    expect(foldFor(steward).incidents["inc-1"]).toMatchObject({ sector: "stadium-west", location: at.west, status: "triaged" });
  });
});
