import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opRoom } from "../../server/socket/rooms";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import type { Ack } from "../../shared/errors";
import type { CordonEvent } from "../../shared/events";
import type { SyncReply } from "../../shared/protocol";
import type { PositionsFrame } from "../../shared/wire";
import { type AccountsServer, startAccountsServer } from "../support/accountsServer";
import { expectOk, newKey, type TestSocket, WAIT_MS, within } from "../support/harness";
import {
  createRedisSpace,
  createTestSchema,
  postgresAvailable,
  REDIS_TEST_URL,
  redisAvailable,
  type TestRedisSpace,
  type TestSchema,
} from "../support/services";
import { until } from "../support/until";

const up = (await postgresAvailable()) && (await redisAvailable());

/** A socket signed in on one process, recording its events and positions frames. */
interface Client {
  label: string;
  socket: TestSocket;
  events: CordonEvent[];
  frames: PositionsFrame[];
  ask<T>(name: string, payload: unknown): Promise<T>;
  until(what: string, check: () => boolean): Promise<void>;
}

async function client(server: AccountsServer, username: string, label: string): Promise<Client> {
  const cookie = await server.signIn(username);
  const socket: TestSocket = io(server.url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  const events: CordonEvent[] = [];
  const frames: PositionsFrame[] = [];
  const changed: (() => void)[] = [];
  const notify = () => {
    for (const f of changed.splice(0)) f();
  };
  socket.on("event", (e) => {
    events.push(e);
    notify();
  });
  socket.on("positions", (f) => {
    frames.push(f);
    notify();
  });
  await within(
    new Promise((resolve, reject) => socket.once("connect", () => resolve(null)).once("connect_error", reject)),
    WAIT_MS,
    `${label} connecting`,
  );
  return {
    label,
    socket,
    events,
    frames,
    ask: <T>(name: string, payload: unknown) =>
      (socket.timeout(WAIT_MS) as unknown as { emitWithAck(ev: string, p: unknown): Promise<T> }).emitWithAck(name, payload),
    until: (what, check) =>
      within(
        new Promise<void>((resolve) => {
          const look = () => (check() ? resolve() : changed.push(look));
          look();
        }),
        WAIT_MS,
        `${label}: ${what}`,
      ),
  };
}

const hasUnit = (f: PositionsFrame, unitId: string) => f.fixes.some((t) => t[0] === unitId);

/**
 * L2, L3: the positions lane across two processes on one PostgreSQL schema and one Redis key
 * space (issue 9 item 4). The officer's device talks to process 1; control is on process 2.
 */
describe.skipIf(!up)("the positions lane across two processes", () => {
  let schema: TestSchema;
  let space: TestRedisSpace;
  let one: AccountsServer;
  let two: AccountsServer;
  let opId: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    schema = await createTestSchema();
    space = createRedisSpace();
    const shared = { DATABASE_URL: schema.url, REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: space.prefix };
    one = await startAccountsServer(shared, { storage: await openPostgresStorage(schema.url) });
    two = await startAccountsServer(shared, { storage: await openPostgresStorage(schema.url) });
    opId = await one.openOperation("Two processes, one picture");
    const control = await client(one, "controller", "controller on process 1");
    clients.push(control);
    expectOk(await control.ask<Ack<SyncReply>>("sync:hello", { protocol: 1, opId, lastSeq: null }));
    const body = { unitId: "psu-12a", callSign: "12A", kind: "serial", agency: "MPS", sector: "olympic-way" };
    expectOk(await control.ask<Ack<unknown>>("unit:register", { opId, key: newKey("reg"), body }));
    // Process 2 learns of the operation and the unit from the shared log.
    await until(() => Boolean(two.app.ops.get(opId)?.state.units["psu-12a"]), "process 2 to follow the unit's registration", WAIT_MS);
    // No control socket is left on process 1: its lane must not drop frames a controller elsewhere needs.
    control.socket.close();
    await until(() => !one.app.io.sockets.adapter.rooms.get(opRoom(opId, "control")), "process 1's control room to empty", WAIT_MS);
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.socket.close();
    await one?.close();
    await two?.close();
    await schema?.drop();
    await space?.drop();
  });

  it("L2/L3: a fix sent to process 1 reaches a controller on process 2, a hello on process 2 lists it; no steward on either receives one", async () => {
    const controller2 = await client(two, "controller", "controller on process 2");
    const stewards = [await client(one, "steward", "steward on process 1"), await client(two, "steward", "steward on process 2")];
    const officer = await client(one, "officer", "officer on process 1");
    clients.push(controller2, officer, ...stewards);
    for (const c of [controller2, officer, ...stewards])
      expectOk(await c.ask<Ack<SyncReply>>("sync:hello", { protocol: 1, opId, lastSeq: null }));

    const at = Date.now();
    const fixes = [{ unitId: "psu-12a", lat: 51.5586, lng: -0.2794, at, heading: 90, speed: 1.2 }];
    expectOk(await officer.ask<Ack<{ stored: number }>>("position:report", { opId, fixes }));
    await controller2.until("a frame with 12A's fix", () => controller2.frames.some((f) => hasUnit(f, "psu-12a")));
    const frame = controller2.frames.find((f) => hasUnit(f, "psu-12a"));
    expect(frame?.fixes.find((t) => t[0] === "psu-12a")).toEqual(["psu-12a", 51.5586, -0.2794, at, 90, 1.2]);

    // A hello answered by process 2 has every unit's latest fix, from a socket that joined after it.
    const late = await client(two, "controller", "a controller joining process 2 later");
    clients.push(late);
    const reply = expectOk(await late.ask<Ack<SyncReply>>("sync:hello", { protocol: 1, opId, lastSeq: null }));
    expect(reply.mode).toBe("reset");
    if (reply.mode === "reset") expect(reply.positions).toContainEqual(["psu-12a", 51.5586, -0.2794, at, 90, 1.2]);

    // The sentinel reaches every steward after anything sent to them before it: no frame came first.
    const text = `sentinel ${newKey("s")}`;
    expectOk(await controller2.ask<Ack<unknown>>("alert:send", { opId, key: newKey("alert"), body: { audience: "all", text } }));
    for (const s of stewards) {
      await s.until("the sentinel alert", () => s.events.some((e) => e.type === "AlertSent" && e.payload.text === text));
      expect(s.frames, `${s.label} received positions`).toEqual([]);
    }
  });
});
