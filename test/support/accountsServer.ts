import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { io } from "socket.io-client";
import { type App, createApp } from "../../server/app";
import { seedDemoAccounts } from "../../server/auth/accounts";
import { type Config, testConfig } from "../../server/config";
import type { Storage } from "../../server/store/storage";
import type { Ack } from "../../shared/errors";
import type { CordonEvent } from "../../shared/events";
import type { SyncReply } from "../../shared/protocol";
import { newKey, type TestSocket, WAIT_MS, within } from "./harness";

/**
 * A real server on port 0 whose session clock the test moves (accounts and sessions, A9–A15).
 * The demo accounts are seeded with password `demo`.
 */
export interface AccountsServer {
  app: App;
  url: string;
  dir: string;
  /** The session clock: set `clock.t` to move it. */
  clock: { t: number };
  signIn(username: string, password?: string): Promise<string>;
  /** A JSON request with the cookie; the same-origin Origin header a browser would send. */
  // biome-ignore lint/suspicious/noExplicitAny: a test reads the JSON it asked for, field by field
  api(method: string, route: string, cookie: string | null, body?: unknown): Promise<{ status: number; body: any }>;
  socket(cookie: string, label: string): Promise<SessionSocket>;
  openOperation(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface SessionSocket {
  socket: TestSocket;
  events: CordonEvent[];
  /** Resolves with session:ended's reason and then the disconnect reason, or rejects after `ms`. */
  ended: (ms?: number) => Promise<{ reason: string; disconnect: string }>;
  hello(opId: string): Promise<Ack<SyncReply>>;
  send(opId: string, name: string, body: unknown): Promise<Ack<unknown>>;
}

/** `storage`: a store of the test's own (PostgreSQL shared by two servers); the server closes it. */
export async function startAccountsServer(overrides: Partial<Config> = {}, opts: { storage?: Storage } = {}): Promise<AccountsServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-accounts-"));
  const clock = { t: Date.now() };
  const app = createApp({
    config: testConfig({ DATABASE_PATH: path.join(dir, "cordon.db"), ...overrides }),
    sessionClock: () => clock.t,
    ...(opts.storage ? { storage: opts.storage } : {}),
  });
  await app.start();
  await seedDemoAccounts(app.accounts, "demo");
  await new Promise<void>((resolve) => app.httpServer.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  const sockets: TestSocket[] = [];

  const api: AccountsServer["api"] = async (method, route, cookie, body) => {
    const headers: Record<string, string> = { accept: "application/json", origin: url };
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${url}${route}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  const signIn = async (username: string, password = "demo") => {
    const res = await fetch(`${url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: url },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status}`);
    return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  };

  const socket = async (cookie: string, label: string): Promise<SessionSocket> => {
    const s: TestSocket = io(url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false, forceNew: true });
    sockets.push(s);
    const events: CordonEvent[] = [];
    s.on("event", (e) => events.push(e));
    let reason: string | null = null;
    s.on("session:ended", (info) => {
      reason = info.reason;
    });
    const disconnected = new Promise<string>((resolve) => s.once("disconnect", (why) => resolve(why)));
    await within(
      new Promise<void>((resolve, reject) => {
        s.once("connect", () => resolve());
        s.once("connect_error", reject);
      }),
      WAIT_MS,
      `${label}'s socket connecting`,
    );
    const ask = (ev: string, payload: unknown) =>
      (s.timeout(WAIT_MS) as unknown as { emitWithAck(ev: string, p: unknown): Promise<Ack<unknown>> }).emitWithAck(ev, payload);
    return {
      socket: s,
      events,
      ended: async (ms = WAIT_MS) => {
        const disconnect = await within(disconnected, ms, `${label}'s socket being closed by the server`);
        return { reason: reason ?? "(no session:ended)", disconnect };
      },
      hello: (opId) => ask("sync:hello", { protocol: 1, opId, lastSeq: null }) as Promise<Ack<SyncReply>>,
      send: (opId, name, body) => ask(name, { opId, key: newKey(label), body }),
    };
  };

  const openOperation = async (name: string) => {
    const { status, body } = await api("POST", "/api/operations", await signIn("commander"), { name });
    if (status !== 201) throw new Error(`opening ${name} failed: ${status} ${JSON.stringify(body)}`);
    return body.operation.id as string;
  };

  return {
    app,
    url,
    dir,
    clock,
    signIn,
    api,
    socket,
    openOperation,
    async close() {
      for (const s of sockets) s.close();
      await app.close();
      await new Promise<void>((resolve) => app.httpServer.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
