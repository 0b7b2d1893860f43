import type { MatchPhase } from "../../shared/domain";
import type { VenuePlan } from "../../shared/venue";
import { DEFAULT_START, DEMO_DATE, londonTime } from "./clock";
import { venuePlaces } from "./geo";
import { Random } from "./random";
import { buildRoster, buildStewards, NAMED_UNIT_COUNT, type StewardSpec, stewardCount, type UnitSpec } from "./roster";
import { backgroundStories, refreshmentStories } from "./storyline/background";
import { controlRoomStories } from "./storyline/controlRoom";
import { egressStories } from "./storyline/egress";
import { ingressStories } from "./storyline/ingress";
import { matchStories } from "./storyline/match";
import { Plan, type ScriptStep, SILVER } from "./storyline/plan";

export type { StewardSpec, UnitSpec } from "./roster";
export type { ScriptStep } from "./storyline/plan";

export interface ScenarioInput {
  seed: number;
  /** How many units to deploy; the named deployment is 40, more are generated PSUs. */
  units?: number;
  /** Scenario time to start from; stories that would begin earlier are left out. */
  start?: number;
  /** Default 23:00, the end of egress. */
  end?: number;
  venue: VenuePlan;
}

export interface Scenario {
  operation: { name: string; cadStart: number; phases: { name: string; at: number }[] };
  units: UnitSpec[];
  stewards: StewardSpec[];
  /** Every command of the day, in the order to send them (sorted by `at`). */
  script: ScriptStep[];
}

export const OPERATION_NAME = "England v Italy — Euro 2024 qualifier";

/** The match-day timeline (DOMAIN.md), London times on 17 October 2023. */
const PHASES: readonly [name: MatchPhase, time: string][] = [
  ["build-up", "15:00"],
  ["gates-open", "17:45"],
  ["kick-off", "19:45"],
  ["half-time", "20:30"],
  ["second-half", "20:45"],
  ["full-time", "21:35"],
  // Silver calls egress once the stands are emptying and the station queues are set.
  ["egress", "21:38"],
];

/**
 * The whole day as a script of commands, from a seed: pure and deterministic (no clock, no
 * Math.random). Ids that only exist once the server has run a step are refs (`@label`).
 */
export function buildScenario(input: ScenarioInput): Scenario {
  const count = Math.max(1, Math.floor(input.units ?? NAMED_UNIT_COUNT));
  const start = input.start ?? DEFAULT_START;
  const end = input.end ?? londonTime(DEMO_DATE, "23:00");
  const places = venuePlaces(input.venue);
  const units = buildRoster(count, input.venue, places, Random.derive(input.seed, "roster"));
  const stewards = buildStewards(stewardCount(count), input.venue);
  const plan = new Plan({ venue: input.venue, places, units, stewards, start, end, seed: input.seed });

  const phases = PHASES.map(([name, time]) => ({ name, at: londonTime(DEMO_DATE, time) }));
  // Silver's phase changes, as sent from the board's phase control; the board, not this script, draws egress mode.
  phases.forEach((phase, i) => {
    const nextAt = phases[i + 1]?.at ?? Number.POSITIVE_INFINITY;
    // The phase already running at the start is announced at the start.
    if (phase.at >= start || nextAt > start) plan.emit(Math.max(phase.at, start), SILVER, "op:phase", { phase: phase.name });
  });

  ingressStories(plan);
  matchStories(plan);
  controlRoomStories(plan);
  egressStories(plan);
  refreshmentStories(plan);
  backgroundStories(plan, stewards.length / 60);

  return {
    operation: { name: OPERATION_NAME, cadStart: 4100, phases },
    units,
    stewards,
    script: plan.build().filter((step) => step.at < end),
  };
}
