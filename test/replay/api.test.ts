import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccessRecord } from "../../server/audit/accessLog";
import { londonIso } from "../../server/export/londonTime";
import type { ReplayMeta, ReplayState, ReplayWindow } from "../../shared/replay";
import { expectOk, startServer, type TestClient, type TestServer } from "../support/harness";

/** 18:00 in London on match day. */
const T0 = Date.UTC(2023, 9, 17, 17, 0);
const MIN = 60_000;

describe("replay and export over real HTTP (issue 3)", () => {
  let server: TestServer;
  let clock = T0;
  let opId: string;
  let analyst: string;
  let lateReport: { id: string; reporterTime: number; receivedAt: number };

  beforeAll(async () => {
    server = await startServer({}, { now: () => clock });
    opId = await server.openOperation("England v Italy (replay API)");
    const control = await server.connect("controller");
    const officer = await server.connect("officer");
    const steward = await server.connect("steward");
    const at = async <T>(t: number, action: () => Promise<T>) => {
      clock = t;
      return action();
    };
    await at(T0 + 1000, async () =>
      expectOk(
        await control.send(opId, "unit:register", {
          unitId: "psu-12a",
          callSign: "12A",
          kind: "serial",
          agency: "MPS",
          sector: "olympic-way",
        }),
      ),
    );
    // 12A walks north up Olympic Way: a fix a minute for three minutes.
    for (const [i, lat] of [51.5585, 51.5605, 51.5621].entries()) {
      expectOk(
        await officer.socket.emitWithAck("position:report", { opId, fixes: [{ unitId: "psu-12a", lat, lng: -0.2795, at: T0 + i * MIN }] }),
      );
    }
    const incident = await at(T0 + 2 * MIN, () =>
      control.send(opId, "incident:report", { type: "disorder", location: { lat: 51.561, lng: -0.2795 }, description: "Fight at Boxpark" }),
    );
    expectOk(incident);
    // A steward's report made at 18:03 in a dead zone, received by control at 18:10.
    await at(T0 + 10 * MIN, async () =>
      expectOk(await steward.send(opId, "report:submit", { type: "pyrotechnics", postId: "post-ow-boxpark", reporterTime: T0 + 3 * MIN })),
    );
    await at(T0 + 11 * MIN, () => assign(control, opId));
    await at(T0 + 12 * MIN, async () =>
      expectOk(
        await (await server.connect("commander")).send(opId, "decision:log", {
          decision: "Hold the queue at Wembley Park",
          rationale: "Platform crowding",
        }),
      ),
    );
    const report = Object.values(server.app.ops.get(opId)!.state.reports)[0]!;
    lateReport = { id: report.id, reporterTime: report.reporterTime, receivedAt: report.receivedAt };
    analyst = await server.signIn("analyst");
  });
  afterAll(async () => server?.close());

  const get = (route: string, cookie = analyst) => fetch(`${server.url}/api/operations/${opId}${route}`, { headers: { cookie } });
  // Whatever writes to the access log is a POST (issue 8): opening a replay, exports, reading the log.
  const post = (route: string, cookie = analyst, body: unknown = {}) =>
    fetch(`${server.url}/api/operations/${opId}${route}`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const json = async <T>(route: string, cookie = analyst) => {
    const res = await (route === "/replay/open" || route === "/access-log" ? post(route, cookie) : get(route, cookie));
    expect(res.status, route).toBe(200);
    return (await res.json()) as T;
  };
  const where = (s: ReplayState, unit: string) => s.positions.find((p) => p[0] === unit)?.slice(1, 3);
  const reason = { reason: "Debrief of ingress", recipient: "Event review panel" };

  it("R3: the scrubber's meta, a unit's marker moving between two times, and playback windows", async () => {
    const meta = await json<ReplayMeta>("/replay/open");
    expect(meta).toMatchObject({ opId, name: "England v Italy (replay API)", headSeq: server.app.ops.get(opId)!.state.seq, startAt: T0 });
    expect(meta.eventTimes).toHaveLength(meta.headSeq);
    expect(meta.incidents.map((i) => i.type)).toEqual(["disorder"]);

    const early = await json<ReplayState>(`/replay/state?at=${T0 + 30_000}&basis=record`);
    const late = await json<ReplayState>(`/replay/state?at=${T0 + 2 * MIN + 30_000}&basis=record`);
    expect(where(early, "psu-12a")).toEqual([51.5585, -0.2795]);
    expect(where(late, "psu-12a")).toEqual([51.5621, -0.2795]);
    expect(Object.keys(early.state.incidents)).toHaveLength(0);
    expect(Object.keys(late.state.incidents)).toHaveLength(1);
    expect(late.seq).toBe(early.seq + 1);

    const w = await json<ReplayWindow>(`/replay/window?from=${T0 + 30_000}&to=${T0 + 2 * MIN}`);
    expect(w.fixes.map((f) => f[3])).toEqual([T0 + MIN, T0 + 2 * MIN]);
    expect(w.events.map((e) => e.type)).toEqual(["IncidentReported"]);
    const stepped = await json<ReplayWindow>(`/replay/window?from=${T0 - 1}&to=${T0 + 3 * MIN}&step=${3 * MIN}`);
    expect(stepped.fixes.map((f) => f[3])).toEqual([T0 + 2 * MIN]);

    for (const bad of [`from=0&to=${16 * MIN}`, `from=${T0}&to=${T0 - 1}`, "from=x", ""]) {
      const res = await get(`/replay/window?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/window|from=/);
    }
    expect((await get("/replay/state?at=soon")).status).toBe(400);
    expect((await fetch(`${server.url}/api/operations/op-nope/replay/open`, { method: "POST", headers: { cookie: analyst } })).status).toBe(
      404,
    );
  });

  it("R4: by the reporter's own time a steward's late report is on the board before control received it", async () => {
    const t = T0 + 5 * MIN;
    const byRecord = await json<ReplayState>(`/replay/state?at=${t}&basis=record`);
    const byReporter = await json<ReplayState>(`/replay/state?at=${t}&basis=reporter`);
    expect(lateReport.receivedAt - lateReport.reporterTime).toBe(7 * MIN);
    expect(byRecord.state.reports[lateReport.id]).toBeUndefined();
    expect(byReporter.state.reports[lateReport.id]).toMatchObject({ reporterTime: T0 + 3 * MIN, receivedAt: T0 + 10 * MIN });
    // Only the report moves: what control did later is still later.
    expect(byReporter.seq).toBeGreaterThan(byRecord.seq);
    expect(byReporter.state.units["psu-12a"]?.status).toBe("available");
  });

  it("R5: stewards and officers may not replay or export; exports need a reason and a recipient; every open and export is in the access log", async () => {
    for (const who of ["steward", "officer"]) {
      const cookie = await server.signIn(who);
      for (const route of [`/replay/state?at=${T0}`, `/replay/window?from=${T0}&to=${T0 + MIN}`]) {
        expect((await get(route, cookie)).status, `${who} ${route}`).toBe(403);
      }
      for (const route of ["/replay/open", "/replay/print", "/export/incidents.csv", "/access-log"]) {
        expect((await post(route, cookie, reason)).status, `${who} ${route}`).toBe(403);
      }
    }
    for (const missing of [{}, { reason: "Debrief" }, { recipient: "CPS" }, { reason: "x", recipient: "CPS" }]) {
      const res = await post("/export/events.ndjson", analyst, missing);
      expect(res.status, JSON.stringify(missing)).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/needs a reason .* and a recipient/);
    }
    expect((await post("/export/everything.zip", analyst, reason)).status).toBe(404);

    const commander = await server.signIn("commander");
    expect((await post("/replay/open", commander)).status).toBe(200);
    for (const kind of ["incidents.csv", "incidents.json", "events.ndjson", "report.html"]) {
      const res = await post(`/export/${kind}`, analyst, reason);
      expect(res.status, kind).toBe(200);
      await res.arrayBuffer();
    }
    const log = await json<{ entries: AccessRecord[] }>("/access-log", commander);
    const actions = log.entries.map((e) => `${e.action} ${e.role}`);
    expect(actions[0]).toBe("access-log.read commander"); // newest first, and reading it is logged too
    expect(actions).toEqual(
      expect.arrayContaining([
        "replay.open analyst",
        "replay.open commander",
        "export.incidents.csv analyst",
        "export.incidents.json analyst",
        "export.events.ndjson analyst",
        "export.report.html analyst",
      ]),
    );
    expect(log.entries.find((e) => e.action === "export.events.ndjson")).toMatchObject({
      userName: "Mark Ellis (Debrief)",
      opId,
      reason: "Debrief of ingress",
      recipient: "Event review panel",
      detail: expect.stringMatching(new RegExp(`^cordon-events-${opId}-\\d{4}-\\d\\d-\\d\\d-\\d{6}\\.ndjson; events 1–\\d+$`)),
    });
    // Refused exports are not disclosures; no entry claims one.
    expect(log.entries.filter((e) => e.action.startsWith("export.")).every((e) => e.reason === "Debrief of ingress")).toBe(true);
    expect((await post("/access-log", await server.signIn("controller"))).status).toBe(403);

    // Nobody can rewrite it, not even with the database in hand.
    const db = server.app.storage.sqlite!;
    expect(() => db.prepare("UPDATE access_log SET reason = 'nothing to see'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM access_log").run()).toThrow(/append-only/);
  });

  it("R10: exports are marked, named, never cached, streamed, and hold every incident step with who and when", async () => {
    const date = londonIso(Date.now()).slice(0, 10);
    const res = {
      csv: await post("/export/incidents.csv", analyst, reason),
      json: await post("/export/incidents.json", analyst, reason),
      ndjson: await post("/export/events.ndjson", analyst, reason),
      html: await post("/export/report.html", analyst, reason),
    };
    for (const [kind, r] of Object.entries(res)) {
      expect(r.headers.get("x-marking"), kind).toBe("OFFICIAL-SENSITIVE");
      expect(r.headers.get("cache-control"), kind).toBe("no-store");
      expect(r.headers.get("content-length"), kind).toBeNull(); // written as produced, not sized up front
      // London date and time to the second: exports of one day never share a name.
      expect(r.headers.get("content-disposition"), kind).toMatch(new RegExp(`-${opId}-${date}-\\d{6}\\.`));
    }
    expect(res.html.headers.get("content-disposition")).toMatch(/^inline; filename="cordon-report-/);
    // The export's own cut: the events it holds, 1..head. The live log may have moved on meanwhile
    // (a server-raised alarm can append while the test runs slowly), so it is at most the live seq.
    const lines = (await res.ndjson.text()).trim().split("\n").slice(1);
    const total = Number(res.ndjson.headers.get("x-cordon-total-events"));
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(server.app.ops.get(opId)!.state.seq);

    const [provenance, table] = (await res.csv.text()).trim().split("\r\n\r\n") as [string, string];
    // A provenance block first: marking, operation, range, head hash, who, why, for whom, the key.
    expect(provenance.split("\r\n").map((line) => line.split('","')[0]!.slice(1))).toEqual([
      "marking",
      "operation",
      "range",
      "head hash",
      "exported at",
      "exported by",
      "reason",
      "recipient",
      "signing key (SHA-256)",
      "times",
    ]);
    expect(provenance).toContain(`"reason","Debrief of ingress"`);
    const csv = table.split("\r\n");
    expect(csv[0]).toMatch(
      /^marking,ref,incident_id,type,grade,status,source,close_result,sector,location,first_report_received,reporter_time,incident_created,.*,minutes_triage,.*,step_received,step,by,role,detail$/,
    );
    const steps = csv.slice(1).map((line) => line.split('","'));
    expect(steps.map((cells) => cells.at(-4))).toEqual(["Incident created by control", "Unit assigned"]);
    // London time with its offset, never bare UTC.
    // Where the incident came from (a radio call by default) and, once closed, its result code.
    expect(steps[0]?.[6]).toBe("Radio");
    expect(steps[0]?.[10]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(steps.every((cells) => cells[0] === '"OFFICIAL-SENSITIVE')).toBe(true);
    expect(steps[1]?.at(-2)).toBe("controller");

    const body = (await res.json.json()) as {
      export: Record<string, unknown>;
      incidents: { timeline: unknown[]; responseMinutes: unknown }[];
    };
    expect(body.export).toMatchObject({
      marking: "OFFICIAL-SENSITIVE",
      opId,
      reason: "Debrief of ingress",
      recipient: "Event review panel",
    });
    expect(body.incidents[0]).toMatchObject({ status: "resourced", responseMinutes: { assigned: 9, onScene: null } });
    expect(body.incidents[0]?.timeline).toHaveLength(2);

    const html = await res.html.text();
    expect(html.match(/OFFICIAL-SENSITIVE/g)?.length).toBeGreaterThanOrEqual(4);
    for (const section of [
      "Summary",
      "Response times by grade",
      "Incidents per 5 minutes",
      "Units committed",
      "Incident timeline",
      "Decision log",
    ]) {
      expect(html).toContain(section);
    }
    expect(html).toContain("Hold the queue at Wembley Park");
    expect(html).not.toMatch(/<svg/);
    expect(html).toMatch(/@page/);
  });
});

async function assign(control: TestClient, opId: string) {
  expectOk(await control.send(opId, "incident:assign", { incidentId: "inc-1", unitId: "psu-12a" }));
}
