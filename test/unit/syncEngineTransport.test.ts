import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { type CordonSocket, socketTransport, systemTimers, type TransportListener } from "../../client/src/sync/transport";

/** The transport adapter over a real socket.io pair in this process (port 0). */
describe("the socket transport", () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });

  async function pair() {
    const http = createServer();
    const server = new Server(http);
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    const socket = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
      transports: ["websocket"],
      forceNew: true,
      autoConnect: false,
      reconnection: false,
    }) as unknown as CordonSocket;
    cleanups.push(() => {
      socket.close();
      server.close();
    });
    return { server, socket };
  }

  it("C13: it reports connect, disconnect, events and heads to a listener until unsubscribed, and requests with an ack", async () => {
    const { server, socket } = await pair();
    const t = socketTransport(socket);
    const heard: string[] = [];
    const listener: TransportListener = {
      connect: () => heard.push("connect"),
      disconnect: (reason) => heard.push(`disconnect ${reason}`),
      event: (e) => heard.push(`event ${e.seq}`),
      head: (h) => heard.push(`head ${h.seq}`),
    };
    const stop = t.listen(listener);
    server.on("connection", (s) => {
      s.on("echo", (p: unknown, ack: (r: unknown) => void) => ack({ ok: true, data: p }));
      s.on("silent", () => undefined);
      s.emit("event", { seq: 7 });
      s.emit("head", { opId: "op", seq: 8, now: 1 });
    });
    expect(t.connected()).toBe(false);
    const connected = new Promise<void>((r) => socket.once("connect", () => r()));
    socket.connect();
    await connected;
    expect(t.connected()).toBe(true);
    expect(await t.request("echo", { x: 1 }, 5000)).toEqual({ ok: true, data: { x: 1 } });
    await expect(t.request("silent", {}, 50)).rejects.toThrow();
    expect(heard).toEqual(["connect", "event 7", "head 8"]);
    const gone = new Promise<void>((r) => socket.once("disconnect", () => r()));
    server.disconnectSockets();
    await gone;
    expect(heard.at(-1)).toBe("disconnect io server disconnect");
    stop();
    const again = new Promise<void>((r) => socket.once("connect", () => r()));
    socket.connect();
    await again;
    expect(heard.filter((h) => h === "connect")).toHaveLength(1);
  });

  it("C13: system timers fire after their delay unless cancelled, and tell the time", async () => {
    const fired: string[] = [];
    const before = Date.now();
    const cancel = systemTimers.after(1, () => fired.push("cancelled"));
    cancel();
    await new Promise<void>((r) => systemTimers.after(5, () => r()));
    expect(fired).toEqual([]);
    expect(systemTimers.now()).toBeGreaterThanOrEqual(before);
  });
});
