import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config";
import { missedTargets } from "../../server/system/attendance";
import { SYSTEM_ACTOR } from "../../shared/events";
import { at } from "../support/events";
import {
  alertSentinel,
  expectNothingElse,
  expectOk,
  marks,
  newKey,
  startServer,
  type TestClient,
  type TestServer,
} from "../support/harness";

/**
 * Events the server makes itself, over a real server on port 0 (issue 9 item 5): the app's
 * attendance watcher looks every second at the live state by the app's clock, which the test
 * moves; what it appends reaches control and the officers who see the incident, never stewards.
 */
let server: TestServer;
let clock = Date.now();
let opId: string;
let controller: TestClient;
let officer: TestClient;
let steward: TestClient;

beforeAll(async () => {
  // The watchers look every 100 ms (1 s in the app): the flag follows the clock's jump sooner.
  server = await startServer({ ALARM_WATCH_MS: 100 }, { now: () => clock });
  opId = await server.openOperation("System events");
  controller = await server.connect("controller");
  officer = await server.connect("officer");
  steward = await server.connect("steward");
  for (const c of [controller, officer, steward]) expectOk(await c.hello(opId, null));
}, 30_000);

afterAll(async () => {
  await server?.close();
});

describe("the server's own events over real sockets (Y6, Y7)", () => {
  it("Y6: a grade-I incident with no unit 2 min after its report gets one AttendanceTargetMissed from the server; control and the sector's officer receive it, a steward never", async () => {
    const reportedAt = clock;
    const { seq } = expectOk(
      await controller.send(opId, "incident:report", { type: "disorder", grade: "I", location: at.olympicWay, description: "Fight" }),
    );
    await steward.waitFor((e) => e.seq === seq, undefined, "the incident, in the steward's sector");
    const before = marks([steward]);
    clock = reportedAt + 120_000;
    const flag = await controller.waitFor((e) => e.type === "AttendanceTargetMissed", undefined, "the server's flag");
    expect(flag.actor).toEqual(SYSTEM_ACTOR);
    expect(flag.payload).toEqual({ incidentId: "inc-1", grade: "I", target: "assign", withinMs: 120_000, dueAt: reportedAt + 120_000 });
    await officer.waitFor((e) => e.seq === flag.seq, undefined, "the flag, for the officer of the incident's sector");
    // Once: the live state records it, so no later look finds it again, and the log holds one.
    expect(missedTargets(server.app.ops.get(opId)!.state, loadConfig({}).ATTENDANCE_TARGETS, clock)).toEqual([]);
    const logged = await server.app.store.readAfter(opId, 0);
    expect(logged.filter((e) => e.type === "AttendanceTargetMissed")).toHaveLength(1);
    await expectNothingElse([steward], alertSentinel(controller, opId), before);
  });

  it("Y7: a client may not use a key of the server's own (system:…): refused bad_request, nothing appended", async () => {
    const head = server.app.ops.get(opId)!.state.seq;
    const ack = await controller.send(opId, "alert:send", { audience: "control", text: "x" }, "system:attendance:assign:inc-2");
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect(ack.error.code).toBe("bad_request");
    expect(server.app.ops.get(opId)!.state.seq).toBe(head);
    // And an ordinary key still works.
    expectOk(await controller.send(opId, "alert:send", { audience: "control", text: "x" }, newKey()));
  });
});
