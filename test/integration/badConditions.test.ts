import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { pendingBytes } from "../../server/socket/slowConsumers";
import type { SqliteEventStore } from "../../server/store/sqliteStore";
import { expectOk, startServer, type TestServer, WAIT_MS, within } from "../support/harness";

const WHERE = { lat: 51.5605, lng: -0.2795 };

describe("bad conditions get clear errors, never silent loss (issue 4 item 5)", () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it("B1: a full disk refuses the command as not saved, appends nothing, and the log carries on gap-free after", async () => {
    server = await startServer();
    const opId = await server.openOperation();
    const control = await server.connect("commander");
    expectOk(await control.send(opId, "incident:report", { type: "medical", location: WHERE, description: "Before" }));
    const db = (server.app.store as SqliteEventStore).db;
    const pages = db.pragma("page_count", { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const before = server.app.ops.get(opId)?.state;

    const big = "x".repeat(1900);
    const refused = await control.send(opId, "decision:log", { decision: "Hold the queue", rationale: big });
    const refused2 = await control.send(opId, "decision:log", { decision: "Hold it again", rationale: big });
    expect(refused.ok ? "" : `${refused.error.code}: ${refused.error.message}`).toMatch(/^unavailable: Not saved/);
    expect(refused2.ok).toBe(false);
    expect(server.app.ops.get(opId)?.state).toBe(before);

    db.pragma("max_page_count = 1073741823");
    const ok = expectOk(await control.send(opId, "decision:log", { decision: "Hold the queue", rationale: big }));
    expect(ok.seq).toBe((before?.seq ?? 0) + 1);
    const [prev, next] = await server.app.store.readAfter(opId, ok.seq - 2);
    expect(next?.prevHash).toBe(prev?.hash);
  });

  it("B2: a locked database refuses after the busy timeout, and the next command goes through", async () => {
    server = await startServer({ SQLITE_BUSY_TIMEOUT_MS: 100 });
    const opId = await server.openOperation();
    const control = await server.connect("commander");
    const other = new Database(server.dbPath);
    other.exec("BEGIN IMMEDIATE");
    const refused = await control.send(opId, "decision:log", { decision: "Open gates", rationale: "Queue" });
    expect(refused.ok ? "" : refused.error.code).toBe("unavailable");
    other.exec("ROLLBACK");
    other.close();
    expect(expectOk(await control.send(opId, "decision:log", { decision: "Open gates", rationale: "Queue" })).seq).toBe(2);
  });

  it("B3: an oversize message gets payload_too_large on a connection that stays up", async () => {
    server = await startServer();
    const opId = await server.openOperation();
    const steward = await server.connect("steward");
    const huge = await steward.send(opId, "report:submit", {
      type: "other",
      postId: "post-ow-boxpark",
      text: "y".repeat(100_000),
      reporterTime: 1,
    });
    expect(huge.ok ? "" : huge.error.code).toBe("payload_too_large");
    expect(steward.socket.connected).toBe(true);
    expectOk(await steward.send(opId, "report:submit", { type: "other", postId: "post-ow-boxpark", text: "ok", reporterTime: 1 }));
    expect(server.app.ops.get(opId)?.state.seq).toBe(2);
  });

  it("B4: a flood from one socket is rate-limited while another user's commands go through", async () => {
    server = await startServer({ COMMAND_RATE_PER_SEC: 20, COMMAND_BURST: 30 });
    const opId = await server.openOperation();
    const flooder = await server.connect("steward");
    const control = await server.connect("commander");
    const flood = Array.from({ length: 200 }, (_, i) =>
      flooder.send(opId, "report:submit", { type: "other", postId: "post-ow-boxpark", text: `flood ${i}`, reporterTime: 1 }),
    );
    // Control's command goes through while the flood is being refused: the limit is the flooder's alone.
    expectOk(await control.send(opId, "decision:log", { decision: "Carry on", rationale: "Flood is throttled" }));
    const after = await flooder.send(opId, "report:submit", {
      type: "other",
      postId: "post-ow-boxpark",
      text: "flood again",
      reporterTime: 1,
    });
    expect(after.ok ? "ok" : after.error.code).toBe("rate_limited");
    const acks = await Promise.all(flood);
    const ok = acks.filter((a) => a.ok).length;
    const limited = acks.filter((a) => !a.ok && a.error.code === "rate_limited").length;
    expect(ok + limited).toBe(200);
    expect(limited).toBeGreaterThan(150);
    expect(Object.keys(server.app.ops.get(opId)?.state.reports ?? {})).toHaveLength(ok);
  });

  it("B5: a client that never reads is disconnected once its buffer passes the bound; the others keep up", async () => {
    server = await startServer({ MAX_SOCKET_BUFFER_BYTES: 262_144, COMMAND_RATE_PER_SEC: 10_000, COMMAND_BURST: 100_000 });
    const opId = await server.openOperation();
    const stuck = await server.connect("controller");
    expectOk(await stuck.hello(opId, null));
    const healthy = await server.connect("commander");
    expectOk(await healthy.hello(opId, null));
    const stuckGone = new Promise<void>((resolve) => stuck.socket.once("disconnect", () => resolve()));
    const serverSide = server.app.io.sockets.sockets.get(stuck.socket.id ?? "");
    if (!serverSide) throw new Error("the stuck socket is not on the server");
    let dropped = false;
    const droppedOnServer = new Promise<void>((resolve) => serverSide.once("disconnect", () => resolve())).then(() => {
      dropped = true;
    });
    const pending = () => pendingBytes(serverSide.conn as unknown as Parameters<typeof pendingBytes>[0]);
    // Stop reading from the TCP socket: the kernel's buffers fill, then the server's.
    const engine = stuck.socket.io.engine as unknown as { transport: { ws: { _socket: { pause(): void; resume(): void } } } };
    const tcp = engine.transport.ws._socket;
    tcp.pause();

    const rationale = "r".repeat(3900);
    // Send until the server holds more than the bound for the stuck socket (what its checker
    // measures); nothing is read, so from then on it can only grow.
    let sent = 0;
    for (let batch = 0; batch < 60 && !dropped && pending() <= 262_144; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => healthy.send(opId, "decision:log", { decision: `d${batch}-${i}`, rationale })),
      );
      sent += 100;
    }
    expect(sent).toBeLessThan(6000);
    // The checker runs every second: the stuck socket is dropped at its next run.
    await within(droppedOnServer, WAIT_MS, "the server dropping the socket that does not read");
    expect(server.app.io.sockets.sockets.has(stuck.socket.id ?? "")).toBe(false);
    // The healthy client received everything, in order.
    const last = server.app.ops.get(opId)?.state.seq ?? 0;
    await healthy.waitFor((e) => e.seq === last, 10_000);
    const seqs = healthy.events.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => (seqs[0] ?? 0) + i));
    // The server cut the connection rather than wait for a drain that never comes: once the
    // client reads again it finds the connection closed.
    tcp.resume();
    await within(stuckGone, WAIT_MS, "the stuck client finding its connection closed");
  });
});
