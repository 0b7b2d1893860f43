import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type App, createApp } from "../server/app";
import { testConfig } from "../server/config";
import { DEFAULT_START, DEMO_DATE, londonTime, ScenarioClock } from "../server/demo/clock";
import { Random } from "../server/demo/random";
import { buildScenario, type ScriptStep } from "../server/demo/scenario";
import { runDemo } from "../server/demo/simulator";
import { loadVenues } from "../server/venues";
import { CommandBodies } from "../shared/commands";
import { within } from "./support/harness";

const venue = loadVenues().get("wembley");
if (!venue) throw new Error("the Wembley plan is missing");
const at = (time: string) => londonTime(DEMO_DATE, time);
const count = (script: readonly ScriptStep[], name: ScriptStep["name"]) => script.filter((s) => s.name === name).length;

describe("demo clock and randomness", () => {
  it("runs scenario time at speed from 17:30 London on match day", () => {
    let real = 1_000;
    const clock = new ScenarioClock(DEFAULT_START, 60, () => real);
    expect(clock.now()).toBe(at("17:30"));
    real += 1_000;
    expect(clock.now()).toBe(at("17:31"));
    expect(at("19:45")).toBe(Date.UTC(2023, 9, 17, 18, 45)); // BST: kick-off is 18:45 UTC
    expect(londonTime("2023-12-01", "19:45")).toBe(Date.UTC(2023, 11, 1, 19, 45)); // GMT
  });

  it("gives the same numbers for the same seed", () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 5 },
        (
          (r) => () =>
            r.int(0, 1000)
        )(new Random(seed)),
      );
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });
});

describe("buildScenario (England v Italy)", () => {
  const scenario = buildScenario({ seed: 2023, venue });
  const { script } = scenario;

  it("is deterministic: same seed, same script; another seed, another script", () => {
    expect(buildScenario({ seed: 2023, venue })).toEqual(scenario);
    expect(buildScenario({ seed: 2024, venue }).script).not.toEqual(script);
  });

  it("a later start leaves out what began earlier, and the same reports follow", () => {
    // Units may differ (those busy earlier are free), but what the stewards see does not.
    const reports = (steps: readonly ScriptStep[]) => steps.filter((s) => s.name === "report:submit" || s.name === "report:promote");
    const later = reports(buildScenario({ seed: 2023, venue, start: at("20:00") }).script);
    const all = new Set(reports(script).map((s) => JSON.stringify(s)));
    expect(later.length).toBeGreaterThan(0);
    for (const step of later) expect(all.has(JSON.stringify(step))).toBe(true);
  });

  it("has the day's volume: 40–80 incidents, 100–200 steward reports, merges and dismissals", () => {
    const incidents = count(script, "report:promote") + count(script, "incident:report");
    expect(incidents).toBeGreaterThanOrEqual(40);
    expect(incidents).toBeLessThanOrEqual(80);
    expect(count(script, "report:submit")).toBeGreaterThanOrEqual(100);
    expect(count(script, "report:submit")).toBeLessThanOrEqual(200);
    expect(count(script, "report:merge")).toBeGreaterThanOrEqual(20);
    expect(count(script, "report:dismiss")).toBeGreaterThan(0);
    expect(count(script, "decision:log")).toBeGreaterThanOrEqual(5);
    expect(count(script, "alert:send")).toBeGreaterThanOrEqual(5);
    expect(script.some((s) => s.name === "incident:note" && s.body.intel === true)).toBe(true);
  });

  it("announces the phases in order at their London times", () => {
    const phases = script.filter((s) => s.name === "op:phase");
    expect(phases.map((s) => (s.name === "op:phase" ? s.body.phase : ""))).toEqual([
      "build-up",
      "gates-open",
      "kick-off",
      "half-time",
      "second-half",
      "full-time",
      "egress",
    ]);
    // Sent as Silver sends them from the board's phase control.
    expect(new Set(phases.map((s) => s.actor.role))).toEqual(new Set(["commander"]));
    expect(phases.map((s) => s.at)).toEqual([DEFAULT_START, ...["17:45", "19:45", "20:30", "20:45", "21:35", "21:38"].map(at)]);
    expect(scenario.operation.phases[0]).toEqual({ name: "build-up", at: at("15:00") });
  });

  it("plays the storyline: tailgating at H/J merged into one incident, flares at kick-off, a lost child", () => {
    const ticketless = script.filter((s) => s.ref?.startsWith("ticketless-hj#") || JSON.stringify(s.body).includes("@ticketless-hj#"));
    const merges = ticketless.filter((s) => s.name === "report:merge");
    expect(merges.length).toBeGreaterThanOrEqual(4);
    expect(new Set(merges.map((s) => (s.name === "report:merge" ? s.body.incidentId : ""))).size).toBe(1);
    const pyro = script.find((s) => s.name === "report:submit" && s.body.type === "pyrotechnics");
    expect(pyro?.at).toBeGreaterThanOrEqual(at("19:45"));
    expect(script.some((s) => s.name === "report:submit" && s.body.type === "lost-child" && s.at < at("19:00"))).toBe(true);
    expect(script.some((s) => s.name === "report:submit" && s.body.type === "suspicious-item")).toBe(true);
  });

  it("every step parses with its command schema and names only refs made earlier", () => {
    const made = new Set<string>();
    for (const step of script) {
      const parsed = CommandBodies[step.name].safeParse(step.body);
      expect(parsed.success, `${step.name} ${JSON.stringify(step.body)}`).toBe(true);
      for (const v of [...Object.values(step.body), step.unitId]) {
        if (typeof v === "string" && v.startsWith("@")) expect(made.has(v.slice(1)), `${step.name} names ${v}`).toBe(true);
      }
      if (step.ref) made.add(step.ref);
    }
    expect(script[0]?.at).toBe(DEFAULT_START);
    expect(script.every((s, i) => i === 0 || (script[i - 1]?.at ?? 0) <= s.at)).toBe(true);
  });

  it("deploys PSU 12A on Olympic Way (the demo officer's unit) among about 40 units", () => {
    expect(scenario.units).toHaveLength(40);
    expect(scenario.units.find((u) => u.unitId === "psu-12a")).toMatchObject({
      callSign: "12A",
      sector: "olympic-way",
      parentId: "psu-12",
    });
    const sectors = new Set(venue.sectors.map((s) => s.id));
    expect(scenario.units.every((u) => sectors.has(u.sector))).toBe(true);
    expect(scenario.stewards).toHaveLength(60);
    expect(scenario.stewards[41]?.actor).toEqual({ userId: "sim-steward-0042", role: "steward", name: "Steward 0042" });
  });

  it("scales to 3,500 units with valid, unique registrations", () => {
    const big = buildScenario({ seed: 1, venue, units: 3500 });
    expect(big.units).toHaveLength(3500);
    expect(new Set(big.units.map((u) => u.unitId)).size).toBe(3500);
    expect(big.units.every(({ home: _home, ...body }) => CommandBodies["unit:register"].safeParse(body).success)).toBe(true);
    expect(big.stewards).toHaveLength(350);
  });
});

