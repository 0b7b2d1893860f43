import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandInput, CommandName } from "../../shared/commands";
import type { CordonEvent } from "../../shared/events";
import type { Fix, OperationState } from "../../shared/state";
import { decodeFix } from "../../shared/wire";
import { alertSentinel, expectOk, passSentinel, startServer, type TestClient, type TestServer, WAIT_MS } from "../support/harness";
import { until } from "../support/until";

/**
 * Gold, Silver and Bronze on a real server over real sockets (issue 11 item 1): a Bronze of one
 * sector never receives another sector's units or positions, live, on a fresh hello or on a
 * reconnect's catch-up, and receives their own; Gold's commands other than decisions are refused
 * with nothing appended.
 */
let server: TestServer;
let opId: string;
let control: TestClient;
let bronze: TestClient;
let north: TestClient;

const owUnit = { unitId: "psu-12a", callSign: "PSU 12A", kind: "serial", agency: "MPS", sector: "olympic-way" } as const;
const northUnit = { unitId: "psu-n1", callSign: "PSU N1", kind: "serial", agency: "MPS", sector: "stadium-north" } as const;
const at = { olympicWay: { lat: 51.5605, lng: -0.2795 }, north: { lat: 51.5572, lng: -0.2797 } };

const fix = (unitId: string, lat: number, t: number): Fix => ({
  unitId,
  lat,
  lng: -0.2795,
  at: t,
  heading: null,
  speed: null,
  accuracy: null,
});
const names = (c: TestClient) => JSON.stringify(c.events);
const frameUnits = (c: TestClient) => c.frames.flatMap((f) => f.fixes.map((x) => decodeFix(x).unitId));

beforeAll(async () => {
  server = await startServer();
  opId = await server.openOperation("Command roles");
  control = await server.connect("controller");
  bronze = await server.connect("bronze");
  north = await server.connect("bronze-north");
  for (const c of [control, bronze, north]) expectOk(await c.hello(opId, null));
  expectOk(await control.send(opId, "unit:register", owUnit));
  expectOk(await control.send(opId, "unit:register", northUnit));
  expectOk(await control.send(opId, "unit:status", { unitId: "psu-n1", status: "refreshment" }));
  expectOk(await control.send(opId, "incident:report", { type: "disorder", location: at.north, description: "Fight on the steps" }));
  expectOk(await control.send(opId, "incident:report", { type: "medical", location: at.olympicWay, description: "Man down by Boxpark" }));
  server.app.lane.accept(opId, [fix("psu-12a", 51.5606, Date.now()), fix("psu-n1", 51.5573, Date.now())]);
  await passSentinel([control, bronze, north], alertSentinel(control, opId));
}, 60_000);

afterAll(() => server?.close());

describe("CR8: a Bronze receives their sector's units, never another's", () => {
  it("CR8: live: the units of their sector and every incident; not another sector's unit records", async () => {
    const registered = (c: TestClient) => c.events.filter((e) => e.type === "UnitRegistered").map((e) => e.scope.units[0]);
    expect(registered(bronze)).toEqual(["psu-12a"]);
    expect(registered(north)).toEqual(["psu-n1"]);
    expect(names(bronze)).not.toContain("PSU N1");
    expect(names(bronze)).not.toContain("psu-n1");
    expect(north.events.some((e) => e.type === "UnitStatusChanged")).toBe(true);
    // Incidents of the whole ground, in control's version, reach every Bronze.
    for (const c of [bronze, north]) expect(c.events.filter((e) => e.type === "IncidentReported").length).toBe(2);
  });

  it("CR8: positions: a frame for their own sector's unit, never another sector's (live)", async () => {
    await bronze.waitForFrame((f) => f.fixes.some((x) => decodeFix(x).unitId === "psu-12a"), WAIT_MS, "psu-12a's fix");
    await north.waitForFrame((f) => f.fixes.some((x) => decodeFix(x).unitId === "psu-n1"), WAIT_MS, "psu-n1's fix");
    server.app.lane.accept(opId, [fix("psu-12a", 51.5607, Date.now() + 1), fix("psu-n1", 51.5574, Date.now() + 1)]);
    await until(() => frameUnits(bronze).filter((u) => u === "psu-12a").length >= 2, "a second psu-12a frame");
    expect(frameUnits(bronze)).not.toContain("psu-n1");
    expect(frameUnits(north)).not.toContain("psu-12a");
  });

  it("CR8: a fresh hello (reset) and a reconnect's catch-up hold their sector's units and positions only", async () => {
    const fresh = expectOk(await bronze.hello(opId, null));
    if (fresh.mode !== "reset") throw new Error(`expected a reset, got ${fresh.mode}`);
    const state = fresh.state as OperationState;
    expect(Object.keys(state.units)).toEqual(["psu-12a"]);
    expect(Object.keys(state.incidents).sort()).toEqual(["inc-1", "inc-2"]);
    expect(fresh.positions.map((p) => decodeFix(p).unitId)).toEqual(["psu-12a"]);
    expect(JSON.stringify(fresh)).not.toContain("psu-n1");

    const again = await server.connect("bronze");
    const caughtUp = expectOk(await again.hello(opId, 1));
    if (caughtUp.mode !== "events") throw new Error(`expected events, got ${caughtUp.mode}`);
    const types = caughtUp.events.map((e: CordonEvent) => e.type);
    expect(types).toContain("UnitRegistered");
    expect(JSON.stringify(caughtUp)).not.toContain("psu-n1");
    expect(caughtUp.positions.map((p) => decodeFix(p).unitId)).toEqual(["psu-12a"]);
    again.close();
  });
});

