import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../server/app";
import { seedDemoAccounts } from "../../server/auth/accounts";
import { testConfig } from "../../server/config";
import { verifyExport } from "../../server/export/verifyExport";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import type { ReplayMeta, ReplayState } from "../../shared/replay";
import type { OperationState } from "../../shared/state";
import { createTestSchema, postgresAvailable, type TestSchema } from "../support/services";

const up = await postgresAvailable();
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const OLYMPIC_WAY = { lat: 51.5588, lng: -0.2817 };

/**
 * The end-to-end proof on PostgreSQL (issue 9 item 1): a real server on its own schema, real
 * sockets sending commands, then the replay over HTTP at each moment a command was applied
 * equals the live state then, and the event-log export verifies.
 */
describe.skipIf(!up)("replay and export on PostgreSQL, end to end", () => {
  let schema: TestSchema;
  let dir: string;
  let app: App;
  let url: string;
  const sockets: Socket[] = [];
  /** Record time; each command moves it on a second, so every state has a time of its own. */
  let clock = Date.UTC(2023, 9, 17, 17, 30);
  const live = new Map<number, OperationState>();
  let opId: string;

  const signIn = async (username: string) => {
    const res = await fetch(`${url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: "demo" }),
    });
    expect(res.status, `sign-in of ${username}`).toBe(200);
    return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  };
  const connect = async (username: string) => {
    const socket = io(url, {
      transports: ["websocket"],
      extraHeaders: { cookie: await signIn(username) },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    return socket;
  };
  /** Sends a command, checks its ack, and keeps the live state it left. */
  const run = async (socket: Socket, name: string, body: unknown) => {
    clock += 1000;
    const ack = (await socket.timeout(15_000).emitWithAck(name, { opId, key: `${name}-${clock}`, body })) as { ok: boolean };
    expect(ack, `${name}: ${JSON.stringify(ack)}`).toMatchObject({ ok: true });
    const state = app.ops.get(opId)!.state;
    live.set(state.at, state);
  };

  beforeAll(async () => {
    schema = await createTestSchema();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-pg-replay-"));
    const storage = await openPostgresStorage(schema.url);
    app = createApp({ config: testConfig({ DATABASE_PATH: path.join(dir, "unused.db") }), storage, now: () => clock });
    await app.start();
    await seedDemoAccounts(app.accounts, "demo");
    await new Promise<void>((resolve) => app.httpServer.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;

    const opened = await fetch(`${url}/api/operations`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await signIn("commander") },
      body: JSON.stringify({ name: "England v Italy (PostgreSQL)" }),
    });
    opId = ((await opened.json()) as { operation: { id: string } }).operation.id;
    live.set(app.ops.get(opId)!.state.at, app.ops.get(opId)!.state);

    const control = await connect("controller");
    const steward = await connect("steward");
    const officer = await connect("officer");
    await run(control, "unit:register", { unitId: "psu-12a", callSign: "12A", kind: "serial", agency: "MPS", sector: "olympic-way" });
    await run(control, "incident:report", { type: "disorder", location: OLYMPIC_WAY, description: "Fight at Boxpark" });
    await run(steward, "report:submit", {
      type: "crowd-surge",
      location: OLYMPIC_WAY,
      postId: null,
      text: "Surge at the turnstiles",
      reporterTime: clock - 60_000,
    });
    await run(control, "incident:assign", { incidentId: "inc-1", unitId: "psu-12a" });
    const fix = { unitId: "psu-12a", ...OLYMPIC_WAY, at: clock };
    expect(await officer.timeout(15_000).emitWithAck("position:report", { opId, fixes: [fix] })).toMatchObject({ ok: true });
    await run(control, "incident:note", { incidentId: "inc-1", text: "Two detained", intel: false });
    // Decisions are Silver's (issue 11 item 5).
    await run(await connect("commander"), "decision:log", {
      decision: "Hold the queues at Wembley Park",
      rationale: "Crush risk on the platform",
    });
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
    await new Promise<void>((resolve) => app?.httpServer.close(() => resolve()));
    await schema?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("S54: on PostgreSQL, the replay at each time a command was applied is the live state then, with the unit's stored fix", async () => {
    expect(app.storage.kind).toBe("postgres");
    const cookie = await signIn("analyst");
    const meta = (await (
      await fetch(`${url}/api/operations/${opId}/replay/open`, { method: "POST", headers: { cookie } })
    ).json()) as ReplayMeta;
    expect(meta.headSeq).toBe(app.ops.get(opId)!.state.seq);
    expect(meta.incidents.map((m) => m.incidentId)).toEqual(["inc-1"]);
    expect(live.size).toBe(7);
    for (const [at, state] of live) {
      const r = (await (
        await fetch(`${url}/api/operations/${opId}/replay/state?at=${at}&basis=record`, { headers: { cookie } })
      ).json()) as ReplayState;
      expect(r.seq, `at ${at}`).toBe(state.seq);
      expect(r.state, `at ${at}`).toEqual(json(state));
    }
    // The positions lane writes its fixes a flush later: the replay shows the fix once it is stored.
    await expect
      .poll(
        async () => {
          const r = (await (
            await fetch(`${url}/api/operations/${opId}/replay/state?at=${clock}`, { headers: { cookie } })
          ).json()) as ReplayState;
          return r.positions.map((p) => p.slice(0, 3));
        },
        { timeout: 15_000, message: "the officer's fix in the replay" },
      )
      .toEqual([["psu-12a", OLYMPIC_WAY.lat, OLYMPIC_WAY.lng]]);
  });

  it("S55: on PostgreSQL, the event-log export holds every event and verifies", async () => {
    const res = await fetch(`${url}/api/operations/${opId}/export/events.ndjson`, {
      method: "POST",
      headers: { cookie: await signIn("analyst"), "content-type": "application/json" },
      body: JSON.stringify({ reason: "Court bundle", recipient: "CPS" }),
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trimEnd().split("\n");
    const head = app.ops.get(opId)!.state.seq;
    expect(lines).toHaveLength(head + 1);
    const report = verifyExport(lines);
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.events).toMatchObject({ count: head, first: 1, last: head });
  });
});
