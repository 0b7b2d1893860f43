import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxEntry } from "../../client/src/outbox/outboxEntry";
import { type SignOutQueue, settleSignOuts } from "../../client/src/outbox/pendingSignOut";
import { drainInWorker } from "../../client/src/outbox/workerDrain";
import { memoryOutbox } from "../support/faultyTransport";
import { newKey, startServer, type TestServer } from "../support/harness";

/**
 * What the service worker runs on a Background Sync wake-up (client/src/sw.ts), against a real
 * server: headless Chromium cannot be made to fire a 'sync' event, so the functions the worker
 * calls are tested here with the browser's fetch replaced by one carrying the session cookie.
 */
describe("the service worker's drain and queued sign-out, over HTTP", () => {
  let server: TestServer;
  let first: string;
  let second: string;

  beforeAll(async () => {
    server = await startServer();
    first = await server.openOperation("First match");
    second = await server.openOperation("Second match");
  });
  afterAll(() => server?.close());

  /** The worker's fetch: same-origin paths, this browser's cookie. */
  const browserFetch = (cookie: string) => (path: string, init: RequestInit) =>
    fetch(`${server.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
  const reportsIn = (opId: string) => Object.values(server.app.ops.get(opId)?.state.reports ?? {});

  const entry = (userId: string, opId: string, text: string, madeAt: number): OutboxEntry => ({
    key: newKey("sw"),
    opId,
    opName: "First match",
    userId,
    command: "report:submit",
    body: { type: "crowd-surge", postId: "post-ow-boxpark", text, reporterTime: Date.now() },
    label: text,
    madeAt,
    state: "pending",
    failure: null,
    attachments: [],
  });

  it("O6: the worker sends the signed-in steward's pending entries, each to the operation it was made in, once; a refused one is kept marked", async () => {
    const cookie = await server.signIn("steward");
    const steward = (await server.app.accounts.byUsername("steward"))!;
    const mine = entry(steward.id, first, "worker: to the first match", 1);
    const gone = entry(steward.id, "op-closed", "worker: to a closed operation", 2);
    const { storage, entries } = memoryOutbox([mine, gone]);
    const asked: string[] = [];
    const storageOf = (id: string) => {
      asked.push(id);
      return storage;
    };

    const result = await drainInWorker({ fetch: browserFetch(cookie), storageOf, now: () => 5 });
    expect(result).toEqual({ userId: steward.id, sent: 1, refused: 1, left: 0 });
    expect(asked).toEqual([steward.id]);
    expect(reportsIn(first).filter((r) => r.text === mine.label)).toHaveLength(1);
    expect(reportsIn(second).filter((r) => r.text === mine.label)).toHaveLength(0);
    expect(entries.has(mine.key)).toBe(false);
    expect(entries.get(gone.key)).toMatchObject({ state: "refused", failure: { code: "not_found" } });

    // A second wake-up sends nothing again.
    entries.set(mine.key, mine);
    await drainInWorker({ fetch: browserFetch(cookie), storageOf, now: () => 6 });
    expect(reportsIn(first).filter((r) => r.text === mine.label)).toHaveLength(1);
  });

  it("O6: with no signal the entries stay pending and the worker says so (the browser fires the sync again); signed out, nothing is sent", async () => {
    const steward = (await server.app.accounts.byUsername("steward"))!;
    const waiting = entry(steward.id, first, "worker: no signal", 3);
    const { storage, entries } = memoryOutbox([waiting]);
    const noSignal = () => Promise.reject(new TypeError("Failed to fetch"));
    await expect(drainInWorker({ fetch: noSignal, storageOf: () => storage, now: () => 1 })).rejects.toThrow();
    expect(entries.get(waiting.key)?.state).toBe("pending");

    const signedOut = await drainInWorker({ fetch: browserFetch(""), storageOf: () => storage, now: () => 1 });
    expect(signedOut).toEqual({ userId: null, sent: 0, refused: 0, left: 0 });
    expect(reportsIn(first).some((r) => r.text === waiting.label)).toBe(false);
  });

  it("O7: a sign-out queued offline ends that session when the phone is next online: the old cookie then gets 401", async () => {
    const cookie = await server.signIn("steward");
    const steward = (await server.app.accounts.byUsername("steward"))!;
    const queued = new Map([[steward.id, { userId: steward.id, at: 1 }]]);
    const queue: SignOutQueue = {
      add: async (userId, at) => void queued.set(userId, { userId, at }),
      list: async () => [...queued.values()],
      remove: async (userId) => void queued.delete(userId),
    };
    // Still offline: it stays queued.
    expect(await settleSignOuts(() => Promise.reject(new TypeError("offline")), queue)).toBe(1);
    expect((await fetch(`${server.url}/api/session`, { headers: { cookie } })).status).toBe(200);

    expect(await settleSignOuts(browserFetch(cookie), queue)).toBe(0);
    expect(queued.size).toBe(0);
    expect((await fetch(`${server.url}/api/session`, { headers: { cookie } })).status).toBe(401);
  });

  it("O7: a queued sign-out never ends the session of the next person who signed in on the phone", async () => {
    const cookie = await server.signIn("controller");
    const queued = new Map([["u-someone-else", { userId: "u-someone-else", at: 1 }]]);
    const queue: SignOutQueue = {
      add: async () => undefined,
      list: async () => [...queued.values()],
      remove: async (userId) => void queued.delete(userId),
    };
    expect(await settleSignOuts(browserFetch(cookie), queue)).toBe(0);
    expect(queued.size).toBe(0);
    expect((await fetch(`${server.url}/api/session`, { headers: { cookie } })).status).toBe(200);
  });
});
