import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../server/app";
import { seedDemoAccounts } from "../../server/auth/accounts";
import { testConfig } from "../../server/config";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import {
  createRedisSpace,
  createTestSchema,
  postgresAvailable,
  redisAvailable,
  type TestRedisSpace,
  type TestSchema,
} from "../support/services";
import { Balancer } from "./balancer";

const up = (await postgresAvailable()) && (await redisAvailable());

/**
 * PostgreSQL or Redis going away while the server runs (issue 9, "Bad conditions"): each is
 * reached through a forwarder the test cuts, as a network failure or a restart would.
 */
describe.skipIf(!up)("outages of PostgreSQL and Redis while running", () => {
  let schema: TestSchema;
  let space: TestRedisSpace;
  let dir: string;
  let pgLink: Balancer;
  let redisLink: Balancer;
  let app: App;
  let url = "";
  let opId = "";
  let controller: Socket;

  beforeAll(async () => {
    schema = await createTestSchema();
    space = createRedisSpace();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-outage-"));
    pgLink = new Balancer([5432]);
    redisLink = new Balancer([6379]);
    const pgPort = await pgLink.listen();
    const redisPort = await redisLink.listen();
    const dbUrl = schema.url.replace("127.0.0.1:5432", `127.0.0.1:${pgPort}`);
    const config = testConfig({
      DATABASE_URL: dbUrl,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_PREFIX: space.prefix,
      DATABASE_PATH: path.join(dir, "unused.db"),
      CHECKPOINT_DIR: path.join(dir, "checkpoints"),
      CHECKPOINT_KEY_FILE: path.join(dir, "key.pem"),
    });
    app = createApp({ config, storage: await openPostgresStorage(dbUrl) });
    await app.start();
    await seedDemoAccounts(app.accounts, "demo");
    opId = (
      await app.ops.open(
        { userId: "t", role: "commander", name: "Outage test" },
        { name: "Outage test", venueId: "wembley", cadStart: 1, phases: [] },
      )
    ).opId;
    await new Promise<void>((resolve) => app.httpServer.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
    const res = await fetch(`${url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "controller", password: "demo" }),
    });
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    controller = io(url, { transports: ["websocket"], extraHeaders: { cookie }, forceNew: true });
    await new Promise<void>((resolve) => controller.once("connect", () => resolve()));
    const hello = (await controller.timeout(15_000).emitWithAck("sync:hello", { protocol: 1, opId, lastSeq: null } as never)) as {
      ok: boolean;
    };
    expect(hello.ok).toBe(true);
  }, 60_000);

  afterAll(async () => {
    controller?.close();
    pgLink?.restore();
    redisLink?.restore();
    await app?.close();
    await pgLink?.close();
    await redisLink?.close();
    await schema?.drop();
    await space?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  let n = 0;
  const alert = async (text: string) =>
    (await controller
      .timeout(20_000)
      .emitWithAck("alert:send" as never, { opId, key: `outage-${++n}-key`, body: { audience: "all", text } } as never)) as {
      ok: boolean;
      data?: { seq: number };
      error?: { code: string; message: string };
    };

  it("N5: PostgreSQL gone: commands get a 'not saved' error ack, nothing is lost silently; back: commands are taken again and the log is whole", async () => {
    const before = await alert("before the outage");
    expect(before.ok).toBe(true);
    pgLink.cut();
    const during = await alert("during the outage");
    expect(during.ok).toBe(false);
    expect(during.error?.code).toBe("unavailable");
    expect(during.error?.message).toMatch(/not saved/i);
    pgLink.restore();
    let after = await alert("after the outage");
    // The pool's broken connections are replaced on the next use: one more try at most.
    for (let i = 0; i < 5 && !after.ok; i++) after = await alert("after the outage");
    expect(after.ok, JSON.stringify(after)).toBe(true);
    const log = await app.store.readAfter(opId, 0);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    const texts = log.flatMap((e) => (e.type === "AlertSent" ? [e.payload.text] : []));
    expect(texts).toContain("before the outage");
    expect(texts).not.toContain("during the outage");
    expect(texts).toContain("after the outage");
    expect(app.ops.get(opId)!.state.seq).toBe(log.length);
  }, 120_000);

  it("N6: Redis gone: the process stays up and its own clients keep working; back: it carries on", async () => {
    redisLink.cut();
    const during = await alert("while Redis is away");
    expect(during.ok, JSON.stringify(during)).toBe(true);
    redisLink.restore();
    const after = await alert("Redis is back");
    expect(after.ok).toBe(true);
    expect(controller.connected).toBe(true);
  }, 120_000);
});
