import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RefusedPage } from "../../shared/refusedSubmissions";
import { newKey, startServer, type TestClient, type TestServer } from "../support/harness";

/** What a phone sent that was refused for good, kept for control (issue 12 item 1, docs/protocol.md). */
describe("refused submissions from phones", () => {
  let server: TestServer;
  let opId: string;
  let steward: string;
  let commander: string;
  let phone: TestClient;

  beforeAll(async () => {
    // Two reports a minute: the third is rate limited (transient), the rest are not.
    server = await startServer({ STEWARD_REPORTS_PER_MINUTE: 2 });
    opId = await server.openOperation("Derby");
    steward = await server.signIn("steward");
    commander = await server.signIn("commander");
    phone = await server.connect("steward");
  });
  afterAll(async () => {
    phone?.close();
    await server?.close();
  });

  const post = (op: string, name: string, payload: unknown, cookie = steward) =>
    fetch(`${server.url}/api/operations/${op}/commands/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(payload),
    });
  const list = async (query: string, cookie = commander) => {
    const res = await fetch(`${server.url}/api/refused-submissions?${query}`, { headers: { cookie } });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const page = async (query: string) => RefusedPage.parse((await list(query)).body);
  const report = (text: string) => ({ type: "crowd-surge" as const, postId: "post-ow-boxpark", text, reporterTime: Date.now() });

  it("O16: a steward's report to an unknown operation is refused and recorded once, though sent three times over the socket and HTTP", async () => {
    const key = newKey("gone");
    const body = report("gate 4 crush, sent to a closed operation");
    for (let i = 0; i < 2; i++) {
      const ack = await phone.send("op-closed-last-week", "report:submit", body, key);
      expect(ack).toMatchObject({ ok: false, error: { code: "not_found" } });
    }
    const res = await post("op-closed-last-week", "report:submit", { key, body });
    expect(res.status).toBe(404);
    const got = await page("opId=op-closed-last-week");
    const who = await server.app.accounts.byUsername("steward");
    expect(got.total).toBe(1);
    expect(got.entries).toEqual([
      expect.objectContaining({
        userId: who?.id,
        userName: who?.name,
        role: "steward",
        opId: "op-closed-last-week",
        command: "report:submit",
        key,
        code: "not_found",
        message: "No operation op-closed-last-week.",
        truncated: false,
      }),
    ]);
    expect(JSON.parse(got.entries[0]!.body)).toMatchObject({ text: body.text });
  });

  it("O16: another refusal for good (a steward sending an officer's status) is recorded too, newest first, a page at a time", async () => {
    const key = newKey("forbidden");
    const res = await post(opId, "unit:status", { key, body: { unitId: "12A", status: "available" } });
    expect(res.status).toBe(403);
    const got = await page(`opId=${opId}`);
    expect(got.entries.map((e) => [e.key, e.code])).toEqual([[key, "forbidden"]]);
    const all = await page("limit=1");
    expect(all.total).toBeGreaterThanOrEqual(2);
    expect(all.entries).toHaveLength(1);
    expect(all.entries[0]!.key).toBe(key);
    const older = await page(`limit=10&before=${all.entries[0]!.id}`);
    expect(older.entries.map((e) => e.code)).toContain("not_found");
  });

  it("O17: a rate-limited report, an accepted one and its duplicate are not recorded", async () => {
    const before = (await page(`opId=${opId}`)).total;
    for (let i = 0; i < 2; i++)
      expect(await phone.send(opId, "report:submit", report(`ok ${i}`), newKey("ok"))).toMatchObject({ ok: true });
    const key = newKey("ok");
    expect(await phone.send(opId, "report:submit", report("limited"), key)).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    const again = await post(opId, "report:submit", { key, body: report("limited") });
    expect(again.status).toBe(429);
    expect((await page(`opId=${opId}`)).total).toBe(before);
  });

  it("O17: a steward may not list refused submissions (403), nor may anyone signed out (401); a bad query is 400", async () => {
    expect((await list(`opId=${opId}`, steward)).status).toBe(403);
    expect((await list(`opId=${opId}`, "")).status).toBe(401);
    expect((await list("limit=0")).status).toBe(400);
    expect((await list(`opId=${opId}`, await server.signIn("controller"))).status).toBe(200);
  });
});
