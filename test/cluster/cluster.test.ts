import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CordonEvent } from "../../shared/events";
import { type Viewer, viewerOf } from "../../shared/visibility";
import { type Bundle, bundleEntry } from "../support/bundle";
import { expectedStateFor, ModelClient, picture } from "../support/modelClient";
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
import { Balancer } from "./balancer";

const ROOT = path.resolve(import.meta.dirname, "../..");
const up = (await postgresAvailable()) && (await redisAvailable());
const DEADLINE_MS = 300_000;

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

/**
 * Three server processes on one PostgreSQL schema and one Redis key space, behind a TCP
 * balancer (issue 9 item 6). Clients of every role are spread over them.
 */
describe.skipIf(!up)("a cluster of three processes", () => {
  let schema: TestSchema;
  let space: TestRedisSpace;
  let dir: string;
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  let balancer: Balancer;
  let lbUrl = "";
  let opId = "";
  const sockets: Socket[] = [];
  const models: ModelClient[] = [];
  /** The cluster server in one file: a start is far quicker than through tsx. */
  let server: Bundle;

  const url = (i: number) => `http://127.0.0.1:${ports[i]}`;

  function start(i: number, first: boolean, lbPort: number): Promise<string> {
    const child = spawn(process.execPath, [server.file], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: schema.url,
        REDIS_URL: REDIS_TEST_URL,
        REDIS_PREFIX: space.prefix,
        PORT: String(ports[i]),
        ALLOWED_HOSTS: `127.0.0.1:${lbPort}`,
        CHECKPOINT_DIR: path.join(dir, "checkpoints"),
        CHECKPOINT_KEY_FILE: path.join(dir, "checkpoint-key.pem"),
        DATABASE_PATH: path.join(dir, `unused-${i}.db`),
        COMMAND_RATE_PER_SEC: "10000",
        COMMAND_BURST: "100000",
        STEWARD_REPORTS_PER_MINUTE: "1000000",
        SIGNIN_MAX_PER_ADDRESS: "100000",
        CLUSTER_FIRST: first ? "1" : "0",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children[i] = child;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`process ${i + 1} did not print READY within 60 s`)), 60_000);
      createInterface({ input: child.stdout! }).on("line", (line) => {
        if (!line.startsWith("READY ")) return;
        clearTimeout(timer);
        resolve(line.slice(6));
      });
      child.once("exit", (code, signal) => reject(new Error(`process ${i + 1} exited before READY: ${code ?? signal}`)));
    });
  }

  beforeAll(async () => {
    server = await bundleEntry("test/cluster/clusterServer.ts");
    schema = await createTestSchema();
    space = createRedisSpace();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-cluster-"));
    for (let i = 0; i < 3; i++) ports.push(await freePort());
    balancer = new Balancer(ports);
    const lbPort = await balancer.listen();
    lbUrl = `http://127.0.0.1:${lbPort}`;
    opId = await start(0, true, lbPort);
    const others = await Promise.all([start(1, false, lbPort), start(2, false, lbPort)]);
    expect(others).toEqual([opId, opId]);
  }, 180_000);

  afterAll(async () => {
    for (const m of models) m.close();
    for (const s of sockets) s.close();
    for (const c of children) if (c && alive(c)) c.kill("SIGKILL");
    await balancer?.close();
    await schema?.drop();
    await space?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    server?.remove();
  });

  async function signIn(base: string, username: string): Promise<{ cookie: string; viewer: Viewer }> {
    const res = await fetch(`${base}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ username, password: "demo" }),
    });
    if (!res.ok) throw new Error(`sign-in as ${username} on ${base}: ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { user } = (await res.json()) as { user: Parameters<typeof viewerOf>[0] };
    return { cookie, viewer: viewerOf(user) as Viewer };
  }

  /** A raw socket on one process, saying hello, recording events and positions frames. */
  async function rawClient(i: number, cookie: string) {
    const socket = io(url(i), { transports: ["websocket"], extraHeaders: { cookie }, forceNew: true, reconnection: false });
    sockets.push(socket);
    const events: CordonEvent[] = [];
    const frames: unknown[] = [];
    socket.on("event", (e: CordonEvent) => events.push(e));
    socket.on("positions", (f: unknown) => frames.push(f));
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", (err) => reject(new Error(`connect to process ${i + 1}: ${err.message}`)));
    });
    const hello = await socket.timeout(15_000).emitWithAck("sync:hello", { protocol: 1, opId, lastSeq: null } as never);
    if (!(hello as { ok: boolean }).ok) throw new Error(`hello on process ${i + 1}: ${JSON.stringify(hello)}`);
    const send = async (name: string, body: unknown, key: string) =>
      (await socket.timeout(15_000).emitWithAck(name as never, { opId, key, body } as never)) as {
        ok: boolean;
        data: { seq: number; duplicate: boolean };
      };
    const waitFor = async (match: (e: CordonEvent) => boolean, what: string) => {
      await until(() => events.some(match), `process ${i + 1} to receive ${what}`);
      return events.find(match)!;
    };
    return { socket, events, frames, send, waitFor };
  }

  it("N1: a steward's report on process 1 reaches a controller on process 3 (and 2) with the seq the steward was acked with; a cookie from one process works on all", async () => {
    const steward = await signIn(url(0), "steward");
    const controller = await signIn(url(0), "controller");
    const s1 = await rawClient(0, steward.cookie);
    const c2 = await rawClient(1, controller.cookie);
    const c3 = await rawClient(2, controller.cookie);
    const ack = await s1.send(
      "report:submit",
      { type: "crowd-surge", postId: "post-ow-boxpark", text: "N1 crush at Boxpark", reporterTime: Date.now() },
      "n1-report-key",
    );
    expect(ack.ok).toBe(true);
    for (const c of [c2, c3]) {
      const e = await c.waitFor((x) => x.type === "StewardReportSubmitted" && x.payload.text === "N1 crush at Boxpark", "N1's report");
      expect(e.seq).toBe(ack.data.seq);
    }
  });

  it("N2: commands for one operation sent to all three at once give a gap-free log with no duplicate, and every ack's seq is in it", async () => {
    const controller = await signIn(url(1), "controller");
    const steward = await signIn(url(2), "steward");
    const clients = await Promise.all([0, 1, 2].flatMap((i) => [rawClient(i, controller.cookie), rawClient(i, steward.cookie)]));
    const sends = clients.flatMap((c, ci) =>
      Array.from({ length: 15 }, (_, n) =>
        ci % 2 === 0
          ? c.send("alert:send", { audience: "all", text: `N2 alert ${ci}-${n}` }, `n2-${ci}-${n}-alert`)
          : c.send(
              "report:submit",
              { type: "other", postId: "post-ow-boxpark", text: `N2 ${ci}-${n}`, reporterTime: Date.now() },
              `n2-${ci}-${n}-rep`,
            ),
      ),
    );
    // One key sent to every process at once, too.
    const same = [0, 1, 2].map((i) => clients[i * 2]!.send("alert:send", { audience: "all", text: "N2 once" }, "n2-one-key-everywhere"));
    const acks = await Promise.all([...sends, ...same]);
    for (const a of acks) expect(a.ok, JSON.stringify(a)).toBe(true);
    const log = await storedLog();
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    const bySeq = new Map(log.map((e) => [e.seq, e]));
    for (const a of acks) expect(bySeq.has(a.data.seq)).toBe(true);
    expect(new Set(acks.slice(0, sends.length).map((a) => a.data.seq)).size).toBe(sends.length);
    expect(new Set(acks.slice(sends.length).map((a) => a.data.seq)).size).toBe(1);
    expect(log.filter((e) => e.type === "AlertSent" && e.payload.text === "N2 once")).toHaveLength(1);
  });

  it("N3: a steward on any process never receives a unit position, while control on every process does", async () => {
    const officer = await signIn(url(0), "officer");
    const controller = await signIn(url(0), "controller");
    const steward = await signIn(url(0), "steward");
    const o1 = await rawClient(0, officer.cookie);
    const controls = await Promise.all([0, 1, 2].map((i) => rawClient(i, controller.cookie)));
    const stewards = await Promise.all([0, 1, 2].map((i) => rawClient(i, steward.cookie)));
    const unitId = (officer.viewer.kind === "unit" && officer.viewer.unitId) || "psu-12a";
    const registered = await controls[1]!.send(
      "unit:register",
      { unitId, callSign: "12A", kind: "serial", agency: "MPS", sector: "olympic-way", parentId: null, strength: 7 },
      "n3-register-unit",
    );
    expect(registered.ok, JSON.stringify(registered)).toBe(true);
    // The officer's process applies the registration (appended on process 2) before it takes the fix.
    await o1.waitFor((e) => e.seq === registered.data.seq, "the unit's registration");
    const fix = { unitId, lat: 51.5561, lng: -0.2796, at: Date.now(), heading: null, speed: null, accuracy: 5 };
    const stored = await o1.socket.timeout(15_000).emitWithAck("position:report" as never, { opId, fixes: [fix] } as never);
    expect((stored as { ok: boolean }).ok, JSON.stringify(stored)).toBe(true);
    for (const [i, c] of controls.entries()) await until(() => c.frames.length > 0, `a positions frame for control on process ${i + 1}`);
    // Then an alert every audience sees: each steward has had time to receive whatever was sent before it.
    const alert = await controls[0]!.send("alert:send", { audience: "all", text: "N3 sentinel" }, "n3-sentinel-key");
    for (const s of stewards) await s.waitFor((e) => e.seq === alert.data.seq, "N3's sentinel");
    expect(stewards.map((s) => s.frames.length)).toEqual([0, 0, 0]);
  });

  it("N4: SIGKILL of process 2 mid-stream loses nothing acked; its clients reconnect to the others and catch up", async () => {
    const accounts = ["commander", "controller", "controller", "steward", "steward2", "officer"];
    for (const username of accounts) {
      const { cookie, viewer } = await signIn(lbUrl, username);
      models.push(new ModelClient(lbUrl, cookie, opId, viewer));
    }
    const senders = models.filter((m) => m.viewer.kind === "control" || m.viewer.kind === "steward");
    const acked = new Map<string, number>();
    let stop = false;
    let afterKill = 0;
    let killed = false;
    const deadline = () => Date.now() + DEADLINE_MS;
    let n = 0;
    const work = senders.map(async (c, ci) => {
      while (!stop) {
        const key = `n4-${ci}-${++n}-k`;
        const ack =
          c.viewer.kind === "steward"
            ? await c.sendUntilAcked(
                "report:submit",
                { type: "crowd-surge", postId: "post-ow-boxpark", text: key, reporterTime: n },
                key,
                deadline(),
              )
            : await c.sendUntilAcked("alert:send", { audience: "all", text: key }, key, deadline());
        if (!ack.ok) throw new Error(`refused: ${ack.error.code} ${ack.error.message}`);
        acked.set(key, ack.data.seq);
        if (killed) afterKill++;
      }
    });
    await until(() => acked.size >= 20, "20 acked commands before the kill", 120_000);
    expect(balancer.given[1]).toBeGreaterThan(0);
    balancer.markDown(1);
    children[1]!.kill("SIGKILL");
    killed = true;
    await until(() => afterKill >= 20, "20 acked commands after the kill", 120_000);
    stop = true;
    await Promise.all(work);
    const sentinel = await senders[0]!.sendUntilAcked("alert:send", { audience: "all", text: "N4 over" }, "n4-sentinel-key", deadline());
    if (!sentinel.ok) throw new Error("the sentinel was refused");

    const log = await storedLog();
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    const byText = new Map<string, number[]>();
    for (const e of log) {
      const text = e.type === "AlertSent" || e.type === "StewardReportSubmitted" ? e.payload.text : null;
      if (text?.startsWith("n4-")) byText.set(text, [...(byText.get(text) ?? []), e.seq]);
    }
    const lost = [...acked.keys()].filter((k) => !byText.has(k));
    const wrong = [...acked].filter(([k, seq]) => byText.get(k)?.[0] !== seq);
    const twice = [...byText.values()].filter((s) => s.length > 1);
    console.log(
      `cluster kill: ${acked.size} acked (${afterKill} after the kill), lost ${lost.length}, applied twice ${twice.length}, log ${log.length}`,
    );
    expect(lost).toEqual([]);
    expect(wrong).toEqual([]);
    expect(twice).toEqual([]);
    const behind = () => models.filter((m) => m.state.seq < sentinel.data.seq).map((m) => `${m.viewer.kind}@${m.state.seq}`);
    await expect.poll(behind, { timeout: 60_000, message: `every client at the sentinel's seq ${sentinel.data.seq}` }).toEqual([]);
    for (const m of models) {
      expect(picture(m.state), `${m.viewer.kind} converges`).toEqual(picture(expectedStateFor(m.viewer, log)));
      expect(new Set(m.applied).size).toBe(m.applied.length);
    }
  }, 600_000);

  async function storedLog(): Promise<CordonEvent[]> {
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    try {
      const res = await client.query<{ body: string }>("SELECT body FROM events WHERE op_id = $1 ORDER BY seq", [opId]);
      return res.rows.map((r) => JSON.parse(r.body) as CordonEvent);
    } finally {
      await client.end();
    }
  }
});
