import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccessRecord } from "../../server/audit/accessLog";
import { expectOk, startServer, type TestServer } from "../support/harness";

interface Page {
  entries: AccessRecord[];
  next: number | null;
}

/** The access log (issue 8 item 7, DPA 2018 s.62) over a real server and a real SQLite file. */
describe("the access log is complete, searchable and unalterable", () => {
  let server: TestServer;
  let opId: string;
  let otherOp: string;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer();
    opId = await server.openOperation("Access log test");
    otherOp = await server.openOperation("Another operation");
    for (const who of ["commander", "controller", "analyst", "steward", "admin"]) cookies[who] = await server.signIn(who);
    const control = await server.connect("controller");
    expectOk(
      await control.send(opId, "incident:report", {
        type: "disorder",
        location: { lat: 51.561, lng: -0.2795 },
        description: "Fight at Boxpark",
      }),
    );
  });
  afterAll(async () => server?.close());

  const post = (path: string, who: string, body: unknown = {}) =>
    fetch(`${server.url}/api${path}`, {
      method: "POST",
      headers: { cookie: cookies[who] ?? "", "content-type": "application/json", origin: server.url },
      body: JSON.stringify(body),
    });
  const all = () => server.app.storage.sqlite!.prepare("SELECT * FROM access_log ORDER BY id").all() as Record<string, unknown>[];
  const search = async (body: unknown, who = "admin") => {
    const res = await post("/access-log/search", who, body);
    expect(res.status, JSON.stringify(body)).toBe(200);
    return (await res.json()) as Page;
  };

  it("A24: opening an incident's detail, a replay, a print, an export and an admin action are each recorded with who, when, what, and for exports why and for whom", async () => {
    const start = Date.now();
    const n = all().length;
    expect((await post(`/operations/${opId}/incidents/inc-1/access`, "controller")).status).toBe(204);
    // Not an incident, not allowed, or not there: refused, and nothing is written.
    for (const id of ["inc-99", "constructor", "__proto__"]) {
      expect((await post(`/operations/${opId}/incidents/${id}/access`, "controller")).status, id).toBe(404);
    }
    expect((await post(`/operations/${opId}/incidents/inc-1/access`, "steward")).status).toBe(403);
    expect(all().length).toBe(n + 1);

    expect((await post(`/operations/${opId}/replay/open`, "analyst")).status).toBe(200);
    expect((await post(`/operations/${opId}/replay/print`, "analyst", { what: "debrief", at: Date.UTC(2023, 9, 17, 19, 0) })).status).toBe(
      204,
    );
    const exported = await post(`/operations/${opId}/export/incidents.csv`, "commander", {
      reason: "Post-match review",
      recipient: "Professional Standards",
    });
    expect(exported.status).toBe(200);
    await exported.text();
    const created = await post("/admin/users", "admin", {
      username: "newsteward",
      name: "New Steward",
      role: "steward",
      password: "a long enough password",
    });
    expect(created.status).toBe(201);
    const newUser = ((await created.json()) as { user: { id: string } }).user;

    const rows = all().slice(n);
    const byAction = (a: string) => rows.find((r) => r.action === a);
    const controller = (await server.app.accounts.byUsername("controller"))!;
    expect(byAction("incident.open")).toMatchObject({
      user_id: controller.id,
      user_name: controller.name,
      role: "controller",
      op_id: opId,
      target: "inc-1",
    });
    expect(byAction("replay.open")).toMatchObject({ role: "analyst", op_id: opId });
    expect(byAction("replay.print")).toMatchObject({
      role: "analyst",
      op_id: opId,
      target: "debrief",
      detail: "board at 2023-10-17T19:00:00.000Z",
    });
    expect(byAction("export.incidents.csv")).toMatchObject({
      role: "commander",
      op_id: opId,
      reason: "Post-match review",
      recipient: "Professional Standards",
      target: expect.stringMatching(/^cordon-incidents-.*\.csv$/),
    });
    expect(byAction("admin.user.create")).toMatchObject({ role: "admin", target: newUser.id, op_id: "" });
    for (const r of rows) {
      expect(r.at as number).toBeGreaterThanOrEqual(start);
      expect(r.at as number).toBeLessThanOrEqual(Date.now());
    }
    // No password reaches the log, in any field.
    expect(JSON.stringify(rows)).not.toContain("a long enough password");
  });

  it("A25: an admin searches the log by user, action, operation and time range, page by page; the search is itself logged; no one else may", async () => {
    const analyst = (await server.app.accounts.byUsername("analyst"))!;
    // A few entries in another operation, to be filtered out.
    expect((await post(`/operations/${otherOp}/replay/open`, "analyst")).status).toBe(200);
    expect((await post(`/operations/${otherOp}/replay/open`, "commander")).status).toBe(200);

    const everything = await search({ limit: 1000 });
    expect(everything.entries.map((e) => e.id)).toEqual([...everything.entries.map((e) => e.id)].sort((a, b) => b - a)); // newest first
    const opens = await search({ action: "replay.open" });
    expect(opens.entries.length).toBeGreaterThanOrEqual(3);
    expect(opens.entries.every((e) => e.action === "replay.open")).toBe(true);
    // A family: `export` is every export, and a LIKE wildcard in the text is only itself.
    expect((await search({ action: "export" })).entries.every((e) => e.action.startsWith("export."))).toBe(true);
    expect((await search({ action: "replay%" })).entries).toEqual([]);
    const mine = await search({ user: analyst.id, opId: otherOp });
    expect(mine.entries.map((e) => [e.action, e.userId, e.opId])).toEqual([["replay.open", analyst.id, otherOp]]);
    expect((await search({ user: "Debrief", opId: otherOp })).entries).toHaveLength(1); // part of the name
    const admins = await search({ action: "admin" });
    expect(admins.entries.map((e) => e.opId)).toEqual(admins.entries.map(() => null));

    // Time range: inclusive bounds around a known entry's time pick it, and a range before it does not.
    const known = mine.entries[0]!;
    expect((await search({ from: known.at, to: known.at, opId: otherOp, user: analyst.id })).entries.map((e) => e.id)).toEqual([known.id]);
    expect((await search({ to: known.at - 1, opId: otherOp })).entries).toEqual([]);

    // Pages: the newest two, then the next two from where the first stopped.
    const first = await search({ limit: 2 });
    expect(first.entries).toHaveLength(2);
    const second = await search({ limit: 2, before: first.next });
    expect(second.entries[0]!.id).toBeLessThan(first.entries[1]!.id);

    const searches = await search({ action: "access-log.search" });
    expect(searches.entries[0]).toMatchObject({ role: "admin", target: JSON.stringify({ action: "access-log.search" }) });
    expect((await post("/access-log/search", "admin", { limit: 0 })).status).toBe(400);
    expect((await post("/access-log/search", "admin", { colour: "red" })).status).toBe(400);
    for (const who of ["commander", "controller", "analyst", "steward"]) {
      expect((await post("/access-log/search", who, {})).status, who).toBe(403);
      expect((await post("/access-log/export", who, { reason: "Audit", recipient: "DPO" })).status, who).toBe(403);
    }
    expect((await fetch(`${server.url}/api/access-log/search`, { method: "POST" })).status).toBe(401);
  });

  it("A26: the admin's CSV export is marked OFFICIAL-SENSITIVE on every row, filtered, needs a reason and a recipient, and is logged", async () => {
    expect((await post("/access-log/export", "admin", {})).status).toBe(400);
    expect((await post("/access-log/export", "admin", { reason: "Audit" })).status).toBe(400);
    const res = await post("/access-log/export", "admin", { opId, reason: "Quarterly audit", recipient: "Data Protection Officer" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-marking")).toBe("OFFICIAL-SENSITIVE");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="cordon-access-log-\d{4}-\d\d-\d\d\.csv"$/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe("marking,id,at,user_id,user_name,role,op_id,action,target,reason,recipient,detail");
    const rows = lines.slice(1);
    expect(rows.length).toBe(all().filter((r) => r.op_id === opId).length);
    expect(rows.every((l) => l.startsWith('"OFFICIAL-SENSITIVE",'))).toBe(true);
    expect(rows.some((l) => l.includes('"export.incidents.csv"') && l.includes('"Professional Standards"'))).toBe(true);
    const logged = await search({ action: "access-log.export" });
    expect(logged.entries[0]).toMatchObject({ role: "admin", reason: "Quarterly audit", recipient: "Data Protection Officer" });
  });

  it("A27: nobody can alter the access log: the API has no route that changes an entry, and the database refuses UPDATE and DELETE", async () => {
    const before = all();
    const id = String(before[0]!.id);
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      for (const path of ["/access-log", `/access-log/${id}`, `/operations/${opId}/access-log`, `/operations/${opId}/access-log/${id}`]) {
        const res = await fetch(`${server.url}/api${path}`, {
          method,
          headers: { cookie: cookies.admin ?? "", "content-type": "application/json", origin: server.url },
          body: JSON.stringify({ reason: "nothing to see" }),
        });
        expect(res.status, `${method} ${path}`).toBe(404);
      }
    }
    const db = server.app.storage.sqlite!;
    expect(() => db.prepare("UPDATE access_log SET reason = 'nothing to see'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM access_log WHERE id = ?").run(Number(id))).toThrow(/append-only/);
    expect(all()).toEqual(before);
  });
});
