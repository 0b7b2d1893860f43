import { afterEach, describe, expect, it } from "vitest";
import { expectOk, startServer, type TestClient, type TestServer, WAIT_MS } from "../support/harness";
import { until } from "../support/until";

type Head = { opId: string; seq: number | null; now: number };

/** Who hears `head` on a real server (issue 14): control its seq and a heartbeat, the others their clock. */
describe("heads over real sockets (issue 14)", () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  function heads(c: TestClient): Head[] {
    const got: Head[] = [];
    c.socket.on("head", (h) => got.push(h));
    return got;
  }

  it("Z1 Z2 Z3: an idle steward and officer hear two clock samples after hello and nothing more while control hears its heartbeats", async () => {
    server = await startServer();
    const opId = await server.openOperation("Heads");
    const control = await server.connect("controller");
    const steward = await server.connect("steward");
    const officer = await server.connect("officer");
    const [c, s, o] = [heads(control), heads(steward), heads(officer)];
    expectOk(await control.hello(opId, null));
    expectOk(await steward.hello(opId, null));
    expectOk(await officer.hello(opId, null));
    const seq = server.app.ops.get(opId)!.state.seq;
    await until(() => s.length >= 2 && o.length >= 2, "the steward's and officer's two clock samples", WAIT_MS);
    for (const h of [...s, ...o]) expect(h).toMatchObject({ opId, seq: null });
    expect(s[1]!.now).toBeGreaterThan(s[0]!.now);
    // Control's heartbeats carry the unchanged seq; four of them span at least 6 s, in which a
    // once-a-second broadcast would have sent the others several heads more.
    const heard = c.length;
    await until(() => c.length >= heard + 4, "four heartbeats on control", 20_000);
    expect(c.every((h) => h.seq === seq)).toBe(true);
    expect(s).toHaveLength(2);
    expect(o).toHaveLength(2);
  });

  it("Z2: control hears the new seq in a head soon after an append", async () => {
    server = await startServer();
    const opId = await server.openOperation("Heads");
    const control = await server.connect("controller");
    const c = heads(control);
    expectOk(await control.hello(opId, null));
    const { seq } = expectOk(await control.send(opId, "alert:send", { audience: "all", text: "Gate C closing" }));
    await until(() => c.some((h) => h.seq === seq), `a head with seq ${seq}`, WAIT_MS);
  });
});
