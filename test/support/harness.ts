import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { expect } from "vitest";
import { type App, createApp } from "../../server/app";
import { seedDemoAccounts } from "../../server/auth/accounts";
import { type Config, testConfig } from "../../server/config";
import type { CommandInput, CommandName } from "../../shared/commands";
import type { Ack } from "../../shared/errors";
import type { CordonEvent } from "../../shared/events";
import type { ClientToServerEvents, CommandResult, ServerToClientEvents, SyncReply } from "../../shared/protocol";
import type { PositionsFrame } from "../../shared/wire";

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  app: App;
  url: string;
  dir: string;
  dbPath: string;
  /** Signs in a demo account and returns its session cookie. */
  signIn(username: string): Promise<string>;
  /** A real socket.io client signed in as a demo account, recording what it receives. */
  connect(username: string): Promise<TestClient>;
  /** Opens an operation as the demo commander and returns its id. */
  openOperation(name?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestClient {
  username: string;
  socket: TestSocket;
  events: CordonEvent[];
  frames: PositionsFrame[];
  hello(opId: string, lastSeq: number | null): Promise<Ack<SyncReply>>;
  send<N extends CommandName>(opId: string, name: N, body: CommandInput<N>, key?: string): Promise<Ack<CommandResult>>;
  /**
   * Resolves with the first event matching `match`, already received or still to come; rejects
   * after `ms` with a message naming `what` (by default the predicate's source).
   */
  waitFor(match: (e: CordonEvent) => boolean, ms?: number, what?: string): Promise<CordonEvent>;
  /** The same for positions frames. */
  waitForFrame(match: (f: PositionsFrame) => boolean, ms?: number, what?: string): Promise<PositionsFrame>;
  close(): void;
}

/** Generous: a loaded machine is slow, never wrong. Every wait still ends, with a message. */
export const WAIT_MS = 15_000;

/** Items arriving on one socket, and the waits for them. */
class Inbox<T> {
  readonly items: T[] = [];
  private waiters: { match: (x: T) => boolean; resolve: (x: T) => void }[] = [];

  constructor(private readonly label: string) {}

  push(x: T): void {
    this.items.push(x);
    for (const w of [...this.waiters])
      if (w.match(x)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(x);
      }
  }

  wait(match: (x: T) => boolean, ms: number, what: string): Promise<T> {
    const seen = this.items.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (x: T) => {
          clearTimeout(timer);
          resolve(x);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`${this.label}: timed out after ${ms} ms waiting for ${what} (${this.items.length} received)`));
      }, ms);
      this.waiters.push(waiter);
    });
  }
}

/** Rejects with `message` unless `promise` settles within `ms`. */
export function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${message}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let keyCounter = 0;
export const newKey = (prefix = "k") => `${prefix}-${process.pid}-${Date.now()}-${++keyCounter}`;

