import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOperation, OP_ID } from "../../bench/replayData";
import type { SyncTransport } from "../../client/src/sync/transport";
import { SqliteEventStore } from "../../server/store/sqliteStore";
import type { Ack } from "../../shared/errors";
import type { CordonEvent } from "../../shared/events";
import { foldEvents } from "../../shared/evolve";
import type { HelloReply, SnapshotPart } from "../../shared/protocol";
import { assembleSnapshot, decodeSnapshotPart } from "../../shared/snapshot";
import { initialState, type OperationState } from "../../shared/state";
import { expectOk, newKey, startServer, type TestClient, type TestServer } from "../support/harness";
import { ModelClient, replyBytes } from "../support/modelClient";

/**
 * Issue 8 item 5, for control: the hello reply is bounded whatever the log holds. A state too big
 * for one reply comes as snapshot pages of one pinned state; the client assembles them, then
 * catches up what was committed meanwhile, and ends with exactly the fold of the log.
 */
const PAGE_BYTES = 65_536;

/** The reply's size as it goes on the wire (the ack's JSON, and a snapshot page's binary attachment). */
const bytes = replyBytes;
const itemsOf = (reply: HelloReply) =>
  reply.mode === "snapshot" ? decodeSnapshotPart(reply.data).items.length : reply.mode === "events" ? reply.events.length : 2;
/** Proxies and plain records compare alike once both are plain JSON. */
const plain = (s: OperationState) => JSON.parse(JSON.stringify(s)) as OperationState;

function hello(client: TestClient, body: { lastSeq: number | null; snapshot?: { seq: number; page: number } }): Promise<Ack<HelloReply>> {
  return client.socket.emitWithAck("sync:hello", { protocol: 1, opId: OP_ID, ...body });
}

/** A page with more than one item must fit; one item bigger than the page may go alone. */
function expectBounded(ack: Ack<HelloReply>): void {
  const reply = expectOk(ack);
  const items = itemsOf(reply);
  if (items > 1) expect(bytes(ack), `a ${reply.mode} reply of ${items} items`).toBeLessThanOrEqual(PAGE_BYTES);
}

