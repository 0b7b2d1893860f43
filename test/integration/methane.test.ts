import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PartnerMethaneReply } from "../../server/partners/methaneRoutes";
import type { CommandInput } from "../../shared/commands";
import type { EventOf } from "../../shared/events";
import { alertSentinel, expectOk, passSentinel, startServer, type TestClient, type TestServer } from "../support/harness";

/** METHANE over real sockets and REST (issue 11 item 6): who receives it, partners' view, exports. */

const at = { lat: 51.5605, lng: -0.2795 }; // Olympic Way

const report = (incidentId: string, p: Partial<CommandInput<"incident:methane">> = {}): CommandInput<"incident:methane"> => ({
  incidentId,
  major: true,
  location: { at, text: "Olympic Way at the Boxpark steps" },
  type: "Crowd crush on the steps",
  hazards: "Crowd pressure from the north",
  access: { routes: "South Way, then Olympic Way from the south", rvpIds: ["rvp-south"] },
  casualties: { counts: { fatal: 0, p1: 2, p2: 5, p3: 11 }, text: "Casualty clearing at the Boxpark" },
  services: {
    police: { present: true, required: true },
    ambulance: { present: true, required: true },
    fire: { present: false, required: true },
    other: { present: false, required: false },
    text: "HART requested",
  },
  ...p,
});

