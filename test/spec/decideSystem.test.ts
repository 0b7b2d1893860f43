import { describe, it } from "vitest";
import { type SystemCommand, SystemCommandBodies } from "../../shared/commands";
import { ErrorCode } from "../../shared/errors";
import { type Actor, type EventPayload, SYSTEM_ACTOR } from "../../shared/events";
import { type Draft, given, t } from "../support/decider";
import {
  incidentClosed,
  incidentGraded,
  incidentReported,
  incidentResolved,
  opened,
  reportPromoted,
  reportSubmitted,
  unit,
  unitArrived,
  unitAssigned,
  unitRegistered,
} from "../support/deciderEvents";
import { actors } from "../support/events";

/** Decider spec: the commands the server sends itself (shared/decide.ts, issue 9 item 5). */

type Flag = EventPayload<"AttendanceTargetMissed">;

/** inc-1, a fight on Olympic Way reported at seq 3 and graded I at seq 4; nothing assigned. */
const gradeI = [opened(), unitRegistered("psu-12a", "12A"), incidentReported("inc-1"), incidentGraded("inc-1", "I")];
/** Assign within 2 min of the report at seq 3. */
const assignBy = (dueAt = t(3) + 120_000): Flag => ({ incidentId: "inc-1", grade: "I", target: "assign", withinMs: 120_000, dueAt });
const fightScope = { sector: "olympic-way", stewards: [], units: [] };

function flag(body: Flag, by: Actor = SYSTEM_ACTOR) {
  const command = { name: "attendance:flag", body: SystemCommandBodies["attendance:flag"].parse(body) } as SystemCommand;
  return (...drafts: Draft[]) => given(...drafts).decideRaw(command, { actor: by });
}

/** The given history, then events until record time has passed `dueAt` (ctx.now is t(length + 1)). */
const passing = (drafts: Draft[], dueAt: number): Draft[] => {
  const out = [...drafts];
  while (t(out.length + 1) < dueAt) out.push(unitRegistered(`spare-${out.length}`, `S${out.length}`));
  return out;
};

describe("T38: attendance:flag (sent by the server only)", () => {
  it("T38: a grade-I incident with no unit once its assign target is due yields AttendanceTargetMissed, scoped as the incident", () => {
    const due = t(3) + 120_000;
    flag(assignBy(due))(...passing(gradeI, due)).thenEvent({ type: "AttendanceTargetMissed", payload: assignBy(due), scope: fightScope });
  });

  it("T38: a unit assigned after the due time still misses it (the watcher was down at the time)", () => {
    const due = t(3) + 5_000;
    const late = [...passing(gradeI, due + 1000), unitAssigned("inc-1", unit.psu12a)];
    flag(assignBy(due))(...late).thenEvent({
      type: "AttendanceTargetMissed",
      payload: assignBy(due),
      scope: { ...fightScope, units: ["psu-12a"] },
    });
  });

  it("T38: the arrive target: its scope names the assigned units and the reporting steward", () => {
    const history = [
      opened(),
      unitRegistered("psu-12a", "12A"),
      reportSubmitted("rep-1"),
      reportPromoted("rep-1", "inc-1", { grade: "I" }),
      unitAssigned("inc-1", unit.psu12a),
    ];
    const body: Flag = { incidentId: "inc-1", grade: "I", target: "arrive", withinMs: 1000, dueAt: t(5) };
    flag(body)(...history).thenEvent({
      type: "AttendanceTargetMissed",
      payload: body,
      scope: { sector: "olympic-way", stewards: [actors.steward.userId], units: ["psu-12a"] },
    });
  });

  it("T38: refused for any person, control included (forbidden)", () => {
    flag(assignBy(t(1)), actors.control)(...gradeI).thenRejects(ErrorCode.Forbidden, "Only the server flags a missed attendance target.");
    flag(assignBy(t(1)), actors.silver)(...gradeI).thenRejects(ErrorCode.Forbidden, "Only the server flags a missed attendance target.");
  });

  it("T38: refused when the target was met in time, or is not due yet (conflict)", () => {
    const assigned = [...gradeI, unitAssigned("inc-1", unit.psu12a)];
    flag(assignBy(t(5)))(...assigned).thenRejects(ErrorCode.Conflict, "CAD 4101/17Oct met that target.");
    flag(assignBy(t(6)))(...gradeI).thenRejects(ErrorCode.Conflict, "CAD 4101/17Oct: that target is not due yet.");
    const onScene = [...assigned, unitArrived("inc-1", unit.psu12a)];
    const arrive: Flag = { ...assignBy(t(6)), target: "arrive" };
    flag(arrive)(...onScene).thenRejects(ErrorCode.Conflict, "CAD 4101/17Oct met that target.");
  });

  it("T38: refused when already flagged (another process, or another key), regraded, resolved or closed", () => {
    const flagged: Draft = { type: "AttendanceTargetMissed", payload: assignBy(t(4)), actor: SYSTEM_ACTOR };
    flag(assignBy(t(4)))(...gradeI, flagged).thenRejects(ErrorCode.Conflict, "CAD 4101/17Oct: that target is already flagged.");
    flag(assignBy(t(4)))(...gradeI, incidentGraded("inc-1", "S")).thenRejects(ErrorCode.Conflict, "CAD 4101/17Oct is grade S now, not I.");
    flag(assignBy(t(4)))(...gradeI, incidentResolved("inc-1", "Dispersed")).thenRejects(ErrorCode.Conflict, "CAD 4101/17Oct is resolved.");
    flag(assignBy(t(4)))(...gradeI, incidentClosed("inc-1")).thenRejects(ErrorCode.Conflict, "CAD 4101/17Oct is closed.");
  });

  it("T38: an unknown incident, or an operation not opened, is refused not_found", () => {
    flag({ ...assignBy(t(1)), incidentId: "inc-9" })(...gradeI).thenRejects(ErrorCode.NotFound, "No incident inc-9.");
    flag(assignBy(t(1)))().thenRejects(ErrorCode.NotFound, "This operation has not been opened.");
  });
});
