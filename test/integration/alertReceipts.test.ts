import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertAudience } from "../../server/alerts/alertAudience";
import type { CordonEvent } from "../../shared/events";
import {
  alertSentinel,
  expectOk,
  newKey,
  passSentinel,
  startServer,
  type TestClient,
  type TestServer,
  type TestSocket,
  WAIT_MS,
  within,
} from "../support/harness";
import { until } from "../support/until";

/**
 * AR2/AR3: receipts over real sockets. 30 stewards of an operation see an urgent alert; 5 press
 * Seen twice (the same key again, and a new key); one was offline and sends its receipt later
 * through the HTTP route its service worker uses. Control counts exactly 30, and no steward ever
 * receives another's receipt.
 */

const PASSWORD = "a long enough password 1";
const STEWARDS = 30;

interface Phone {
  username: string;
  cookie: string;
  socket: TestSocket;
  events: CordonEvent[];
}

describe("AR2: receipts are counted exactly", () => {
  let server: TestServer;
  let opId: string;
  let control: TestClient;
  const phones: Phone[] = [];

  async function signIn(username: string): Promise<string> {
    const res = await fetch(`${server.url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  }

  async function phone(username: string): Promise<Phone> {
    const cookie = await signIn(username);
    const socket: TestSocket = io(server.url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false, forceNew: true });
    const events: CordonEvent[] = [];
    socket.on("event", (e) => events.push(e));
    await within(new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("connect_error", reject)), WAIT_MS, username);
    expectOk(await socket.timeout(WAIT_MS).emitWithAck("sync:hello", { protocol: 1, opId, lastSeq: null }));
    return { username, cookie, socket, events };
  }

  const seen = (p: Phone, alertId: string, key = newKey("seen")) =>
    p.socket.timeout(WAIT_MS).emitWithAck("alert:seen", { opId, key, body: { alertId } });

  beforeAll(async () => {
    server = await startServer();
    opId = await server.openOperation("Receipts");
    for (let i = 0; i < STEWARDS; i++) {
      await server.app.accounts.create({
        username: `rs-${i}`,
        name: `Steward ${3000 + i}`,
        role: "steward",
        sector: i % 2 ? "olympic-way" : "stadium-west",
        unitId: null,
        post: i % 2 ? "post-ow-boxpark" : "post-ts-entrance-h",
        operations: [opId],
        password: PASSWORD,
      });
    }
    control = await server.connect("controller");
    expectOk(await control.hello(opId, null));
    for (let i = 0; i < STEWARDS; i++) phones.push(await phone(`rs-${i}`));
  }, 120_000);
  afterAll(async () => {
    for (const p of phones) p.socket.close();
    await server?.close();
  });

  it("AR2: 30 stewards, 5 of them twice, one offline until later: control counts exactly 30; AR3: no steward receives another's receipt", async () => {
    const { seq } = expectOk(
      await control.send(opId, "alert:send", { audience: "stewards", priority: "urgent", text: "Lost child: boy, 6, red top" }),
    );
    const alertId = `alert-1`;
    await Promise.all(phones.map((p) => until(() => p.events.some((e) => e.seq === seq), `${p.username} has the alert`)));
    const [offline, ...online] = phones;
    if (!offline) throw new Error("no phones");
    offline.socket.close();

    const keys = new Map<string, string>();
    const acks = await Promise.all(
      online.map((p) => {
        const key = newKey("seen");
        keys.set(p.username, key);
        return seen(p, alertId, key);
      }),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    // Five press Seen again: the outbox resends with the same key (a duplicate ack) and a second tap is a new key (refused).
    for (const p of online.slice(0, 5)) {
      expect(await seen(p, alertId, keys.get(p.username))).toMatchObject({ ok: true, data: { duplicate: true } });
      expect(await seen(p, alertId)).toMatchObject({ ok: false, error: { code: "conflict" } });
    }

    // The offline phone's outbox delivers later over HTTP (its service worker), twice with one key.
    const key = newKey("seen");
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.url}/api/operations/${opId}/commands/alert:seen`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: offline.cookie },
        body: JSON.stringify({ key, body: { alertId } }),
      });
      expect(res.status).toBe(200);
    }

    await until(() => receipts(control.events, alertId).length >= STEWARDS, "control has 30 receipts");
    await passSentinel([control], alertSentinel(control, opId));
    const counted = receipts(control.events, alertId);
    expect(counted).toHaveLength(STEWARDS);
    expect(new Set(counted.map((e) => e.actor.userId)).size).toBe(STEWARDS);
    expect(Object.keys(server.app.ops.get(opId)?.state.alerts[0]?.seenBy ?? {})).toHaveLength(STEWARDS);

    const audience = await audienceOf(alertId);
    // The 30 of this operation and the two demo stewards (who may see every operation).
    expect({ total: audience.total, seen: audience.seen }).toEqual({ total: STEWARDS + 2, seen: STEWARDS });
    expect(audience.members.filter((m) => m.seenAt === null).map((m) => m.post)).toEqual(["post-ow-boxpark", "post-ts-entrance-h"]);

    // AR3: a sentinel every steward receives; before it, no receipt reached any phone.
    const sentinel = expectOk(await control.send(opId, "alert:send", { audience: "stewards", text: "sentinel" }));
    await Promise.all(online.map((p) => until(() => p.events.some((e) => e.seq === sentinel.seq), `${p.username} has the sentinel`)));
    for (const p of online)
      expect(
        p.events.filter((e) => e.type === "AlertSeen"),
        p.username,
      ).toEqual([]);
  }, 120_000);

  it("AR4: the audience route is control's: a steward is refused, an unknown alert is not found", async () => {
    const steward = await server.signIn("steward");
    const asSteward = await fetch(`${server.url}/api/operations/${opId}/alerts/alert-1/audience`, { headers: { cookie: steward } });
    expect(asSteward.status).toBe(403);
    const cookie = await server.signIn("controller");
    const unknown = await fetch(`${server.url}/api/operations/${opId}/alerts/constructor/audience`, { headers: { cookie } });
    expect(unknown.status).toBe(404);
  });

  async function audienceOf(alertId: string): Promise<AlertAudience> {
    const cookie = await server.signIn("controller");
    const res = await fetch(`${server.url}/api/operations/${opId}/alerts/${alertId}/audience`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return (await res.json()) as AlertAudience;
  }
});

function receipts(events: readonly CordonEvent[], alertId: string): Extract<CordonEvent, { type: "AlertSeen" }>[] {
  return events.filter((e): e is Extract<CordonEvent, { type: "AlertSeen" }> => e.type === "AlertSeen" && e.payload.alertId === alertId);
}
