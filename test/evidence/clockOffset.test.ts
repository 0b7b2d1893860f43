import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "../../shared/wire";
import { expectOk, startServer, type TestServer } from "../support/harness";

const MIN = 60_000;

/** Honest times (issue 13): the server measures a phone's clock at each hello and keeps the offset with its reports. */
describe("the phone's clock offset", () => {
  let server: TestServer;
  let opId: string;
  beforeAll(async () => {
    server = await startServer();
    opId = await server.openOperation("Clock offsets");
  });
  afterAll(async () => server?.close());

  it("X6: a phone 47 minutes slow at its hello has its report stamped with that offset; one that sent no clock has none", async () => {
    const slow = await server.connect("steward");
    const phoneNow = Date.now() - 47 * MIN;
    const hello = await slow.socket.emitWithAck("sync:hello", { protocol: PROTOCOL_VERSION, opId, lastSeq: null, clientTime: phoneNow });
    expect(hello.ok).toBe(true);
    const sent = expectOk(await slow.send(opId, "report:submit", { type: "medical", postId: "post-ow-boxpark", reporterTime: phoneNow }));
    const [event] = await server.app.store.readAfter(opId, sent.seq - 1, 1);
    expect(event?.type).toBe("StewardReportSubmitted");
    const offset = event?.type === "StewardReportSubmitted" ? event.payload.clockOffsetMs : null;
    // Measured against the server's clock when the hello arrived: 47 minutes, less the trip.
    expect(offset).toBeGreaterThanOrEqual(47 * MIN);
    expect(offset).toBeLessThan(48 * MIN);
    expect(server.app.ops.get(opId)?.state.reports[`rep-1`]?.clockOffsetMs).toBe(offset);

    const unknown = await server.connect("steward2");
    expectOk(await unknown.hello(opId, null));
    const plain = expectOk(
      await unknown.send(opId, "report:submit", { type: "medical", postId: "post-ts-entrance-h", reporterTime: Date.now() }),
    );
    const [second] = await server.app.store.readAfter(opId, plain.seq - 1, 1);
    expect(second?.type === "StewardReportSubmitted" && second.payload.clockOffsetMs).toBeNull();
    slow.close();
    unknown.close();
  });
});