describe("the control hello in pages (issue 8 item 5)", () => {
  let server: TestServer;
  let dir: string;
  const opened: { close(): void }[] = [];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-snap-"));
    const store = new SqliteEventStore(path.join(dir, "cordon.db"));
    await generateOperation(store, { hours: 1, units: 40, fixEveryMs: 600_000, events: 12_000, seed: 33 });
    await store.close();
    server = await startServer(
      { HELLO_PAGE_EVENTS: 500, HELLO_PAGE_BYTES: PAGE_BYTES, COMMAND_RATE_PER_SEC: 1_000, COMMAND_BURST: 1_000 },
      { dir },
    );
  }, 120_000);
  afterAll(async () => {
    for (const c of opened.splice(0)) c.close();
    await server?.close();
  });

  const log = async (): Promise<CordonEvent[]> => server.app.store.readAfter(OP_ID, 0);
  const decide = (c: TestClient, i: number) =>
    c.send(OP_ID, "decision:log", { decision: `Hold ${i}`, rationale: "Paging" }, newKey("snap"));

  it("D33: a fresh control hello on a big log comes in pages within the byte bound, of one state; with the events committed meanwhile it is the fold", async () => {
    const control = await server.connect("controller");
    const writer = await server.connect("commander");
    opened.push(control, writer);
    const first = expectOk(await hello(control, { lastSeq: null }));
    if (first.mode !== "snapshot") throw new Error(`expected snapshot pages, got ${first.mode}`);
    expect(first.pages).toBeGreaterThan(10);
    const parts: SnapshotPart[] = [decodeSnapshotPart(first.data)];
    expect(parts[0]?.core).toMatchObject({ seq: first.seq });
    let last = first;
    for (let page = 2; page <= first.pages; page++) {
      // Commits while paging: later pages are still of the pinned state, the events come after.
      if (page === 3) for (let i = 0; i < 5; i++) expectOk(await decide(writer, i));
      const ack = await hello(control, { lastSeq: null, snapshot: { seq: first.seq, page } });
      expectBounded(ack);
      const reply = expectOk(ack);
      if (reply.mode !== "snapshot") throw new Error(`page ${page}: ${reply.mode}`);
      expect([reply.seq, reply.page, reply.pages]).toEqual([first.seq, page, first.pages]);
      const part = decodeSnapshotPart(reply.data);
      expect(part.core).toBeUndefined();
      parts.push(part);
      last = reply;
    }
    expect(last.complete).toBe(false);
    expect(last.positions).toEqual([]);
    let state = assembleSnapshot(parts);
    expect(state.seq).toBe(first.seq);
    expect(plain(state)).toEqual(
      plain(
        foldEvents(
          initialState,
          (await log()).filter((e) => e.seq <= first.seq),
        ),
      ),
    );
    // Then the events from the snapshot's seq, in pages, to the head.
    for (let guard = 0; guard < 100; guard++) {
      const ack = await hello(control, { lastSeq: state.seq });
      expectBounded(ack);
      const reply = expectOk(ack);
      if (reply.mode !== "events") throw new Error(`expected events, got ${reply.mode}`);
      state = foldEvents(state, reply.events);
      if (reply.complete !== false) break;
    }
    const all = await log();
    expect(state.seq).toBe(all.at(-1)?.seq);
    expect(plain(state)).toEqual(plain(foldEvents(initialState, all)));
  }, 120_000);

  it("D34: the board's sync engine assembles the pages, shows progress, keeps live events, and ends with the fold; no reply over the bound", async () => {
    const writer = await server.connect("commander");
    opened.push(writer);
    const sizes: { mode: string; bytes: number; items: number }[] = [];
    const measuring = (inner: SyncTransport): SyncTransport => ({
      ...inner,
      request: async <T>(event: string, payload: unknown, timeoutMs: number) => {
        const ack = await inner.request<T>(event, payload, timeoutMs);
        const reply = (ack as Ack<HelloReply>).ok ? (ack as { data: HelloReply }).data : null;
        if (event === "sync:hello" && reply) {
          const items = itemsOf(reply);
          sizes.push({ mode: reply.mode, bytes: bytes(ack), items });
          // A command lands between two pages: it must not be lost.
          if (reply.mode === "snapshot" && reply.page === 2) void decide(writer, 100 + reply.page);
        }
        return ack;
      },
    });
    const cookie = await server.signIn("controller");
    const user = server.app.accounts.byUsername("controller");
    const board = new ModelClient(
      server.url,
      cookie,
      OP_ID,
      { kind: "control", userId: (await user)?.id ?? "controller" },
      { transport: measuring },
    );
    opened.push(board);
    await expect
      .poll(async () => board.engine.phase() === "live" && board.state.seq === (await log()).at(-1)?.seq, {
        timeout: 60_000,
        message: "the board loads and is live",
      })
      .toBe(true);
    const pages = board.progress.at(-1)?.[1] ?? 0;
    expect(pages).toBeGreaterThan(10);
    expect(board.progress).toEqual(Array.from({ length: pages }, (_, i) => [i + 1, pages]));
    expect(sizes.filter((s) => s.mode === "snapshot")).toHaveLength(pages);
    for (const s of sizes) if (s.items > 1) expect(s.bytes, `${s.mode} reply of ${s.items} items`).toBeLessThanOrEqual(PAGE_BYTES);
    expect(plain(board.state)).toEqual(plain(foldEvents(initialState, await log())));
    // Live from here: a new event arrives and is applied once.
    const ack = expectOk(await decide(writer, 999));
    await expect.poll(() => board.state.seq, { timeout: 15_000, message: "the live event arrives" }).toBe(ack.seq);
    expect(board.applied.filter((s) => s === ack.seq)).toHaveLength(1);
  }, 120_000);
});