export async function startServer(
  overrides: Partial<Config> = {},
  opts: { dir?: string; now?: () => number; limitClock?: () => number } = {},
): Promise<TestServer> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "cordon-test-"));
  const dbPath = path.join(dir, "cordon.db");
  const app = createApp({
    config: testConfig({ DATABASE_PATH: dbPath, ...overrides }),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.limitClock ? { limitClock: opts.limitClock } : {}),
  });
  await app.start();
  await seedDemoAccounts(app.accounts, "demo");
  await new Promise<void>((resolve) => app.httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const sockets: TestSocket[] = [];

  const signIn = async (username: string) => {
    const res = await fetch(`${url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: "demo" }),
    });
    if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status}`);
    return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  };

  const connect = async (username: string): Promise<TestClient> => {
    const cookie = await signIn(username);
    const socket: TestSocket = io(url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false, forceNew: true });
    sockets.push(socket);
    const events = new Inbox<CordonEvent>(`${username}'s events`);
    const frames = new Inbox<PositionsFrame>(`${username}'s positions frames`);
    socket.on("event", (e) => events.push(e));
    socket.on("positions", (f) => frames.push(f));
    await within(
      new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      }),
      WAIT_MS,
      `${username}'s socket connecting`,
    );
    // Acks are awaited with a bound: a server that never answers fails the test with the command's name.
    const ask = <T>(ev: string, payload: unknown, what: string) =>
      (socket.timeout(WAIT_MS) as unknown as { emitWithAck(ev: string, p: unknown): Promise<T> }).emitWithAck(ev, payload).catch((err) => {
        throw new Error(`${username}: no ack for ${what} within ${WAIT_MS} ms (${(err as Error).message})`);
      });
    return {
      username,
      socket,
      events: events.items,
      frames: frames.items,
      hello: (opId, lastSeq) => ask<Ack<SyncReply>>("sync:hello", { protocol: 1, opId, lastSeq }, `sync:hello after ${lastSeq}`),
      // The typed map has one signature per command; the harness sends any of them.
      send: (opId, name, body, key = newKey()) => ask<Ack<CommandResult>>(name, { opId, key, body }, `${name} (${key})`),
      waitFor: (match, ms = WAIT_MS, what = `an event matching ${match}`) => events.wait(match, ms, what),
      waitForFrame: (match, ms = WAIT_MS, what = `a positions frame matching ${match}`) => frames.wait(match, ms, what),
      close: () => socket.close(),
    };
  };

  const openOperation = async (name = "Test operation") => {
    const cookie = await signIn("commander");
    const res = await fetch(`${url}/api/operations`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ name }),
    });
    const body = (await res.json()) as { operation: { id: string } };
    return body.operation.id;
  };

  return {
    app,
    url,
    dir,
    dbPath,
    signIn,
    connect,
    openOperation,
    async close() {
      for (const s of sockets) s.close();
      await app.close();
      await new Promise<void>((resolve) => app.httpServer.close(() => resolve()));
    },
  };
}

export function expectOk<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/**
 * A command every watcher is entitled to see, sent after the thing under test. One connection
 * delivers in order and the server emits in commit order, so once a watcher has the sentinel it
 * has everything sent to it before: "nobody else received X" is then a fact, not a guess from a sleep.
 */
export interface Sentinel {
  what: string;
  send(): Promise<Ack<CommandResult>>;
}

/** An alert to everyone: control, every steward and every unit receive it (the sender's rooms must be joined by a hello). */
export function alertSentinel(sender: TestClient, opId: string, text = `sentinel ${newKey("s")}`): Sentinel {
  return { what: `the alert "${text}"`, send: () => sender.send(opId, "alert:send", { audience: "all", text }) };
}

/** What each watcher had received at a moment: pass it to `expectNothingElse`. */
export type Marks = { events: number; frames: number }[];
export const marks = (watchers: readonly TestClient[]): Marks =>
  watchers.map((w) => ({ events: w.events.length, frames: w.frames.length }));

/** Sends the sentinel and waits until every watcher has received it; returns its seq. */
export async function passSentinel(watchers: readonly TestClient[], sentinel: Sentinel): Promise<number> {
  const { seq } = expectOk(await sentinel.send());
  await Promise.all(watchers.map((w) => w.waitFor((e) => e.seq === seq, WAIT_MS, `${sentinel.what} (seq ${seq})`)));
  return seq;
}

/**
 * Proves that the watchers received nothing since `since` (by default: since they connected)
 * but the sentinel: no event, no positions frame.
 */
export async function expectNothingElse(watchers: readonly TestClient[], sentinel: Sentinel, since?: Marks): Promise<void> {
  const seq = await passSentinel(watchers, sentinel);
  for (const [i, w] of watchers.entries()) {
    const from = since?.[i] ?? { events: 0, frames: 0 };
    const extra = w.events.slice(from.events).filter((e) => e.seq !== seq);
    expect(
      extra.map((e) => `${e.type}@${e.seq}`),
      `${w.username} received events before ${sentinel.what}`,
    ).toEqual([]);
    expect(w.frames.slice(from.frames), `${w.username} received positions before ${sentinel.what}`).toEqual([]);
  }
}