describe("CR9: Bronze acknowledges on a real server", () => {
  it("CR9: the Bronze of the sector acknowledges; another Bronze is refused forbidden; every Bronze and control see it", async () => {
    const refused = await north.send(opId, "incident:bronze-ack", { incidentId: "inc-2" });
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const head = server.app.ops.get(opId)!.state.seq;
    const { seq } = expectOk(await bronze.send(opId, "incident:bronze-ack", { incidentId: "inc-2" }));
    expect(seq).toBe(head + 1);
    for (const c of [control, bronze, north]) await c.waitFor((e) => e.seq === seq && e.type === "BronzeAcknowledged");
    expect(server.app.ops.get(opId)!.state.incidents["inc-2"]?.bronzeAck?.name).toBe("Insp. Sam Okafor (Bronze Olympic Way)");
  });
});

/** A command Gold might try, per name, each valid on its own. */
const GOLD_TRIES: Partial<{ [N in CommandName]: CommandInput<N> }> = {
  "op:phase": { phase: "kick-off" },
  "unit:register": { ...owUnit, unitId: "psu-g" },
  "unit:status": { unitId: "psu-12a", status: "en-route" },
  "incident:report": { type: "disorder", location: at.olympicWay, description: "Gold saw it" },
  "incident:grade": { incidentId: "inc-1", grade: "I" },
  "incident:assign": { incidentId: "inc-1", unitId: "psu-12a" },
  "incident:note": { incidentId: "inc-1", text: "Gold's note" },
  "incident:resolve": { incidentId: "inc-1", outcome: "Gold resolved" },
  "incident:close": { incidentId: "inc-1", result: "no-further-action" },
  "incident:bronze-ack": { incidentId: "inc-1" },
  "alert:send": { audience: "all", text: "Gold's alert" },
};

describe("CR10: Gold is read-mostly", () => {
  it("CR10: every command but decision:log is refused forbidden, and nothing is appended", async () => {
    const gold = await server.connect("gold");
    expectOk(await gold.hello(opId, null));
    const before = server.app.ops.get(opId)!.state.seq;
    for (const [name, body] of Object.entries(GOLD_TRIES)) {
      const ack = await gold.send(opId, name as CommandName, body as never);
      expect(ack, name).toMatchObject({ ok: false, error: { code: "forbidden", message: `A gold may not send ${name}.` } });
    }
    expect(server.app.ops.get(opId)!.state.seq).toBe(before);
    // Gold sees the whole board: every unit, and the head of the log.
    const hello = expectOk(await gold.hello(opId, null));
    if (hello.mode !== "reset") throw new Error(`expected a reset, got ${hello.mode}`);
    expect(Object.keys((hello.state as OperationState).units).sort()).toEqual(["psu-12a", "psu-n1"]);
    expect(hello.head).toBe(before);
    gold.close();
  });
});
