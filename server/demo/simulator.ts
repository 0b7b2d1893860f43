import { OpenOperation } from "../../shared/commands";
import { entranceGroups } from "../../shared/entrances";
import type { Fix } from "../../shared/state";
import type { App } from "../app";
import { DemoBronzes } from "./bronzes";
import { DEMO_DATE, londonClock, londonTime } from "./clock";
import { metresPerDegLng } from "./geo";
import { Fleet } from "./movement";
import { buildScenario, type Scenario } from "./scenario";
import { type DemoStats, StepRunner } from "./stepRunner";
import { SILVER } from "./storyline/plan";
import { DemoTurnstiles } from "./turnstiles";

export interface DemoOptions {
  seed?: number;
  /** Units to deploy (default 40, the named deployment); more for load tests. */
  units?: number;
  /** Scenario seconds per real second; informational (the app's clock already runs at it). */
  speed?: number;
  /** Scenario time to start the story from (default: the app's now). */
  start?: number;
  /** Scenario time between two fixes of a unit (default 5 s). */
  fixEveryMs?: number;
  /** Scenario time to stop at (default 23:00 London, the end of egress). */
  until?: number;
  /** Real time between two turns of the player (default 100 ms). */
  tickMs?: number;
  log?: (msg: string) => void;
}

export interface DemoRun {
  opId: string;
  scenario: Scenario;
  stats: DemoStats;
  /** Stops playing (idempotent); resolves once the last command and fixes are in. */
  stop(): Promise<void>;
  /** Resolves when the demo has stopped, at `until` or on stop(). */
  done: Promise<void>;
}

/** Fixes handed over in one turn at most: at high speed rounds are merged rather than piled up. */
const MAX_FIXES_PER_TURN = 50_000;

/**
 * Plays England v Italy against a running app: opens the operation, registers the units, then
 * sends each script step when the app's (scenario) clock reaches it, through the same command
 * path as a user, and reports every unit's position every few seconds of scenario time.
 */
export async function runDemo(app: App, opts: DemoOptions = {}): Promise<DemoRun> {
  const seed = opts.seed ?? 2023;
  const debug = opts.log ?? (() => {});
  const venue = app.venues.get("wembley");
  if (!venue) throw new Error("The demo needs the Wembley venue plan (shared/venue/wembley.geojson).");
  const until = opts.until ?? londonTime(DEMO_DATE, "23:00");
  const scenario = buildScenario({ seed, units: opts.units ?? 40, start: opts.start ?? app.now(), end: until, venue });
  const { name, cadStart, phases } = scenario.operation;
  const log = await app.ops.open(SILVER, OpenOperation.parse({ name, venueId: venue.id, cadStart, phases }));
  const fleet = new Fleet(scenario.units, seed, metresPerDegLng(venue));
  const runner = new StepRunner(log, app.store, fleet, `demo-${seed}`, debug);
  await runner.register(scenario.units);
  debug(`demo: ${scenario.units.length} units, ${scenario.stewards.length} stewards, ${scenario.script.length} steps; op ${log.opId}`);

  // The turnstile feed (issue 11 item 7): counts through the same lane and checks as a real feed's.
  const turnstiles = new DemoTurnstiles(entranceGroups(venue), seed, opts.start ?? app.now());
  const counts = (now: number) => {
    const due = turnstiles.due(now);
    if (due.length === 0) return;
    // A refusal is thrown at once, a failed write later: the demo logs either and plays on.
    Promise.resolve()
      .then(() => app.ingress.ingress.report(log.opId, due))
      .catch((err) => debug(`demo: counts not stored: ${String(err)}`));
  };
  // The sectors' Bronzes acknowledge their incidents, a few too late (issue 11).
  const bronzes = new DemoBronzes(log, venue, seed, debug);
  const every = opts.fixEveryMs ?? 5000;
  let lastFixAt = app.now();
  let stored: Promise<void> = Promise.resolve();
  let index = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const report = (all: Fix[]) => {
    // A unit whose officer's phone is reporting its own GPS is not moved by the demo (issue 12).
    const fixes = all.filter((f) => !app.lane.hasOwnFix(log.opId, f.unitId));
    if (fixes.length === 0) return;
    const accepted = app.lane.accept(log.opId, fixes);
    runner.stats.fixes += fixes.length - accepted.unknown.length;
    stored = accepted.stored;
  };

  const positions = (now: number) => {
    const due = Math.floor((now - lastFixAt) / every);
    if (due <= 0) return;
    const rounds = Math.min(due, Math.max(1, Math.floor(MAX_FIXES_PER_TURN / Math.max(1, fleet.ids.length))));
    const span = (due * every) / rounds;
    const fixes: Fix[] = [];
    for (let r = 1; r <= rounds; r++) fleet.advance(log.state, span / 1000, Math.round(lastFixAt + span * r), fixes);
    lastFixAt += due * every;
    report(fixes);
  };

  const turn = async () => {
    const now = Math.min(app.now(), until);
    for (let step = scenario.script[index]; step && step.at <= now && !stopped; step = scenario.script[++index]) {
      await runner.run(step, index);
    }
    positions(now);
    counts(now);
    bronzes.acknowledge(now);
    return now >= until;
  };

  const loop = async () => {
    timer = null;
    let ended = false;
    try {
      ended = await turn();
    } catch (err) {
      // The demo must never take the server down: log and carry on with the next turn.
      debug(`demo: turn failed: ${(err as Error).stack ?? String(err)}`);
    }
    if (ended && !stopped) debug(`demo: reached ${londonClock(until)}; ${JSON.stringify(runner.stats)}`);
    if (ended || stopped) {
      stopped = true;
      finish();
    } else {
      timer = setTimeout(() => void loop(), opts.tickMs ?? 100);
    }
  };

  const initial: Fix[] = [];
  fleet.advance(log.state, 0, lastFixAt, initial);
  report(initial);
  void loop();

  return {
    opId: log.opId,
    scenario,
    stats: runner.stats,
    done,
    async stop() {
      stopped = true;
      if (timer) {
        clearTimeout(timer);
        timer = null;
        finish();
      }
      await done;
      // Fixes already handed over are stored with the lane's next flush (or its close); the
      // lane's timer does not hold the process open, so this wait does, for a second at most.
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([stored, new Promise((resolve) => (wait = setTimeout(resolve, 1000)))]);
      clearTimeout(wait);
    },
  };
}
