import { afterEach, describe, expect, it } from "vitest";
import { expectOk, startServer, type TestServer } from "../support/harness";

/** What one connection holds on the server (issue 14): the gateway's listener is shared, not built per socket. */
describe("per-connection cost (issue 14)", () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it("Z7: every socket carries the same one message listener and no listener per command; each still gets its own acks", async () => {
    server = await startServer();
    const opId = await server.openOperation("Cost");
    const a = await server.connect("steward");
    const b = await server.connect("steward2");
    const [sa, sb] = [a, b].map((c) => server.app.io.sockets.sockets.get(c.socket.id ?? ""));
    if (!sa || !sb) throw new Error("the server does not know the test sockets");
    expect(sa.listenersAny()).toHaveLength(1);
    expect(sa.listenersAny()[0]).toBe(sb.listenersAny()[0]);
    expect(sa.eventNames().filter((n) => n !== "disconnect" && n !== "disconnecting" && n !== "error")).toEqual([]);
    // The shared listener answers each socket on its own: one steward's report, the other's refusal.
    const sent = await a.send(opId, "report:submit", { type: "other", postId: "post-ow-boxpark", text: "Queue at J", reporterTime: 1 });
    const refused = await b.send(opId, "alert:send", { audience: "all", text: "Not a steward's" });
    expect(expectOk(sent).seq).toBe(2);
    expect(refused.ok ? "" : refused.error.code).toBe("forbidden");
  });
});
