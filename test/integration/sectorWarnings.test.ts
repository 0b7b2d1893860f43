import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../shared/events";
import { localFrame } from "../../shared/geo";
import { alertSentinel, expectNothingElse, expectOk, marks, startServer, type TestClient, type TestServer } from "../support/harness";

/**
 * Sectors that warn over a real server (issue 11 item 2): the officer's phone reports its unit's
 * fixes over its socket, the app's sector watcher looks (the test calls its `tick`, so each fix is
 * looked at once, in order), and what it appends reaches control, never a steward.
 */

/** Olympic Way's west edge runs north–south along this longitude (wembley.geojson). */
const EDGE_LNG = -0.280997;
const LAT = 51.56;
const metresPerDegLng = localFrame({ lat: LAT, lng: EDGE_LNG }).toXY({ lat: LAT, lng: EDGE_LNG + 1 }).x;
/** `m` metres west of the edge: outside Olympic Way; negative, inside it. */
const west = (m: number) => ({ lat: LAT, lng: EDGE_LNG - m / metresPerDegLng });

let server: TestServer;
let opId: string;
let control: TestClient;
let officer: TestClient;
let steward: TestClient;
let fixAt = Date.now();

beforeAll(async () => {
  server = await startServer({ SECTOR_WATCH_MS: 0 });
  opId = await server.openOperation("Sectors that warn");
  control = await server.connect("controller");
  officer = await server.connect("officer"); // unit psu-12a, Olympic Way
  steward = await server.connect("steward"); // Olympic Way
  for (const c of [control, officer, steward]) expectOk(await c.hello(opId, null));
  const serial = { kind: "serial", agency: "MPS", sector: "olympic-way" } as const;
  expectOk(await control.send(opId, "unit:register", { unitId: "psu-12a", callSign: "12A", ...serial }));
  expectOk(await control.send(opId, "unit:register", { unitId: "psu-12b", callSign: "12B", ...serial }));
}, 30_000);

afterAll(async () => {
  await server?.close();
});

/** The officer's phone sends one fix; once acked it is the lane's latest, and the watcher looks at it. */
async function walk(metresOut: readonly number[]) {
  for (const m of metresOut) {
    fixAt += 1000;
    expectOk(await officer.socket.emitWithAck("position:report", { opId, fixes: [{ unitId: "psu-12a", ...west(m), at: fixAt }] }));
    for (const ack of await server.app.sectorWatch.tick()) expectOk(ack);
  }
}

const logged = async (type: string) => (await server.app.store.readAfter(opId, 0)).filter((e) => e.type === type);

describe("SW7: crossings over real sockets", () => {
  it("SW7: jitter of ±12 m on the boundary appends nothing; a real crossing appends one UnitLeftSector, which control receives and a steward never", async () => {
    const before = marks([steward]);
    await walk([-30, 3, -8, 12, -2, 9, -12, 7, 11, -4]);
    expect(await logged("UnitLeftSector")).toEqual([]);

    await walk([30, 45, 60, 60, 45]);
    const left = await control.waitFor((e) => e.type === "UnitLeftSector", undefined, "the server's UnitLeftSector");
    expect(left.actor).toEqual(SYSTEM_ACTOR);
    expect(left.payload).toMatchObject({ unitId: "psu-12a", callSign: "12A", sector: "olympic-way", outsideM: 45 });
    expect(left.scope).toEqual({ sector: "olympic-way", stewards: [], units: ["psu-12a"] });
    expect(await logged("UnitLeftSector")).toHaveLength(1);
    expect(server.app.ops.get(opId)!.state.warnings["unit-left-sector:psu-12a"]?.clearedAt).toBeNull();
    await expectNothingElse([steward], alertSentinel(control, opId), before);
  });

  it("SW7: back inside by the margin: one UnitReturnedToSector; leaving again is a second crossing with its own key, appended once", async () => {
    await walk([5, -5, -15, -20, -25]);
    const back = await control.waitFor((e) => e.type === "UnitReturnedToSector", undefined, "the server's UnitReturnedToSector");
    expect(back.payload).toMatchObject({ unitId: "psu-12a", sector: "olympic-way" });
    expect(await logged("UnitReturnedToSector")).toHaveLength(1);

    await walk([40, 40, 40, 40]);
    // Each tick resolves with its acks: the log already holds what it sent.
    expect(await logged("UnitLeftSector")).toHaveLength(2);
    await walk([-30, -30, -30]);
    expect(await logged("UnitLeftSector")).toHaveLength(2);
    expect(await logged("UnitReturnedToSector")).toHaveLength(2);
    const warnings = server.app.ops.get(opId)!.state.warnings;
    expect(Object.values(warnings).filter((w) => w.kind === "unit-left-sector" && w.clearedAt !== null)).toHaveLength(2);
  });

  it("SW7: the sector's serials both unavailable: one SectorCoverLost to control, none to the steward; one available again: one SectorCoverRestored", async () => {
    const before = marks([steward]);
    expectOk(await officer.send(opId, "unit:status", { unitId: "psu-12a", status: "refreshment" }));
    expectOk(await control.send(opId, "unit:status", { unitId: "psu-12b", status: "off-duty" }));
    await server.app.sectorWatch.tick();
    await server.app.sectorWatch.tick();
    const lost = await control.waitFor((e) => e.type === "SectorCoverLost", undefined, "the server's SectorCoverLost");
    expect(lost.payload).toEqual({ sector: "olympic-way", missing: ["serial"] });
    expect(await logged("SectorCoverLost")).toHaveLength(1);
    expectOk(await control.send(opId, "unit:status", { unitId: "psu-12b", status: "available" }));
    await server.app.sectorWatch.tick();
    await control.waitFor((e) => e.type === "SectorCoverRestored", undefined, "the server's SectorCoverRestored");
    await server.app.sectorWatch.tick();
    expect(await logged("SectorCoverRestored")).toHaveLength(1);
    await expectNothingElse([steward], alertSentinel(control, opId), before);
  });

  it("SW10: replay at a moment shows the warnings as they stood then (the same fold), and the exported event log holds every warning event", async () => {
    const analyst = await server.signIn("analyst");
    const api = (route: string, init: RequestInit = {}) =>
      fetch(`${server.url}/api/operations/${opId}${route}`, { ...init, headers: { cookie: analyst, "content-type": "application/json" } });
    expect((await api("/replay/open", { method: "POST", body: "{}" })).status).toBe(200);
    const [first] = await logged("UnitLeftSector");
    type Replayed = { state: { warnings: Record<string, { clearedAt: number | null }> } };
    const then = (await (await api(`/replay/state?at=${first!.at}&basis=record`)).json()) as Replayed;
    expect(then.state.warnings["unit-left-sector:psu-12a"]).toMatchObject({ clearedAt: null });

    const body = JSON.stringify({ reason: "Debrief of sector cover", recipient: "Event review panel" });
    const res = await api("/export/events.ndjson", { method: "POST", body });
    expect(res.status).toBe(200);
    const types = (await res.text())
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => (JSON.parse(l) as { type: string }).type);
    for (const type of ["UnitLeftSector", "UnitReturnedToSector", "SectorCoverLost", "SectorCoverRestored"]) {
      expect(types.filter((t) => t === type).length, type).toBe((await logged(type)).length);
    }
    expect(types.filter((t) => t === "UnitLeftSector")).toHaveLength(2);
  });
});
