import { describe, expect, it } from "vitest";
import { COMMAND_ROLES, CommandBodies } from "../../shared/commands";
import { MATCH_PHASES } from "../../shared/domain";
import { isEgressMode, phaseLabel } from "../../shared/matchPhase";
import { given, noScope } from "../support/decider";
import { opened, phaseStarted } from "../support/deciderEvents";
import { actors } from "../support/events";

describe("PH1: op:phase", () => {
  it("PH1: Silver sets a phase of the list: OperationPhaseStarted with no scope", () => {
    for (const phase of MATCH_PHASES) {
      given(opened())
        .when("op:phase", { phase }, { actor: actors.silver })
        .thenEvent({ type: "OperationPhaseStarted", payload: { phase }, scope: noScope });
    }
  });

  it("PH1: only Silver (the commander) may change the phase; Gold, Bronze and controllers may not", () => {
    expect(COMMAND_ROLES["op:phase"]).toEqual(["commander"]);
  });
});

describe("PH2: op:phase refusals", () => {
  it("PH2: a phase not on the list (free text, as older logs had) is refused by the schema", () => {
    for (const phase of ["Turnstiles open", "EGRESS", "", "constructor", "__proto__"]) {
      expect(CommandBodies["op:phase"].safeParse({ phase }).success, phase).toBe(false);
    }
  });

  it("PH2: setting the phase the match is already in is refused conflict", () => {
    given(opened(), phaseStarted("egress"))
      .when("op:phase", { phase: "egress" }, { actor: actors.silver })
      .thenRejects("conflict", 'The match is already at "Egress".');
  });

  it("PH2: a phase already passed may be set again after another (a delayed kick-off is called twice)", () => {
    given(opened(), phaseStarted("kick-off"), phaseStarted("half-time"))
      .when("op:phase", { phase: "kick-off" }, { actor: actors.silver })
      .thenEvent({ type: "OperationPhaseStarted", payload: { phase: "kick-off" }, scope: noScope });
  });
});

describe("PH3: OperationPhaseStarted folds, free text included", () => {
  it("PH3: the operation's current phase becomes the phase started", () => {
    given(opened())
      .on(phaseStarted("full-time"))
      .thenState({ operation: (o) => (o ? { ...o, currentPhase: "full-time" } : o) });
  });

  it("PH3: an older log's free-text phase still folds, and is shown as written", () => {
    given(opened())
      .on(phaseStarted("Turnstiles open"))
      .thenState({ operation: (o) => (o ? { ...o, currentPhase: "Turnstiles open" } : o) });
    expect(phaseLabel("Turnstiles open")).toBe("Turnstiles open");
    expect(phaseLabel("gates-open")).toBe("Gates open");
    expect(phaseLabel(null)).toBe("No phase set");
  });

  it("PH3: the board is in egress mode at full time and egress, and at no other phase", () => {
    const egress = MATCH_PHASES.filter((p) => isEgressMode(p));
    expect(egress).toEqual(["full-time", "egress"]);
    expect(isEgressMode(null)).toBe(false);
    expect(isEgressMode("Egress")).toBe(false);
  });
});
