import { describe, expect, it } from "vitest";
import { COMMAND_ROLES, CommandBodies } from "../../shared/commands";
import { given, noScope, t } from "../support/decider";
import { decisionLogged, opened } from "../support/deciderEvents";
import { actors } from "../support/events";

const jdm = {
  information: "TfL: Jubilee line on a reduced service after a signal fault (21:40). CCTV: pens full.",
  risk: "Crush risk at the front barrier of pen 2; density rising.",
  powers: "Common law duty to protect life; Wembley Park crowd management plan, section 4 (queue holds).",
  options: ["Hold the queues at checkpoint North", "Close the station and divert to Wembley Central", "Do nothing"],
  action: "Mounted 2 forms the line at checkpoint North; release in blocks on BTP's signal.",
  review: "Review at 21:55 with BTP and the station manager.",
};

describe("DL1: decision:log with the Joint Decision Model", () => {
  it("DL1: a decision with every JDM field is logged as dec-N, the fields as given, no scope", () => {
    given(opened())
      .when(
        "decision:log",
        { decision: "Hold the queues at Wembley Park", rationale: "Platform crowding", ...jdm },
        { actor: actors.silver },
      )
      .thenEvent({
        type: "DecisionLogged",
        payload: { decisionId: "dec-1", decision: "Hold the queues at Wembley Park", rationale: "Platform crowding", ...jdm },
        scope: noScope,
      });
  });

  it("DL1: a decision with some JDM fields carries only those (no empty keys)", () => {
    given(opened())
      .when("decision:log", { decision: "Open gate C", rationale: "Queue", options: ["Open C", "Hold"] }, { actor: actors.silver })
      .thenEvent({
        type: "DecisionLogged",
        payload: { decisionId: "dec-1", decision: "Open gate C", rationale: "Queue", options: ["Open C", "Hold"] },
        scope: noScope,
      });
  });

  it("DL1: Gold, Silver and Bronze log decisions; controllers, stewards, officers and analysts do not", () => {
    expect([...COMMAND_ROLES["decision:log"]].sort()).toEqual(["bronze", "commander", "gold"]);
  });
});

describe("DL2: decision:log refusals", () => {
  const base = { decision: "Hold", rationale: "Crush risk" };
  const refused = [
    ["no rationale", { decision: "Hold" }],
    ["a blank decision", { decision: "   ", rationale: "r" }],
    ["an oversize decision", { ...base, decision: "x".repeat(2001) }],
    ["an oversize rationale", { ...base, rationale: "x".repeat(4001) }],
    ["an oversize JDM step", { ...base, risk: "x".repeat(2001) }],
    ["an empty JDM step", { ...base, review: " " }],
    ["an empty list of options", { ...base, options: [] }],
    ["eleven options", { ...base, options: Array.from({ length: 11 }, (_, i) => `option ${i}`) }],
    ["an oversize option", { ...base, options: ["x".repeat(501)] }],
    ["options as text", { ...base, options: "Hold or release" }],
  ] as const;
  it("DL2: each of these bodies is refused by the schema", () => {
    for (const [what, body] of refused) expect(CommandBodies["decision:log"].safeParse(body).success, what).toBe(false);
  });
});

describe("DL3: DecisionLogged folds, older logs included", () => {
  it("DL3: the JDM fields are kept on the decision, attributed and timed by the event", () => {
    given(opened())
      .on({
        type: "DecisionLogged",
        payload: { decisionId: "dec-1", decision: "Hold the queues", rationale: "Crowding", ...jdm },
        actor: actors.silver,
      })
      .thenState({
        decisions: [{ id: "dec-1", seq: 2, at: t(2), actor: actors.silver, decision: "Hold the queues", rationale: "Crowding", ...jdm }],
      });
  });

  it("DL3: an older DecisionLogged with no JDM fields folds to a decision with none", () => {
    given(opened())
      .on(decisionLogged("dec-1", "Hold", "Risk"))
      .thenState({ decisions: [{ id: "dec-1", seq: 2, at: t(2), actor: actors.silver, decision: "Hold", rationale: "Risk" }] });
  });
});
