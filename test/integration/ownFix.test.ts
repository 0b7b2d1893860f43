import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_START, ScenarioClock } from "../../server/demo/clock";
import { type DemoRun, runDemo } from "../../server/demo/simulator";
import type { PositionsFrame } from "../../shared/wire";
import { expectOk, startServer, type TestServer, WAIT_MS } from "../support/harness";

/** A point on Olympic Way no simulated unit stands on exactly. */
const OWN = { lat: 51.559321, lng: -0.279877 };

const tuplesOf = (frames: readonly PositionsFrame[], unitId: string) => frames.flatMap((f) => f.fixes.filter((t) => t[0] === unitId));

describe("the demo and an officer's own GPS", () => {
  let server: TestServer;
  let demo: DemoRun;

  beforeAll(async () => {
    // Scenario time at 60× so the simulator reports every unit several times a second.
    const clock = new ScenarioClock(DEFAULT_START, 60);
    server = await startServer({}, { now: () => clock.now() });
    demo = await runDemo(server.app, { units: 40, tickMs: 50 });
  });

  afterAll(async () => {
    await demo?.stop();
    await server?.close();
  });

  it("Q5: once the officer's phone reports psu-12a, the simulator stops moving it while other units keep moving", async () => {
    const control = await server.connect("controller");
    expectOk(await control.hello(demo.opId, null));
    // Before: the simulator moves 12A like every other unit (so the test can fail).
    await control.waitForFrame((f) => f.fixes.some((t) => t[0] === "psu-12a"), WAIT_MS, "a simulated fix of psu-12a");

    const officer = await server.connect("officer");
    expectOk(await officer.hello(demo.opId, null));
    const at = server.app.now();
    expectOk(await officer.socket.emitWithAck("position:report", { opId: demo.opId, fixes: [{ unitId: "psu-12a", ...OWN, at }] }));
    const own = await control.waitForFrame(
      (f) => f.fixes.some((t) => t[0] === "psu-12a" && t[1] === OWN.lat && t[2] === OWN.lng),
      WAIT_MS,
      "the officer's own fix of psu-12a at control",
    );
    const from = control.frames.indexOf(own);
    // Three more rounds of the simulator reach control: other units move, 12A stays where its phone put it.
    const others = new Set<string>();
    await control.waitForFrame(
      (f) => {
        if (control.frames.indexOf(f) <= from) return false;
        for (const t of f.fixes) if (t[0] !== "psu-12a") others.add(`${t[0]}@${t[3]}`);
        return others.size >= 3 * 30;
      },
      WAIT_MS,
      "three rounds of simulated fixes after the officer's",
    );
    const after = tuplesOf(control.frames.slice(from), "psu-12a");
    expect(after.length).toBeGreaterThan(0);
    for (const t of after) expect([t[1], t[2]]).toEqual([OWN.lat, OWN.lng]);
    expect(server.app.lane.hasOwnFix(demo.opId, "psu-12a")).toBe(true);
    expect(server.app.lane.hasOwnFix(demo.opId, "psu-12b")).toBe(false);
  }, 60_000);
});
