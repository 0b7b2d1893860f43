import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  alertSentinel,
  expectNothingElse,
  expectOk,
  marks,
  newKey,
  startServer,
  type TestClient,
  type TestServer,
  WAIT_MS,
} from "../support/harness";

/** An officer acknowledges an assignment: over the socket or, from the phone's service worker, over HTTP. */
describe("incident:acknowledge on a real server", () => {
  let server: TestServer;
  let opId: string;
  let control: TestClient;
  let steward: TestClient;
  let officerCookie: string;

  beforeAll(async () => {
    server = await startServer();
    opId = await server.openOperation("Acknowledge test");
    control = await server.connect("controller");
    expectOk(await control.hello(opId, null));
    expectOk(
      await control.send(opId, "unit:register", {
        unitId: "psu-12a",
        callSign: "12A",
        kind: "serial",
        agency: "MPS",
        sector: "olympic-way",
      }),
    );
    expectOk(
      await control.send(opId, "incident:report", {
        type: "disorder",
        location: { lat: 51.5605, lng: -0.2795 },
        description: "Fight on Olympic Way",
      }),
    );
    steward = await server.connect("steward");
    expectOk(await steward.hello(opId, null));
    officerCookie = await server.signIn("officer");
  });
  afterAll(() => server?.close());

  const post = (payload: unknown) =>
    fetch(`${server.url}/api/operations/${opId}/commands/incident:acknowledge`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: officerCookie },
      body: JSON.stringify(payload),
    });

  it("Q6: over the service worker's HTTP route: refused before the assignment, appended once per key after it, control told and stewards not; a second acknowledgement is a conflict", async () => {
    const early = await post({ key: newKey("ack"), body: { incidentId: "inc-1" } });
    expect(early.status).toBe(403);
    expectOk(await control.send(opId, "incident:assign", { incidentId: "inc-1", unitId: "psu-12a" }));
    await steward.waitFor((e) => e.type === "UnitAssigned", WAIT_MS, "the steward's version of UnitAssigned");
    const since = marks([steward]);

    const key = newKey("ack");
    const first = (await (await post({ key, body: { incidentId: "inc-1" } })).json()) as { ok: boolean; data: { seq: number } };
    expect(first.ok).toBe(true);
    const again = (await (await post({ key, body: { incidentId: "inc-1" } })).json()) as {
      ok: boolean;
      data: { seq: number; duplicate: boolean };
    };
    expect(again).toMatchObject({ ok: true, data: { seq: first.data.seq, duplicate: true } });
    const seen = await control.waitFor((e) => e.type === "UnitAcknowledged", WAIT_MS, "UnitAcknowledged at control");
    expect(seen).toMatchObject({ seq: first.data.seq, payload: { incidentId: "inc-1", unit: { id: "psu-12a", callSign: "12A" } } });

    const twice = await post({ key: newKey("ack"), body: { incidentId: "inc-1" } });
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as { error: { message: string } }).error.message).toMatch(/^12A has already acknowledged CAD \S+\.$/);
    expect(server.app.ops.get(opId)?.state.incidents["inc-1"]?.acknowledged).toEqual({ "psu-12a": seen.at });
    // The steward of the sector saw the assignment, but never the acknowledgement.
    await expectNothingElse([steward], alertSentinel(control, opId), since);
  });
});
