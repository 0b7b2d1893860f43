import { afterEach, describe, expect, it } from "vitest";
import { expectOk, startServer, type TestServer } from "../support/harness";

/**
 * A device may send `position:report` without asking for an ack (issue 14): a tracker that sends
 * every second needs no answer to each fix, and the server then writes no ack frame at all.
 */
describe("position reports without an ack (issue 14)", () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it("Z5: a report sent without an ack callback is stored and delivered, and the server sends no ack frame for it", async () => {
    server = await startServer();
    const opId = await server.openOperation("Acks");
    const control = await server.connect("controller");
    expectOk(
      await control.send(opId, "unit:register", {
        unitId: "psu-12a",
        callSign: "12A",
        kind: "serial",
        agency: "MPS",
        sector: "olympic-way",
      }),
    );
    expectOk(await control.hello(opId, null));
    const officer = await server.connect("officer"); // unit psu-12a
    // socket.io's ack packets (type 3) as they arrive on the officer's connection.
    const ackFrames: string[] = [];
    officer.socket.io.engine.on("packet", (p) => {
      if (p.type === "message" && typeof p.data === "string" && p.data.startsWith("3")) ackFrames.push(p.data);
    });

    // The typed event map names the ack every client of ours asks for; a tracker may leave it out.
    const bare = officer.socket as unknown as { emit(event: string, payload: unknown): void };
    bare.emit("position:report", { opId, fixes: [{ unitId: "psu-12a", lat: 51.5586, lng: -0.2794, at: 1_000 }] });
    await control.waitForFrame((f) => f.fixes.some((x) => x[0] === "psu-12a" && x[3] === 1_000));
    // Then one with an ack: its frame is the only ack frame the officer has received.
    const acked = await officer.socket.emitWithAck("position:report", {
      opId,
      fixes: [{ unitId: "psu-12a", lat: 51.5587, lng: -0.2795, at: 2_000 }],
    });
    expect(expectOk(acked)).toEqual({ stored: 1 });
    expect(ackFrames).toHaveLength(1);
    expect(await server.app.store.track(opId, 0, 5_000, "psu-12a")).toHaveLength(2);
  });
});
