import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AccountsServer, startAccountsServer } from "../support/accountsServer";
import { expectOk, WAIT_MS, within } from "../support/harness";

const MIN = 60_000;

describe("accounts and sessions (issue 8 items 1 and 2)", () => {
  let server: AccountsServer;
  let opId: string;
  beforeEach(async () => {
    server = await startAccountsServer({ SESSION_IDLE_MINUTES: 30, SESSION_ABSOLUTE_HOURS: 2 });
    opId = await server.openOperation("England v Italy");
  });
  afterEach(async () => server.close());

  const userId = async (username: string) => (await server.app.accounts.byUsername(username))!.id;

  it("A11: an idle session's idle socket is closed within about a second of the idle deadline, by the sweep timer alone", async () => {
    const cookie = await server.signIn("steward");
    const steward = await server.socket(cookie, "steward");
    expectOk(await steward.hello(opId));
    // 29 minutes without a message: still live.
    server.clock.t += 29 * MIN;
    expect((await server.api("GET", "/api/session", cookie)).status).toBe(200);
    // 30 minutes after that request, nothing sent since: the one timer ends it, with no message from the client.
    server.clock.t += 30 * MIN;
    const { reason, disconnect } = await steward.ended(3_000);
    expect(reason).toMatch(/expired/);
    expect(disconnect).toBe("io server disconnect");
    expect((await server.api("GET", "/api/session", cookie)).status).toBe(401);
  });

  it("A11: a busy session ends at the absolute deadline, its idle second socket too", async () => {
    const cookie = await server.signIn("controller");
    const busy = await server.socket(cookie, "busy");
    const idle = await server.socket(cookie, "idle");
    expectOk(await idle.hello(opId));
    for (let i = 0; i < 5; i++) {
      server.clock.t += 20 * MIN;
      expectOk(await busy.hello(opId));
    }
    server.clock.t += 21 * MIN; // 2 h 1 min after sign-in, 21 minutes after the last message
    const [a, b] = await Promise.all([busy.ended(3_000), idle.ended(3_000)]);
    expect([a.reason, b.reason]).toEqual([expect.stringMatching(/expired/), expect.stringMatching(/expired/)]);
    expect((await server.api("GET", "/api/session", cookie)).status).toBe(401);
  });

  it("A12: sign-out closes every socket of that session, idle ones included, and no other session's", async () => {
    const cookie = await server.signIn("controller");
    const other = await server.socket(await server.signIn("controller"), "other session");
    const first = await server.socket(cookie, "first");
    const second = await server.socket(cookie, "second");
    expectOk(await first.hello(opId));
    expect((await server.api("DELETE", "/api/session", cookie)).status).toBe(204);
    const [a, b] = await Promise.all([first.ended(), second.ended()]);
    expect([a.reason, b.reason]).toEqual(["Signed out.", "Signed out."]);
    expectOk(await other.hello(opId));
  });

  it("A12: disabling an account closes its idle sockets at once and it cannot sign in again", async () => {
    const admin = await server.signIn("admin");
    const steward = await server.socket(await server.signIn("steward"), "steward");
    expectOk(await steward.hello(opId));
    const res = await server.api("POST", `/api/admin/users/${await userId("steward")}/disable`, admin);
    expect(res.status).toBe(200);
    expect(res.body.user.disabled).toBe(true);
    expect((await steward.ended()).reason).toMatch(/disabled/);
    await expect(server.signIn("steward")).rejects.toThrow(/401/);
    expect((await server.api("POST", `/api/admin/users/${await userId("steward")}/enable`, admin)).status).toBe(200);
    await server.signIn("steward");
  });

  it("A12: a sector change closes the steward's idle socket; signed in again, the new socket gets the new sector's alerts", async () => {
    const admin = await server.signIn("admin");
    const control = await server.socket(await server.signIn("controller"), "control");
    const steward = await server.socket(await server.signIn("steward"), "steward");
    expectOk(await steward.hello(opId));
    const res = await server.api("POST", `/api/admin/users/${await userId("steward")}`, admin, { sector: "stadium-west" });
    expect(res.status).toBe(200);
    expect((await steward.ended()).reason).toMatch(/sign in again/);

    const moved = await server.socket(await server.signIn("steward"), "moved steward");
    expectOk(await moved.hello(opId));
    const text = "Entrance H queue: hold at the outer line";
    const arrived = new Promise((resolve) => moved.socket.on("event", (e) => e.type === "AlertSent" && resolve(e)));
    expectOk(await control.send(opId, "alert:send", { audience: "stewards", sector: "stadium-west", priority: "warning", text }));
    await within(arrived, WAIT_MS, "the stadium-west alert reaching the moved steward");
  });

  it("A12: a role change made while the steward is connected closes the socket; the new sign-in has the new role", async () => {
    const admin = await server.signIn("admin");
    const steward = await server.socket(await server.signIn("steward"), "steward");
    expectOk(await steward.hello(opId));
    expect((await server.api("POST", `/api/admin/users/${await userId("steward")}`, admin, { role: "analyst" })).status).toBe(200);
    await steward.ended();
    const again = await server.socket(await server.signIn("steward"), "steward as analyst");
    const hello = await again.hello(opId);
    expect(hello.ok ? "ok" : hello.error.code).toBe("forbidden");
    expect((await server.api("GET", `/api/operations/${opId}/replay/state?seq=0`, await server.signIn("steward"))).status).toBe(200);
  });

  it("A13: an account limited to one operation is refused the others on hello and replay, and does not see them listed", async () => {
    const admin = await server.signIn("admin");
    const other = await server.openOperation("Carnival, day 2");
    for (const username of ["controller", "analyst"]) {
      const res = await server.api("POST", `/api/admin/users/${await userId(username)}`, admin, { operations: [opId] });
      expect(res.status, username).toBe(200);
    }
    const controller = await server.signIn("controller");
    const listed = await server.api("GET", "/api/operations", controller);
    expect(listed.body.operations.map((o: { id: string }) => o.id)).toEqual([opId]);
    const control = await server.socket(controller, "control");
    expectOk(await control.hello(opId));
    const refused = await control.hello(other);
    expect(refused.ok ? "ok" : refused.error.code).toBe("forbidden");

    const analyst = await server.signIn("analyst");
    expect((await server.api("GET", `/api/operations/${other}/replay/state?seq=0`, analyst)).status).toBe(403);
    expect((await server.api("GET", `/api/operations/${opId}/replay/state?seq=0`, analyst)).status).toBe(200);
    const why = { reason: "Court disclosure, case 1234", recipient: "CPS London" };
    expect((await server.api("POST", `/api/operations/${other}/export/events.ndjson`, analyst, why)).status).toBe(403);
    const allowed = await fetch(`${server.url}/api/operations/${opId}/export/events.ndjson`, {
      method: "POST",
      headers: { cookie: analyst, origin: server.url, "content-type": "application/json" },
      body: JSON.stringify(why),
    });
    expect(allowed.status).toBe(200);
    await allowed.body?.cancel();
  });

  it("A13: a steward or officer learns only the newest operation's name, or only their own, and acts on no other", async () => {
    const older = opId;
    const newest = await server.openOperation("Carnival, day 2");
    for (const username of ["steward", "officer"]) {
      const listed = await server.api("GET", "/api/operations", await server.signIn(username));
      const seen = listed.body.operations.map((o: { name: string; seq: number | null }) => [o.name, o.seq]);
      expect(seen, username).toEqual([["Carnival, day 2", null]]);
    }
    const admin = await server.signIn("admin");
    await server.api("POST", `/api/admin/users/${await userId("steward")}`, admin, { operations: [older] });
    const listed = await server.api("GET", "/api/operations", await server.signIn("steward"));
    expect(listed.body.operations.map((o: { id: string }) => o.id)).toEqual([older]);
    const steward = await server.socket(await server.signIn("steward"), "steward");
    const refused = await steward.hello(newest);
    expect(refused.ok ? "ok" : refused.error.code).toBe("forbidden");
    // Nor may it act there: a command to the operation it may not see is refused, nothing appended.
    const before = server.app.ops.get(newest)?.state.seq;
    const report = { type: "medical", location: null, postId: null, text: "sent where it may not", reporterTime: Date.now() };
    const sent = await steward.send(newest, "report:submit", { ...report, location: { lat: 51.556, lng: -0.2797 } });
    expect(sent.ok ? "ok" : sent.error.code).toBe("forbidden");
    expect(server.app.ops.get(newest)?.state.seq).toBe(before);
    const own = await steward.send(older, "report:submit", { ...report, location: { lat: 51.556, lng: -0.2797 } });
    expect(own.ok).toBe(true);
  });

  it("A14: the admin routes are for admins only, validated, and every change is in the access log without the password", async () => {
    const password = "a long new password 42";
    const body = { username: "s3091", name: "Steward 3091", role: "steward", sector: "olympic-way", password };
    expect((await server.api("POST", "/api/admin/users", null, body)).status).toBe(401);
    for (const username of ["gold", "commander", "bronze", "controller", "steward", "officer", "analyst"]) {
      expect((await server.api("POST", "/api/admin/users", await server.signIn(username), body)).status, username).toBe(403);
      expect((await server.api("GET", "/api/admin/users", await server.signIn(username))).status, username).toBe(403);
    }
    const admin = await server.signIn("admin");
    const bad = await server.api("POST", "/api/admin/users", admin, { ...body, role: "superintendent", password: "short" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/role/);
    expect(bad.body.error.message).toMatch(/password/);

    const created = await server.api("POST", "/api/admin/users", admin, body);
    expect(created.status).toBe(201);
    const id = created.body.user.id as string;
    expect(created.body.user).not.toHaveProperty("password");
    expect((await server.api("POST", "/api/admin/users", admin, body)).status).toBe(409);
    await server.signIn("s3091", password);
    expect((await server.api("POST", `/api/admin/users/${id}/password`, admin, { password: `${password}!` })).status).toBe(200);
    await expect(server.signIn("s3091", password)).rejects.toThrow(/401/);
    await server.signIn("s3091", `${password}!`);

    const adminId = await userId("admin");
    const last = await server.api("POST", `/api/admin/users/${adminId}/disable`, admin);
    expect(last.status).toBe(409);
    expect((await server.api("POST", `/api/admin/users/${adminId}`, admin, { role: "commander" })).status).toBe(409);
    expect((await server.api("POST", "/api/admin/users/u-nobody/disable", admin)).status).toBe(404);

    const db = new Database(path.join(server.dir, "cordon.db"), { readonly: true });
    const rows = db
      .prepare("SELECT user_id AS userId, action, target, detail FROM access_log WHERE action LIKE 'admin.%' ORDER BY id")
      .all() as { userId: string; action: string; target: string; detail: string | null }[];
    db.close();
    expect(rows.map((r) => [r.userId, r.action, r.target])).toEqual([
      [adminId, "admin.user.create", id],
      [adminId, "admin.user.reset-password", id],
    ]);
    expect(JSON.stringify(rows)).not.toContain(password);
    const users = (await server.api("GET", "/api/admin/users", admin)).body.users as { username: string }[];
    expect(users.map((u) => u.username)).toContain("s3091");
    expect(JSON.stringify(users)).not.toMatch(/argon2|password/i);
  });
});
