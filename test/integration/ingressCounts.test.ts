import { afterEach, describe, expect, it } from "vitest";
import type { CountsFrame } from "../../shared/wire";
import { alertSentinel, expectOk, passSentinel, startServer, type TestClient, type TestServer } from "../support/harness";
import { until } from "../support/until";

/**
 * Crowd ingress over real sockets (issue 11 item 7): the turnstile feed's REST route, a steward's
 * gate count, who receives the `counts` frames, latest-wins on reconnect, and the hot-entrance
 * warning the server raises from them.
 */
const TOKEN = "turnstile-test-token";

function countsOf(client: TestClient): CountsFrame[] {
  const frames: CountsFrame[] = [];
  client.socket.on("counts", (f) => frames.push(f));
  return frames;
}

describe("turnstile counts (issue 11 item 7)", () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  const post = (opId: string, token: string, body: unknown) =>
    fetch(`${server.url}/api/operations/${opId}/counts`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  it("TC7: the feed's counts with a valid token reach control, Gold and a Bronze live and are stored in full; stewards and officers receive none", async () => {
    server = await startServer({ FEED_TOKENS: [TOKEN] });
    const opId = await server.openOperation("Ingress");
    const clients = await Promise.all(["controller", "gold", "bronze-north", "steward2", "officer"].map((u) => server.connect(u)));
    const [control, , , steward, officer] = clients as [TestClient, TestClient, TestClient, TestClient, TestClient];
    const frames = clients.map(countsOf);
    for (const c of clients) expectOk(await c.hello(opId, null));
    const at = Date.now();
    const res = await post(opId, TOKEN, {
      counts: [
        { groupId: "bobby-moore-west", at, count: 1200, queue: 300 },
        { groupId: "entrance-h-north", at, count: 450 },
      ],
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ stored: 2 });
    for (const [i, name] of ["control", "gold", "bronze"].entries()) {
      await until(() => frames[i]!.some((f) => f.counts.length === 2), `${name}'s counts frame`);
    }
    expect(frames[0]![0]).toEqual({
      opId,
      counts: [
        ["bobby-moore-west", at, 1200, 300, "feed"],
        ["entrance-h-north", at, 450, null, "feed"],
      ],
    });
    await passSentinel([steward, officer], alertSentinel(control, opId));
    expect(frames[3]).toEqual([]);
    expect(frames[4]).toEqual([]);
    expect(await server.app.store.countHistory(opId, 0, at + 1)).toHaveLength(2);
  });

  it("TC8: a bad token, an unknown group (constructor too), a count going backwards or a malformed batch is refused and nothing of the batch is stored", async () => {
    server = await startServer({ FEED_TOKENS: [TOKEN] });
    const opId = await server.openOperation("Ingress");
    const at = Date.now();
    expect((await post(opId, TOKEN, { counts: [{ groupId: "entrance-a", at, count: 100 }] })).status).toBe(202);
    const refused: [string, unknown, number][] = [
      ["wrong-token", { counts: [{ groupId: "entrance-a", at, count: 200 }] }, 401],
      ["", { counts: [{ groupId: "entrance-a", at, count: 200 }] }, 401],
      [
        TOKEN,
        {
          counts: [
            { groupId: "entrance-a", at, count: 200 },
            { groupId: "gate-99", at, count: 1 },
          ],
        },
        404,
      ],
      [TOKEN, { counts: [{ groupId: "constructor", at, count: 1 }] }, 404],
      [
        TOKEN,
        {
          counts: [
            { groupId: "entrance-b", at, count: 5 },
            { groupId: "entrance-a", at: at + 1, count: 99 },
          ],
        },
        409,
      ],
      [TOKEN, { counts: [{ groupId: "entrance-a", at, count: -1 }] }, 400],
      [TOKEN, { counts: [] }, 400],
    ];
    for (const [token, body, status] of refused) {
      const res = await post(opId, token, body);
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(((await res.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
    }
    expect((await post("no-such-op", TOKEN, { counts: [{ groupId: "entrance-a", at, count: 300 }] })).status).toBe(404);
    await server.app.ingress.ingress.lane.flushNow();
    expect((await server.app.store.countHistory(opId, 0, at + 10)).map((c) => `${c.groupId}:${c.count}`)).toEqual(["entrance-a:100"]);
  });

  it("TC9: a steward's gate count for their own sector's entrance reaches control through the same lane; another sector's, or an officer's, is refused", async () => {
    server = await startServer({ FEED_TOKENS: [TOKEN] });
    const opId = await server.openOperation("Ingress");
    const control = await server.connect("controller");
    const frames = countsOf(control);
    expectOk(await control.hello(opId, null));
    expect((await post(opId, TOKEN, { counts: [{ groupId: "entrance-h-north", at: Date.now() - 1000, count: 800 }] })).status).toBe(202);
    const steward = await server.connect("steward2"); // stadium-west, posted at Entrance H's turnstiles
    expectOk(await steward.hello(opId, null));
    // The queue alone: the feed's count is kept beside it in the latest.
    expect(expectOk(await steward.socket.emitWithAck("count:report", { opId, groupId: "entrance-h-north", queue: 420 }))).toEqual({
      stored: 1,
    });
    await until(() => frames.some((f) => f.counts.some((c) => c[0] === "entrance-h-north" && c[4] === "steward")), "the steward's reading");
    const last = frames.at(-1)!.counts.find((c) => c[0] === "entrance-h-north")!;
    expect([last[2], last[3], last[4]]).toEqual([800, 420, "steward"]);
    const stored = await server.app.store.countHistory(opId, 0, Date.now() + 1, "entrance-h-north");
    expect(stored.map((c) => [c.count, c.queue, c.source])).toEqual([
      [800, null, "feed"],
      [null, 420, "steward"],
    ]);
    expect(stored[1]!.by).toMatch(/.+/);

    const north = await steward.socket.emitWithAck("count:report", { opId, groupId: "bobby-moore-west", count: 10 });
    expect(north).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const none = await steward.socket.emitWithAck("count:report", { opId, groupId: "entrance-h-north" });
    expect(none).toMatchObject({ ok: false, error: { code: "bad_request" } });
    const unknown = await steward.socket.emitWithAck("count:report", { opId, groupId: "constructor", count: 1 });
    expect(unknown).toMatchObject({ ok: false, error: { code: "not_found" } });
    const officer = await server.connect("officer");
    expectOk(await officer.hello(opId, null));
    const fromOfficer = await officer.socket.emitWithAck("count:report", { opId, groupId: "entrance-h-north", count: 900 });
    expect(fromOfficer).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("TC10: latest wins on reconnect: a control screen that connects again gets each group's latest count once, not the history", async () => {
    server = await startServer({ FEED_TOKENS: [TOKEN] });
    const opId = await server.openOperation("Ingress");
    const at = Date.now() - 60_000;
    for (const [i, count] of [100, 250, 400].entries()) {
      const res = await post(opId, TOKEN, {
        counts: [
          { groupId: "entrance-c", at: at + i * 10_000, count },
          { groupId: "entrance-d", at: at + i * 10_000, count: count / 2 },
        ],
      });
      expect(res.status).toBe(202);
    }
    const control = await server.connect("controller");
    const frames = countsOf(control);
    expectOk(await control.hello(opId, null));
    await until(() => frames.length > 0, "the counts on hello");
    expect(frames).toEqual([
      {
        opId,
        counts: [
          ["entrance-c", at + 20_000, 400, null, "feed"],
          ["entrance-d", at + 20_000, 200, null, "feed"],
        ],
      },
    ]);
    // A restarted server reads them back from the store.
    const dir = server.dir;
    await server.close();
    server = await startServer({ FEED_TOKENS: [TOKEN] }, { dir });
    const again = await server.connect("controller");
    const after = countsOf(again);
    expectOk(await again.hello(opId, null));
    await until(() => after.length > 0, "the counts on hello after a restart");
    expect(after[0]!.counts.map((c) => `${c[0]}:${c[2]}`).sort()).toEqual(["entrance-c:400", "entrance-d:200"]);
  });

  it("TC11: an entrance whose rate passes 90 % of its throughput gets one EntranceRunningHot however many looks notice it; it stays hot between the lines and cools once below 75 %", async () => {
    let clock = Date.now();
    server = await startServer({ FEED_TOKENS: [TOKEN] }, { now: () => clock });
    const opId = await server.openOperation("Ingress");
    const control = await server.connect("controller");
    expectOk(await control.hello(opId, null));
    const start = clock;
    const minute = (m: number, count: number) => ({ groupId: "bobby-moore-west", at: start + m * 60_000, count });
    // Bobby Moore West: 140 a minute at full flow; 600 in four minutes is 150 a minute.
    expect((await post(opId, TOKEN, { counts: [0, 1, 2, 3, 4].map((m) => minute(m - 4, 1000 + m * 150)) })).status).toBe(202);
    const { watcher } = server.app.ingress;
    const acks = (await Promise.all([watcher.tick(), watcher.tick(), watcher.tick()])).flat();
    expect(acks.filter((a) => a.ok && !a.data.duplicate)).toHaveLength(1);
    const hot = await control.waitFor((e) => e.type === "EntranceRunningHot");
    expect(hot.payload).toMatchObject({ groupId: "bobby-moore-west", reason: "rate", ratePerMinute: 150, sector: "stadium-north" });
    const log = server.app.ops.get(opId)!;
    expect(log.state.warnings["entrance-hot:bobby-moore-west"]).toMatchObject({
      kind: "entrance-hot",
      sector: "stadium-north",
      clearedAt: null,
    });
    // Five minutes at 115 a minute: below 90 %, above 75 % — still hot, nothing sent.
    expect((await post(opId, TOKEN, { counts: [1, 2, 3, 4, 5].map((m) => minute(m, 1600 + m * 115)) })).status).toBe(202);
    clock = start + 5 * 60_000;
    expect(await watcher.tick()).toEqual([]);
    // Then five at 60 a minute: cooled, once.
    expect((await post(opId, TOKEN, { counts: [6, 7, 8, 9, 10].map((m) => minute(m, 2175 + (m - 5) * 60)) })).status).toBe(202);
    clock = start + 10 * 60_000;
    const cooled = (await Promise.all([watcher.tick(), watcher.tick()])).flat();
    expect(cooled.filter((a) => a.ok && !a.data.duplicate)).toHaveLength(1);
    await control.waitFor((e) => e.type === "EntranceCooled");
    expect(log.state.warnings["entrance-hot:bobby-moore-west"]?.clearedAt).not.toBeNull();
    expect(log.state.seq).toBe(3);
  });

  it("TC15: replay reads the counts at time T (GET …/counts?at=T): each group as control saw it then, for analysts and commanders, not stewards", async () => {
    server = await startServer({ FEED_TOKENS: [TOKEN] });
    const opId = await server.openOperation("Ingress");
    const t0 = Date.now() - 600_000;
    const feed = [0, 1, 2].map((m) => ({ groupId: "entrance-e", at: t0 + m * 60_000, count: 500 + m * 80, queue: 40 + m }));
    expect((await post(opId, TOKEN, { counts: feed })).status).toBe(202);
    const steward = await server.connect("steward");
    expectOk(await steward.hello(opId, null));
    const get = async (username: string, at: number) => {
      const res = await fetch(`${server.url}/api/operations/${opId}/counts?at=${at}`, {
        headers: { cookie: await server.signIn(username) },
      });
      return { status: res.status, body: res.status === 200 ? ((await res.json()) as { counts: unknown[] }) : null };
    };
    expect(await get("analyst", t0 + 90_000)).toEqual({
      status: 200,
      body: { at: t0 + 90_000, counts: [["entrance-e", t0 + 60_000, 580, 41, "feed"]] },
    });
    expect((await get("commander", t0 - 1)).body?.counts).toEqual([]);
    expect((await get("steward", t0 + 90_000)).status).toBe(403);
    expect((await get("analyst", -5)).status).toBe(400);
  });
});
