import { describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config";
import { missedTargets } from "../../server/system/attendance";
import { type AttendanceTargets, AttendanceTargetsSetting } from "../../server/system/attendanceTargets";
import { SYSTEM_ACTOR } from "../../shared/events";
import { type Draft, fold, t } from "../support/decider";
import {
  incidentClosed,
  incidentGraded,
  incidentReported,
  incidentResolved,
  opened,
  reportMerged,
  reportPromoted,
  reportSubmitted,
  unit,
  unitArrived,
  unitAssigned,
  unitRegistered,
} from "../support/deciderEvents";

/**
 * The attendance watcher's rule (server/system/attendance.ts): given a live state and a time,
 * the commands it would send and their keys. Pure, so every process derives the same ones.
 */

const targets: AttendanceTargets = { I: { assign: 120_000, arrive: 900_000 }, S: { assign: 600_000 } };
/** inc-1 reported at t(3), graded I at t(4). */
const gradeI: Draft[] = [opened(), unitRegistered("psu-12a", "12A"), incidentReported("inc-1"), incidentGraded("inc-1", "I")];
const assignDue = t(3) + 120_000;
const arriveDue = t(3) + 900_000;

const flagOf = (target: "assign" | "arrive", dueAt: number, withinMs: number, incidentId = "inc-1") => ({
  command: { name: "attendance:flag", body: { incidentId, grade: "I", target, withinMs, dueAt } },
  key: `system:attendance:${target}:${incidentId}`,
});

describe("the attendance watcher's rule (Y1–Y4)", () => {
  it("Y1: a grade-I incident with no unit at its due time gives one attendance:flag, keyed by target and incident", () => {
    const state = fold(gradeI);
    expect(missedTargets(state, targets, assignDue - 1)).toEqual([]);
    expect(missedTargets(state, targets, assignDue)).toEqual([flagOf("assign", assignDue, 120_000)]);
    // Both targets once both are due; each has its own key.
    expect(missedTargets(state, targets, arriveDue)).toEqual([flagOf("assign", assignDue, 120_000), flagOf("arrive", arriveDue, 900_000)]);
  });

  it("Y2: a target met in time gives nothing; met late (the watcher was not looking) it is still missed", () => {
    const onTime = fold([...gradeI, unitAssigned("inc-1", unit.psu12a), unitArrived("inc-1", unit.psu12a)]);
    expect(missedTargets(onTime, targets, arriveDue + 60_000)).toEqual([]);
    const late = [...gradeI, unitAssigned("inc-1", unit.psu12a, null)];
    const lateState = fold(late.map((d, i) => (i === late.length - 1 ? { ...d, at: assignDue + 1 } : d)));
    expect(missedTargets(lateState, targets, assignDue + 2)).toEqual([flagOf("assign", assignDue, 120_000)]);
  });

  it("Y3: nothing once flagged, nor for resolved, closed or ungraded incidents, nor for a grade with no target", () => {
    const flagged: Draft = {
      type: "AttendanceTargetMissed",
      payload: { incidentId: "inc-1", grade: "I", target: "assign", withinMs: 120_000, dueAt: assignDue },
      actor: SYSTEM_ACTOR,
    };
    expect(missedTargets(fold([...gradeI, flagged]), targets, assignDue + 1)).toEqual([]);
    expect(missedTargets(fold([...gradeI, incidentResolved("inc-1", "Gone")]), targets, arriveDue)).toEqual([]);
    expect(missedTargets(fold([...gradeI, incidentClosed("inc-1")]), targets, arriveDue)).toEqual([]);
    expect(missedTargets(fold(gradeI.slice(0, 3)), targets, arriveDue)).toEqual([]);
    expect(missedTargets(fold([...gradeI.slice(0, 3), incidentGraded("inc-1", "E")]), targets, arriveDue)).toEqual([]);
    expect(missedTargets(fold(gradeI), {}, arriveDue)).toEqual([]);
  });

  it("Y4: a target counts from the incident's first report: a report merged in that came earlier brings it forward", () => {
    const early = reportSubmitted("rep-1");
    const history: Draft[] = [
      opened(),
      { ...early, at: t(2) - 60_000 },
      reportSubmitted("rep-2"),
      reportPromoted("rep-2", "inc-1", { grade: "I" }),
      reportMerged("rep-1", "inc-1", "CAD 4101/17Oct"),
    ];
    const due = t(2) - 60_000 + 120_000;
    expect(missedTargets(fold(history), { I: { assign: 120_000 } }, due)).toEqual([flagOf("assign", due, 120_000)]);
  });
});

describe("how far back the watcher looks (Y9)", () => {
  it("Y9: a target due longer ago than the lookback is not flagged (a restart raises no alarm over an old operation)", () => {
    const state = fold(gradeI);
    const hour = 3_600_000;
    expect(missedTargets(state, targets, assignDue + hour, hour)).toEqual([
      flagOf("assign", assignDue, 120_000),
      flagOf("arrive", arriveDue, 900_000),
    ]);
    expect(missedTargets(state, targets, assignDue + hour + 1, hour)).toEqual([flagOf("arrive", arriveDue, 900_000)]);
    expect(missedTargets(state, targets, arriveDue + hour + 1, hour)).toEqual([]);
    expect(loadConfig({}).ATTENDANCE_LOOKBACK_MINUTES).toBe(60);
  });
});

describe("ATTENDANCE_TARGETS (Y5)", () => {
  it("Y5: the default is I: assigned within 2 min, on scene within 15; S: assigned within 10; `none` sets none", () => {
    expect(loadConfig({}).ATTENDANCE_TARGETS).toEqual(targets);
    expect(loadConfig({ ATTENDANCE_TARGETS: "none" }).ATTENDANCE_TARGETS).toEqual({});
    expect(AttendanceTargetsSetting.parse("I:assign=2m,arrive=900000ms;R:arrive=30s")).toEqual({
      I: { assign: 120_000, arrive: 900_000 },
      R: { arrive: 30_000 },
    });
  });

  it("Y5: a bad value stops the start with a message naming the variable and the part", () => {
    const bad = (value: string) => () => loadConfig({ ATTENDANCE_TARGETS: value });
    expect(bad("X:assign=1m")).toThrow(/ATTENDANCE_TARGETS=.*"X:assign=1m": no grade "X" \(grades: I, S, E, R\)/);
    expect(bad("I:assign=2h")).toThrow(/"assign=2h" is not target=duration/);
    expect(bad("I:reach=2m")).toThrow(/no target "reach" \(targets: assign, arrive\)/);
    expect(bad("I:assign=0s")).toThrow(/assign=0s is outside 1 s to 24 h/);
    expect(bad("I:assign=2m;I:arrive=5m")).toThrow(/grade I is given twice/);
    expect(bad("I=2m")).toThrow(/expected grade:target=duration/);
  });
});