describe("METHANE over real sockets", () => {
  let server: TestServer;
  let opId: string;
  let control: TestClient;
  let silver: TestClient;
  let bronze: TestClient;
  let gold: TestClient;
  let steward: TestClient;
  let officer: TestClient;
  let bronzeNorth: TestClient;

  const head = () => server.app.ops.get(opId)?.state.seq ?? -1;

  beforeAll(async () => {
    server = await startServer();
    opId = await server.openOperation("METHANE test");
    control = await server.connect("controller");
    silver = await server.connect("commander");
    bronze = await server.connect("bronze");
    gold = await server.connect("gold");
    steward = await server.connect("steward");
    officer = await server.connect("officer");
    bronzeNorth = await server.connect("bronze-north");
    for (const c of [control, silver, bronze, gold, steward, officer]) expectOk(await c.hello(opId, null));
    // A fight on Olympic Way: the steward's and the officer's sector.
    expectOk(
      await control.send(opId, "incident:report", {
        type: "crowd-surge",
        location: at,
        locationText: "Boxpark steps",
        description: "Surge at the steps",
      }),
    );
    expectOk(await control.send(opId, "incident:report", { type: "medical", location: at, description: "Collapse" }));
    expectOk(await control.send(opId, "incident:close", { incidentId: "inc-2", result: "treated" }));
  });
  afterAll(async () => server?.close());

  it("MT6: Silver's report reaches control and the other command roles whole, and the officer of its sector; the steward of its sector never", async () => {
    const sent = expectOk(await silver.send(opId, "incident:methane", report("inc-1")));
    const isIt = (e: { type: string; seq: number }) => e.type === "MethaneReported" && e.seq === sent.seq;
    for (const c of [control, silver, gold, bronze, officer]) {
      const e = (await c.waitFor(isIt, undefined, `${c.username}'s MethaneReported`)) as EventOf<"MethaneReported">;
      expect(e.payload, c.username).toMatchObject({
        incidentId: "inc-1",
        revision: 1,
        changed: [],
        report: { major: true, type: "Crowd crush on the steps" },
      });
    }
    // The sentinel comes after it to every steward: what the steward has not had by then, it never gets.
    await passSentinel([steward], alertSentinel(control, opId));
    expect(steward.events.filter((e) => e.type === "MethaneReported")).toEqual([]);
    expect(JSON.stringify(steward.events)).not.toContain("Crowd crush");
  });

  it("MT6: an update (here from Bronze, in its own sector) is revision 2 with every field; the fold keeps both", async () => {
    const sent = expectOk(
      await bronze.send(
        opId,
        "incident:methane",
        report("inc-1", { casualties: { counts: { fatal: 1, p1: 3, p2: 5, p3: 11 }, text: "" } }),
      ),
    );
    const e = (await control.waitFor((x) => x.seq === sent.seq)) as EventOf<"MethaneReported">;
    expect(e.payload.revision).toBe(2);
    expect(e.payload.changed).toEqual(["casualties"]);
    expect(e.payload.report.services.text).toBe("HART requested");
    expect(server.app.ops.get(opId)?.state.incidents["inc-1"]?.methane?.map((r) => [r.revision, r.actor.role])).toEqual([
      [1, "commander"],
      [2, "bronze"],
    ]);
  });

  it("MT3: refused over the socket, nothing appended: gold, steward, officer, another sector's Bronze; unknown and `constructor` incidents; a closed incident; oversize; the same again", async () => {
    const before = head();
    const refusals: [TestClient, CommandInput<"incident:methane">, string][] = [
      [gold, report("inc-1"), "forbidden"],
      [steward, report("inc-1"), "forbidden"],
      [officer, report("inc-1"), "forbidden"],
      // A Bronze of another sector (CR2: a Bronze's commands stay in their sector).
      [bronzeNorth, report("inc-1"), "forbidden"],
      [control, report("inc-9"), "not_found"],
      [control, report("constructor"), "not_found"],
      [control, report("inc-2"), "conflict"],
      [control, report("inc-1", { hazards: "x".repeat(1001) }), "bad_request"],
      [control, report("inc-1", { casualties: { counts: { fatal: 1, p1: 3, p2: 5, p3: 11 }, text: "" } }), "conflict"],
    ];
    for (const [who, body, code] of refusals) {
      const ack = await who.send(opId, "incident:methane", body);
      expect(ack.ok ? "ok" : ack.error.code, `${who.username} ${body.incidentId}`).toBe(code);
    }
    expect(head()).toBe(before);
  });

  it("MT7: a partner's REST view shows the latest revision of each report and nothing else of the log; each read is access-logged", async () => {
    const cookie = await server.signIn("partner");
    const res = await fetch(`${server.url}/api/operations/${opId}/methane`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as PartnerMethaneReply;
    expect(body.operation).toEqual({ id: opId, name: "METHANE test" });
    expect(body.marking).toBe("OFFICIAL-SENSITIVE");
    expect(body.reports).toHaveLength(1);
    const [latest] = body.reports;
    expect(Object.keys(latest ?? {}).sort()).toEqual(["at", "ref", "report", "reportedBy", "revision"]);
    expect(latest).toMatchObject({ ref: expect.stringMatching(/^CAD 4001\//), revision: 2, reportedBy: "Bronze" });
    // No names, no incident description, no earlier revision, nothing of the other incident.
    const text = JSON.stringify(body);
    for (const secret of ["Okafor", "Marsh", "Surge at the steps", "Collapse", "inc-1", "Casualty clearing"])
      expect(text).not.toContain(secret);
    const logged = server.app.storage
      .sqlite!.prepare("SELECT action, op_id AS opId, detail FROM access_log WHERE action = 'methane.partner-view'")
      .all();
    expect(logged).toEqual([{ action: "methane.partner-view", opId, detail: expect.stringContaining("rev 2") }]);
  });

  it("MT7: a partner's system reads the same view with its API token; a revoked token is refused", async () => {
    const partnerId = (await server.app.accounts.byUsername("partner"))?.id ?? "";
    const { token, row } = await server.app.partnerTokens.create(partnerId, "LAS control room feed");
    const read = () => fetch(`${server.url}/api/operations/${opId}/methane`, { headers: { authorization: `Bearer ${token}` } });
    const res = await read();
    expect(res.status).toBe(200);
    expect(((await res.json()) as PartnerMethaneReply).reports.map((r) => r.revision)).toEqual([2]);
    await server.app.partnerTokens.revoke(partnerId, row.id);
    expect((await read()).status).toBe(401);
  });

  it("MT7: the partner view is a partner's only: other roles 403, no session 401, an unknown operation 404", async () => {
    for (const who of ["controller", "steward", "gold", "officer"]) {
      const cookie = await server.signIn(who);
      expect((await fetch(`${server.url}/api/operations/${opId}/methane`, { headers: { cookie } })).status, who).toBe(403);
    }
    expect((await fetch(`${server.url}/api/operations/${opId}/methane`)).status).toBe(401);
    const cookie = await server.signIn("partner");
    expect((await fetch(`${server.url}/api/operations/op-nope/methane`, { headers: { cookie } })).status).toBe(404);
  });

  it("MT8: the event-log export holds both events; the incident-log CSV writes each revision letter by letter; replay folds them", async () => {
    const cookie = await server.signIn("commander");
    const exp = (kind: string) =>
      fetch(`${server.url}/api/operations/${opId}/export/${kind}`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ reason: "METHANE test", recipient: "Debrief" }),
      }).then((r) => r.text());
    const events = (await exp("events.ndjson")).split("\n").filter((l) => l.includes('"MethaneReported"'));
    expect(events).toHaveLength(2);
    const csv = await exp("incidents.csv");
    expect(csv).toContain("METHANE revision 2: major incident declared (changed: casualties)");
    expect(csv).toContain("N — Casualties: Fatal 1, P1 Immediate 3, P2 Urgent 5, P3 Delayed 11");
    expect(csv).toContain("A — Access: South Way, then Olympic Way from the south. RVP: RVP South (South Way)");
    expect(await exp("report.html")).toContain("Major incident: METHANE reports (1)");
    const replay = await fetch(`${server.url}/api/operations/${opId}/replay/state?seq=${head()}`, { headers: { cookie } });
    const state = (await replay.json()) as { state: { incidents: Record<string, { methane?: unknown[] }> } };
    expect(state.state.incidents["inc-1"]?.methane).toHaveLength(2);
  });
});
