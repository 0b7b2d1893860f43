import { io } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config";
import { expectOk, startServer, type TestServer, WAIT_MS, within } from "../support/harness";

describe("security at the edges (DESIGN §8)", () => {
  let server: TestServer;
  let opId: string;
  beforeEach(async () => {
    server = await startServer();
    opId = await server.openOperation();
  });
  afterEach(async () => server.close());

  const handshake = (headers: Record<string, string>) =>
    within(
      new Promise<string>((resolve) => {
        const socket = io(server.url, { transports: ["websocket"], extraHeaders: headers, reconnection: false, forceNew: true });
        socket.once("connect", () => {
          socket.close();
          resolve("connected");
        });
        socket.once("connect_error", (err) => {
          socket.close();
          resolve(`refused: ${err.message}`);
        });
      }),
      WAIT_MS,
      `a handshake with ${Object.keys(headers).join(", ") || "no headers"}`,
    );

  it("A1: a socket needs a live session, and a browser's handshake an allowed origin", async () => {
    expect(await handshake({})).toMatch(/refused: unauthenticated/);
    expect(await handshake({ cookie: "cordon_sid=forged" })).toMatch(/refused: unauthenticated/);
    const cookie = await server.signIn("controller");
    expect(await handshake({ cookie })).toBe("connected");
    expect(await handshake({ cookie, origin: server.url })).toBe("connected");
    expect(await handshake({ cookie, origin: "https://evil.example" })).toMatch(/refused/);
  });

  it("A2: a role change ends the session: the socket is closed at once, before it sends anything", async () => {
    const control = await server.connect("controller");
    expectOk(await control.hello(opId, null));
    const ended = new Promise<string>((resolve) => control.socket.once("session:ended", ({ reason }) => resolve(reason)));
    const gone = new Promise<string>((resolve) => control.socket.once("disconnect", (why) => resolve(why)));
    const user = await server.app.accounts.byUsername("controller");
    await server.app.accounts.setRole(user!.id, "analyst");
    expect(await within(ended, WAIT_MS, "session:ended after the role changed")).toMatch(/sign in again/);
    expect(await within(gone, WAIT_MS, "the socket closing after its role changed")).toBe("io server disconnect");
    expect(server.app.ops.get(opId)?.state.decisions).toEqual([]);
  });

  it("A3: sign-in is throttled per address and username", async () => {
    const attempt = (password: string) =>
      fetch(`${server.url}/api/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "steward2", password }),
      }).then((r) => r.status);
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push(await attempt("wrong"));
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Even the right password waits out the throttle.
    expect(await attempt("demo")).toBe(429);
  });

  it("A4: an oversize body gets 413 and a bad config value stops start-up with its name", async () => {
    const cookie = await server.signIn("commander");
    const res = await fetch(`${server.url}/api/operations`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ name: "x".repeat(70_000) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(ConfigError);
    expect(() => loadConfig({ GROUP_COMMIT_MS: "500" })).toThrow(/GROUP_COMMIT_MS="500"/);
  });
});
