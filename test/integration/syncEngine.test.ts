import { afterEach, describe, expect, it } from "vitest";
import type { OutboxEntry } from "../../client/src/outbox/outboxEntry";
import { createOutboxDrain } from "../../client/src/sync/outboxDrain";
import type { AckError } from "../../shared/errors";
import type { CordonEvent } from "../../shared/events";
import { type Viewer, viewerOf } from "../../shared/visibility";
import { faultyTransport, memoryOutbox } from "../support/faultyTransport";
import { expectOk, newKey, startServer, type TestServer } from "../support/harness";
import { expectedStateFor, ModelClient, type ModelClientOptions, picture } from "../support/modelClient";

/**
 * The browser's sync engine (client/src/sync/syncEngine.ts) over real socket.io-client sockets
 * against the real server. Faults are placed on purpose, never waited for: the server drops the
 * client from its rooms (a lost broadcast), or the client's transport holds a request or an ack.
 */
describe("the sync engine over real sockets (issue 7 item 3)", () => {
  let server: TestServer;
  let opId: string;
  const clients: ModelClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server?.close();
  });

  async function setUp(): Promise<void> {
    server = await startServer({ COMMAND_RATE_PER_SEC: 1000, COMMAND_BURST: 1000 });
    opId = await server.openOperation("Sync engine");
  }

  async function client(username: string, opts: ModelClientOptions = {}): Promise<ModelClient> {
    const user = await server.app.accounts.byUsername(username);
    if (!user) throw new Error(`no demo account ${username}`);
    const c = new ModelClient(server.url, await server.signIn(username), opId, viewerOf(user) as Viewer, opts);
    clients.push(c);
    return c;
  }

  const log = () => server.app.store.readAfter(opId, 0);
  const serverState = () => server.app.ops.get(opId)!.state;

  /** Resolves on the first `event` the raw socket receives that matches. */
  function received(c: ModelClient, match: (e: CordonEvent) => boolean): Promise<CordonEvent> {
    return new Promise((resolve) => {
      const on = (e: CordonEvent) => {
        if (!match(e)) return;
        c.socket.off("event", on);
        resolve(e);
      };
      c.socket.on("event", on);
    });
  }

  function connected(c: ModelClient): Promise<void> {
    if (c.socket.connected) return Promise.resolve();
    return new Promise((resolve) => c.socket.once("connect", () => resolve()));
  }

  /** The server drops this socket from its operation rooms, so it misses what is broadcast. */
  async function outOfRooms(c: ModelClient): Promise<() => Promise<void>> {
    const s = server.app.io.sockets.sockets.get(c.socket.id ?? "");
    if (!s) throw new Error("the server has no such socket");
    const rooms = [...s.rooms].filter((r) => r.startsWith("op:"));
    expect(rooms.length, "joined at hello").toBeGreaterThan(0);
    for (const r of rooms) await s.leave(r);
    return async () => {
      await s.join(rooms);
    };
  }

  const live = (c: ModelClient) =>
    expect.poll(() => c.engine.phase(), { timeout: 10_000, message: "the engine never went live after its hello" }).toBe("live");

  it("C7: a control client that sees a gap says hello with its last seq and ends with the server's state, each event applied once", async () => {
    await setUp();
    // No head-ahead repair within the test: only the gap can trigger the hello.
    const c = await client("controller", { engine: { behindGraceMs: 600_000 } });
    const other = await server.connect("commander");
    await live(c);
    expect(c.engine.stats.hellos).toBe(1);

    const rejoin = await outOfRooms(c);
    const missed = expectOk(await other.send(opId, "decision:log", { decision: "missed", rationale: "out of the room" }));
    await rejoin();
    const next = received(c, (e) => e.type === "DecisionLogged" && e.payload.decision === "after");
    const after = expectOk(await other.send(opId, "decision:log", { decision: "after", rationale: "the gap shows" }));
    expect((await next).seq).toBe(missed.seq + 1);

    await expect
      .poll(() => c.state.seq, { timeout: 10_000, message: `the client never repaired the gap up to seq ${after.seq}` })
      .toBe(after.seq);
    await live(c);
    expect(c.resyncs).toBe(1);
    expect(c.engine.stats.hellos).toBe(2);
    expect(c.state).toEqual(serverState());
    expect(c.applied).toContain(missed.seq);
    expect(new Set(c.applied).size, "no event applied twice").toBe(c.applied.length);
  });

  it("C7: a control client whose announced head stays ahead of it (no further event) says hello and catches up", async () => {
    await setUp();
    const c = await client("controller", { engine: { behindGraceMs: 200 } });
    const other = await server.connect("commander");
    await live(c);

    const rejoin = await outOfRooms(c);
    const missed = expectOk(await other.send(opId, "decision:log", { decision: "missed", rationale: "nothing follows it" }));
    await rejoin();

    // The server announces its head every second; the engine asks for the rest after its grace.
    await expect
      .poll(() => c.state.seq, { timeout: 10_000, message: `the client never caught up to the head, seq ${missed.seq}` })
      .toBe(missed.seq);
    expect(c.resyncs).toBe(1);
    expect(c.state).toEqual(serverState());
  });

  it("C9: events arriving while the hello's reply is on its way are buffered and applied once, after it", async () => {
    await setUp();
    const control = await server.connect("controller");
    const faults: ReturnType<typeof faultyTransport>[] = [];
    const slow = (inner: Parameters<NonNullable<ModelClientOptions["transport"]>>[0]) => {
      const f = faultyTransport(inner);
      faults.push(f);
      return f.transport;
    };
    // A steward's first hello: the server has answered (and joined the rooms), the reply is held.
    const c = await client("steward", { autoConnect: false, transport: slow });
    const held = faults[0]!.holdReply("sync:hello");
    c.socket.connect();
    await held.reached;

    const both = Promise.all([
      received(c, (e) => e.type === "AlertSent" && e.payload.text === "first"),
      received(c, (e) => e.type === "AlertSent" && e.payload.text === "second"),
    ]);
    const first = expectOk(await control.send(opId, "alert:send", { audience: "stewards", text: "first" }));
    const second = expectOk(await control.send(opId, "alert:send", { audience: "stewards", text: "second" }));
    await both;
    expect(c.engine.phase(), "still waiting for the reply").toBe("syncing");
    expect(c.applied, "nothing applied before the reply").toEqual([]);

    held.release();
    await live(c);
    expect(c.engine.stats.buffered).toBe(2);
    expect(c.applied).toEqual([first.seq, second.seq]);
    expect(c.state.alerts.map((a) => a.text)).toEqual(["first", "second"]);
    expect(picture(c.state)).toEqual(picture(expectedStateFor(c.viewer, await log())));
    expect(faults[0]!.count("sync:hello")).toBe(1);
  });

  it("C9: an event that arrives during a resync hello and is also in its reply is applied once", async () => {
    await setUp();
    const f: { t?: ReturnType<typeof faultyTransport> } = {};
    const c = await client("controller", {
      transport: (inner) => {
        f.t = faultyTransport(inner);
        return f.t.transport;
      },
    });
    const other = await server.connect("commander");
    await live(c);

    // The hello is held on the way out: the live event arrives first, then the reply carries it too.
    const held = f.t!.holdRequest("sync:hello");
    c.hello();
    await held.reached;
    const arrives = received(c, (e) => e.type === "DecisionLogged");
    const x = expectOk(await other.send(opId, "decision:log", { decision: "during", rationale: "hello on its way" }));
    await arrives;
    held.release();

    await live(c);
    await expect.poll(() => c.state.seq, { timeout: 10_000, message: `never reached seq ${x.seq}` }).toBe(x.seq);
    expect(c.applied.filter((s) => s === x.seq)).toEqual([x.seq]);
    expect(c.engine.stats.stale).toBe(1);
    expect(c.state).toEqual(serverState());
  });

  it("C10: a command whose ack was lost is resent with the same key after the reconnect and applied once", async () => {
    await setUp();
    const f: { t?: ReturnType<typeof faultyTransport> } = {};
    // A long ack timeout: the resend can only come from the reconnect.
    const c = await client("steward", {
      engine: { ackTimeoutMs: 60_000 },
      transport: (inner) => {
        f.t = faultyTransport(inner);
        return f.t.transport;
      },
    });
    await live(c);
    const key = newKey("lost-ack");
    const lost = f.t!.loseAck("report:submit");
    const sending = c.sendUntilAcked(
      "report:submit",
      { type: "crowd-surge", postId: "post-ow-boxpark", text: key, reporterTime: 1 },
      key,
      Date.now() + 60_000,
    );
    await lost.reached;
    const committed = (await log()).filter((e) => e.type === "StewardReportSubmitted" && e.payload.text === key);
    expect(committed, "the server committed it; the phone never heard").toHaveLength(1);

    c.socket.disconnect();
    c.socket.connect();
    const ack = expectOk(await sending);
    expect(ack).toEqual({ seq: committed[0]!.seq, eventId: committed[0]!.id, duplicate: true });
    expect(f.t!.count("report:submit", key)).toBe(2);
    expect((await log()).filter((e) => e.type === "StewardReportSubmitted" && e.payload.text === key)).toHaveLength(1);
  });

  it("C11: the outbox drains on reconnect; an entry leaves only on its ack; a refused one stays with its reason and is not resent", async () => {
    await setUp();
    const steward = (await server.app.accounts.byUsername("steward"))!;
    const entry = (label: string, postId: string, savedAt: number): OutboxEntry => ({
      key: newKey(label),
      opId,
      opName: "test",
      userId: steward.id,
      command: "report:submit",
      body: { type: "crowd-surge", postId, text: label, reporterTime: savedAt },
      label,
      madeAt: savedAt,
      state: "pending",
      attachments: [],
      failure: null,
    });
    const a = entry("saved-a", "post-ow-boxpark", 1);
    const b = entry("saved-b", "post-steps-top", 2);
    const bad = entry("saved-bad", "post-nowhere", 3);
    const { storage, entries } = memoryOutbox([a, b, bad]);

    const drains: Promise<void>[] = [];
    const f: { t?: ReturnType<typeof faultyTransport> } = {};
    const outbox: { drain?: ReturnType<typeof createOutboxDrain> } = {};
    const c = await client("steward", {
      autoConnect: false,
      transport: (inner) => {
        f.t = faultyTransport(inner);
        return f.t.transport;
      },
      engine: { onSynced: () => void outbox.drain?.drain().then(({ done }) => drains.push(done)) },
    });
    outbox.drain = createOutboxDrain({ storage, send: c.engine.send, now: Date.now });

    // Offline: a drain sends nothing and removes nothing.
    const offline = await outbox.drain.drain();
    expect(offline.entries.map((e) => e.key)).toEqual([a.key, b.key, bad.key]);
    expect(f.t!.count("report:submit")).toBe(0);
    expect([...entries.keys()]).toEqual([a.key, b.key, bad.key]);

    const heldAck = f.t!.holdReply("report:submit", (p) => (p as { key: string }).key === a.key);
    c.socket.connect();
    await heldAck.reached;
    expect(
      (await log()).some((e) => e.type === "StewardReportSubmitted" && e.payload.text === "saved-a"),
      "committed",
    ).toBe(true);
    expect(entries.has(a.key), "still on the phone until the ack arrives").toBe(true);
    heldAck.release();
    await offline.done;
    await expect.poll(() => drains.length, { timeout: 10_000, message: "no drain after the hello" }).toBeGreaterThan(0);
    await Promise.all(drains);

    expect([...entries.keys()]).toEqual([bad.key]);
    const failure = entries.get(bad.key)?.failure as AckError;
    expect(failure.code).toBe("bad_request");
    expect(failure.message).toContain("post-nowhere");
    const reports = (await log()).filter((e) => e.type === "StewardReportSubmitted");
    expect(reports.map((e) => e.type === "StewardReportSubmitted" && e.payload.text).sort()).toEqual(["saved-a", "saved-b"]);
    for (const k of [a.key, b.key, bad.key]) expect(f.t!.count("report:submit", k), k).toBe(1);

    // Reconnect: the refused entry is not sent again.
    const before = drains.length;
    c.socket.disconnect();
    c.socket.connect();
    await expect.poll(() => drains.length, { timeout: 10_000, message: "no drain after the second hello" }).toBeGreaterThan(before);
    await Promise.all(drains);
    expect(f.t!.count("report:submit", bad.key)).toBe(1);
    expect(entries.get(bad.key)?.failure?.code).toBe("bad_request");
  });

  it("C12: a hello of another protocol version is refused protocol_mismatch; the engine surfaces it once and says no more hellos", async () => {
    await setUp();
    const raw = await server.connect("controller");
    const older = await raw.hello(opId, null).then(() => raw.socket.emitWithAck("sync:hello", { protocol: 0, opId, lastSeq: null }));
    expect(older.ok ? null : older.error.code).toBe("protocol_mismatch");
    expect(older.ok ? "" : older.error.message).toMatch(/older/);
    const newer = await raw.socket.emitWithAck("sync:hello", { protocol: 99, opId, lastSeq: null });
    expect(newer.ok ? "" : newer.error.message).toMatch(/newer/);

    const refusals: { error: AckError; final: boolean }[] = [];
    const f: { t?: ReturnType<typeof faultyTransport> } = {};
    const c = await client("controller", {
      transport: (inner) => {
        f.t = faultyTransport(inner);
        return f.t.transport;
      },
      engine: { protocol: 0, onRefused: (error, final) => refusals.push({ error, final }) },
    });
    await expect.poll(() => c.engine.phase(), { timeout: 10_000, message: "the engine was never refused" }).toBe("refused");
    const s = server.app.io.sockets.sockets.get(c.socket.id ?? "")!;
    expect(
      [...s.rooms].filter((r) => r.startsWith("op:")),
      "joined no operation room",
    ).toEqual([]);

    // Reconnect, then a command as a sentinel: had a hello been said on connect, it would be acked first.
    c.socket.disconnect();
    c.socket.connect();
    await connected(c);
    expectOk(
      await c.sendUntilAcked("alert:send", { audience: "control", text: "sentinel after the reconnect" }, newKey("s"), Date.now() + 10_000),
    );
    expect(f.t!.count("sync:hello")).toBe(1);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ final: true, error: { code: "protocol_mismatch" } });
    expect(c.engine.phase()).toBe("refused");
  });
});
