import { describe, it } from "vitest";
import { type EventPayload, SYSTEM_ACTOR } from "../../shared/events";
import type { Incident } from "../../shared/state";
import { type Draft, given, line, t } from "../support/decider";
import { incidentGraded, incidentReported, opened, unit, unitAssigned, unitRegistered } from "../support/deciderEvents";

/** Decider spec: how the events the server makes itself fold (shared/evolve.ts, issue 9 item 5). */

const gradeI = [opened(), unitRegistered("psu-12a", "12A"), incidentReported("inc-1"), incidentGraded("inc-1", "I")];

function missed(p: Partial<EventPayload<"AttendanceTargetMissed">> = {}): Draft {
  const payload = { incidentId: "inc-1", grade: "I", target: "assign", withinMs: 120_000, dueAt: t(3) + 120_000, ...p } as const;
  return { type: "AttendanceTargetMissed", payload, actor: SYSTEM_ACTOR };
}

/** `i` with the target flagged and one timeline entry by the server from the event at `seq`. */
const flagged =
  (seq: number, text: string, targetsMissed: NonNullable<Incident["targetsMissed"]>) =>
  (i: Incident): Incident => ({
    ...i,
    targetsMissed,
    timeline: [...i.timeline, line(seq, "AttendanceTargetMissed", text, SYSTEM_ACTOR)],
    updatedAt: t(seq),
  });

describe("T39: AttendanceTargetMissed", () => {
  it("T39: the incident records the missed target with its due time, and the server's timeline entry; nothing else changes", () => {
    given(...gradeI)
      .on(missed())
      .thenState({ incidents: { "inc-1": flagged(5, "Target missed: no unit assigned within 2 min", { assign: t(3) + 120_000 }) } });
  });

  it("T39: a second target adds to the first; the incident's status and units stay as they are", () => {
    given(...gradeI, missed(), unitAssigned("inc-1", unit.psu12a))
      .on(missed({ target: "arrive", withinMs: 90_000, dueAt: t(3) + 90_000 }))
      .thenState({
        incidents: {
          "inc-1": flagged(7, "Target missed: no unit on scene within 90 s", { assign: t(3) + 120_000, arrive: t(3) + 90_000 }),
        },
      });
  });

  it("T39: nothing for an incident this state does not hold (an audience that never saw it)", () => {
    given(...gradeI)
      .on(missed({ incidentId: "inc-9" }))
      .thenUnchanged();
  });
});