describe("runDemo against a real app (SQLite in a temp dir)", () => {
  it("drives the server through commands and positions from 17:30 to 19:00 at 600x", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-demo-"));
    const clock = new ScenarioClock(DEFAULT_START, 600);
    const app: App = createApp({ config: testConfig({ DATABASE_PATH: path.join(dir, "demo.db") }), now: () => clock.now() });
    try {
      await app.start();
      const run = await runDemo(app, { seed: 2023, until: at("19:00") });
      // About 9 s on the scenario clock; generous for a loaded machine, and it still ends with a message.
      await within(run.done, 90_000, "the demo playing from 17:30 to 19:00 at 600x");
      await run.stop();
      const stoppedAt = clock.now();

      const state = app.ops.get(run.opId)?.state;
      expect(state?.operation?.name).toBe("England v Italy — Euro 2024 qualifier");
      expect(state?.operation?.cadDate).toBe("17Oct");
      const reports = Object.values(state?.reports ?? {});
      expect(Object.keys(state?.incidents ?? {}).length).toBeGreaterThanOrEqual(5);
      expect(reports.filter((r) => r.status === "promoted").length).toBeGreaterThanOrEqual(3);
      expect(reports.filter((r) => r.status === "merged").length).toBeGreaterThanOrEqual(3);

      const events = await app.store.readAfter(run.opId, 0);
      expect(events.filter((e) => e.type === "UnitAssigned").length).toBeGreaterThanOrEqual(5);
      expect(events.filter((e) => e.type === "UnitRegistered")).toHaveLength(40);
      // The sectors' Bronzes acknowledge their incidents (issue 11), every one as the Bronze of its sector.
      const acks = events.filter((e) => e.type === "BronzeAcknowledged");
      expect(acks.length).toBeGreaterThanOrEqual(3);
      expect(acks.every((e) => e.actor.role === "bronze" && e.actor.userId === `sim-bronze-${e.scope.sector}`)).toBe(true);
      // Stamped by the scenario clock, not the wall clock. (How far past 19:00 the last turn ran
      // depends on the machine's load at 600x, so the bound is the clock when the run stopped.)
      const outside = events.filter((e) => e.at < DEFAULT_START || e.at > stoppedAt);
      expect(outside.map((e) => `${e.type}@${e.seq}`)).toEqual([]);
      expect(stoppedAt).toBeGreaterThanOrEqual(at("19:00"));

      // Only domain rules may refuse a command: nothing malformed, nothing broken.
      const { rejected } = run.stats;
      for (const code of ["bad_request", "internal", "unavailable", "forbidden"]) expect(rejected[code] ?? 0, code).toBe(0);

      const fixes = await app.store.latestFixes(run.opId);
      expect(fixes.length).toBeGreaterThanOrEqual(38);
      expect(fixes.every((f) => Math.abs(f.lat - 51.556) < 0.02 && Math.abs(f.lng + 0.28) < 0.03)).toBe(true);
    } finally {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
