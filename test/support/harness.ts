import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
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
  socket: TestSocket;
  events: CordonEvent[];
  frames: PositionsFrame[];
  hello(opId: string, lastSeq: number | null): Promise<Ack<SyncReply>>;
  send<N extends CommandName>(opId: string, name: N, body: CommandInput<N>, key?: string): Promise<Ack<CommandResult>>;
  /** Resolves when an event matching `match` has arrived (or rejects after `ms`). */
  waitFor(match: (e: CordonEvent) => boolean, ms?: number): Promise<CordonEvent>;
  close(): void;
}

let keyCounter = 0;
export const newKey = (prefix = "k") => `${prefix}-${process.pid}-${Date.now()}-${++keyCounter}`;

export async function startServer(overrides: Partial<Config> = {}, opts: { dir?: string; now?: () => number } = {}): Promise<TestServer> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "cordon-test-"));
  const dbPath = path.join(dir, "cordon.db");
  const app = createApp({ config: testConfig({ DATABASE_PATH: dbPath, ...overrides }), ...(opts.now ? { now: opts.now } : {}) });
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
    const events: CordonEvent[] = [];
    const frames: PositionsFrame[] = [];
    const waiters: { match: (e: CordonEvent) => boolean; resolve: (e: CordonEvent) => void }[] = [];
    socket.on("event", (e) => {
      events.push(e);
      for (const w of [...waiters])
        if (w.match(e)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(e);
        }
    });
    socket.on("positions", (f) => frames.push(f));
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    return {
      socket,
      events,
      frames,
      hello: (opId, lastSeq) => socket.emitWithAck("sync:hello", { protocol: 1, opId, lastSeq }),
      send: (opId, name, body, key = newKey()) =>
        // The typed map has one signature per command; the harness sends any of them.
        (socket.emitWithAck as (ev: string, payload: unknown) => Promise<Ack<CommandResult>>)(name, { opId, key, body }),
      waitFor: (match, ms = 5000) => {
        const seen = events.find(match);
        if (seen) return Promise.resolve(seen);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("timed out waiting for an event")), ms);
          waiters.push({
            match,
            resolve: (e) => {
              clearTimeout(timer);
              resolve(e);
            },
          });
        });
      },
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
