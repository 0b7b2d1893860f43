import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newKey, startServer, type TestServer } from "../support/harness";

/** The HTTP command route a phone's service worker sends its outbox through (docs/protocol.md). */
describe("POST /api/operations/:opId/commands/:name", () => {
  let server: TestServer;
  let first: string;
  let second: string;
  let steward: string;

  beforeAll(async () => {
    server = await startServer();
    first = await server.openOperation("First match");
    second = await server.openOperation("Second match");
    steward = await server.signIn("steward");
  });
  afterAll(() => server?.close());

  const post = (opId: string, name: string, payload: unknown, cookie = steward) =>
    fetch(`${server.url}/api/operations/${opId}/commands/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(payload),
    });
  const report = (text: string) => ({ type: "crowd-surge", postId: "post-ow-boxpark", text, reporterTime: Date.now() });
  const reportsIn = (opId: string) => Object.values(server.app.ops.get(opId)?.state.reports ?? {});

  it("O4: a steward's report goes through the operation's log once per key, to the operation named, with the socket's ack", async () => {
    const key = newKey("http");
    const res = await post(first, "report:submit", { key, body: report("over HTTP") });
    expect(res.status).toBe(200);
    const ack = (await res.json()) as { ok: true; data: { seq: number; duplicate: boolean } };
    expect(ack).toMatchObject({ ok: true, data: { duplicate: false } });
    const again = (await (await post(first, "report:submit", { key, body: report("over HTTP") })).json()) as typeof ack;
    expect(again).toMatchObject({ ok: true, data: { seq: ack.data.seq, duplicate: true } });
    expect(reportsIn(first).filter((r) => r.text === "over HTTP")).toHaveLength(1);
    expect(reportsIn(second).filter((r) => r.text === "over HTTP")).toHaveLength(0);
  });

  it("O4: no session, a bad body, a control-only command, another role's command or an unknown operation: a clear error, nothing appended", async () => {
    const before = server.app.ops.get(first)?.state.seq;
    const noSession = await post(first, "report:submit", { key: newKey(), body: report("no session") }, "");
    expect(noSession.status).toBe(401);
    const bad = await post(first, "report:submit", { key: newKey(), body: { type: "nonsense" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    const control = await post(first, "alert:send", { key: newKey(), body: { text: "x", priority: "info" } });
    expect(control.status).toBe(404);
    const officerOnly = await post(first, "unit:status", { key: newKey(), body: { unitId: "12A", status: "available" } });
    expect(officerOnly.status).toBe(403);
    const gone = await post("op-none", "report:submit", { key: newKey(), body: report("gone") });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { ok: boolean; error: { code: string } }).error.code).toBe("not_found");
    expect(server.app.ops.get(first)?.state.seq).toBe(before);
  });

  it("O5: after sign-out the old cookie is refused (401) and nothing is appended", async () => {
    const cookie = await server.signIn("steward");
    const out = await fetch(`${server.url}/api/session`, { method: "DELETE", headers: { cookie } });
    expect(out.status).toBe(204);
    const res = await post(first, "report:submit", { key: newKey(), body: report("after sign-out") }, cookie);
    expect(res.status).toBe(401);
    expect(reportsIn(first).some((r) => r.text === "after sign-out")).toBe(false);
  });
});
