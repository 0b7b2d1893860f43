import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import { expect, it, onTestFinished } from "vitest";
import { Random } from "../../server/demo/random";
import { GENESIS_HASH, hashedText } from "../../shared/canonical";
import type { CordonEvent } from "../../shared/events";
import { type Viewer, viewerOf } from "../../shared/visibility";
import { expectedStateFor, ModelClient, picture } from "../support/modelClient";

const KILLS = Number(process.env.CRASH_KILLS ?? 20);
const SEED = Number(process.env.CRASH_SEED ?? 1745);
const ROOT = path.resolve(import.meta.dirname, "../..");

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; opId: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "test/faults/crashServer.ts")], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server did not start in 30 s")), 30_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith("READY ")) return;
      clearTimeout(timer);
      resolve({ child, opId: line.slice(6) });
    });
    child.once("exit", (code, signal) => reject(new Error(`server exited early: ${code ?? signal}`)));
  });
}

async function signIn(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "demo" }),
  });
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

/** Recomputes the chain: the first seq whose hash or link does not hold, or null. */
function brokenLink(events: CordonEvent[]): number | null {
  let prev = GENESIS_HASH;
  for (const [i, e] of events.entries()) {
    if (e.seq !== i + 1 || e.prevHash !== prev) return e.seq;
    if (createHash("sha256").update(hashedText(prev, e)).digest("hex") !== e.hash) return e.seq;
    prev = e.hash;
  }
  return null;
}

const CASES = [
  { id: "K1", signal: "SIGKILL", kills: KILLS, what: "SIGKILLs mid-stream" },
  { id: "K2", signal: "SIGTERM", kills: 4, what: "graceful SIGTERM restarts with commands in flight" },
] as const;

for (const { id, signal, kills: planned, what } of CASES) {
  it(`${id}: ${planned} ${what} lose no acked command, duplicate none, leave no hole, and every client converges (seed ${SEED})`, async () => {
    const rnd = new Random(SEED);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-crash-"));
    const dbPath = path.join(dir, "crash.db");
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { DATABASE_PATH: dbPath, PORT: String(port), COMMAND_RATE_PER_SEC: "10000", COMMAND_BURST: "100000" };
    let { child, opId } = await startServer(env);
    // A failed run must not leave its crash server behind.
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });

    const clients: ModelClient[] = [];
    const db0 = new Database(dbPath, { readonly: true });
    for (const username of ["commander", "controller", "steward", "steward", "steward2"]) {
      const row = db0.prepare("SELECT id, role, sector, unit_id AS unitId FROM users WHERE username = ?").get(username) as never;
      clients.push(new ModelClient(url, await signIn(url, username), opId, viewerOf(row) as Viewer));
    }
    db0.close();

    const acked = new Map<string, number>();
    // Acks per interval between kills: the proof that work was done is at least one acked
    // command in every interval, not a total that depends on the machine's speed.
    const ackedPerInterval: number[] = [0];
    let ackedInInterval: (() => void) | null = null;
    const deadline = Date.now() + 150_000;
    let stop = false;
    let n = 0;
    const work = clients.map(async (c, ci) => {
      while (!stop) {
        const key = `crash-${ci}-${++n}`;
        const ack =
          c.viewer.kind === "steward"
            ? await c.sendUntilAcked(
                "report:submit",
                { type: "crowd-surge", postId: "post-ow-boxpark", text: key, reporterTime: n },
                key,
                deadline,
              )
            : ci === 0
              ? await c.sendUntilAcked("alert:send", { audience: "all", text: key }, key, deadline)
              : await c.sendUntilAcked("decision:log", { decision: key, rationale: "crash test" }, key, deadline);
        if (!ack.ok) throw new Error(`refused: ${ack.error.code} ${ack.error.message}`);
        acked.set(key, ack.data.seq);
        ackedPerInterval[ackedPerInterval.length - 1]! += 1;
        ackedInInterval?.();
      }
    });

    let kills = 0;
    const untilAckedInThisInterval = () =>
      new Promise<void>((resolve) => {
        if (ackedPerInterval.at(-1)! > 0) return resolve();
        ackedInInterval = () => {
          ackedInInterval = null;
          resolve();
        };
      });
    for (; kills < planned; kills++) {
      await new Promise((r) => setTimeout(r, rnd.int(150, 700)));
      await untilAckedInThisInterval();
      ackedPerInterval.push(0);
      child.kill(signal);
      await new Promise((r) => child.once("exit", r));
      ({ child } = await startServer(env));
    }
    await untilAckedInThisInterval();
    stop = true;
    await Promise.all(work);

    // Every client settles on the final log.
    const db = new Database(dbPath, { readonly: true });
    const rows = db.prepare("SELECT seq, idem_key AS key, body FROM events WHERE op_id = ? ORDER BY seq").all(opId) as {
      seq: number;
      key: string;
      body: string;
    }[];
    db.close();
    const log = rows.map((r) => JSON.parse(r.body) as CordonEvent);
    for (const c of clients) c.hello();
    await expect.poll(() => clients.every((c) => !c.contiguous || c.state.seq === log.length), { timeout: 15_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 300));

    const seqOfKey = new Map(rows.map((r) => [r.key, r.seq]));
    const lost = [...acked.keys()].filter((k) => !seqOfKey.has(k));
    const wrongSeq = [...acked].filter(([k, seq]) => seqOfKey.get(k) !== seq);
    const keyCounts = new Map<string, number>();
    for (const r of rows) if (r.key.startsWith("crash-")) keyCounts.set(r.key, (keyCounts.get(r.key) ?? 0) + 1);
    const duplicated = [...keyCounts.values()].filter((c) => c > 1).length;
    const textCounts = new Map<string, number>();
    for (const e of log) {
      const text =
        e.type === "DecisionLogged"
          ? e.payload.decision
          : e.type === "AlertSent" || e.type === "StewardReportSubmitted"
            ? e.payload.text
            : null;
      if (text) textCounts.set(text, (textCounts.get(text) ?? 0) + 1);
    }
    const appliedTwice = [...textCounts.values()].filter((c) => c > 1).length;

    console.log(
      `crash test (${signal}): commands acked ${acked.size} (fewest between two kills ${Math.min(...ackedPerInterval)}), kills survived ${kills}, lost ${lost.length}, duplicated ${duplicated + appliedTwice}, ` +
        `log ${log.length} events, chain ${brokenLink(log) === null ? "intact" : "BROKEN"}, seed ${SEED}`,
    );
    expect(kills).toBe(planned);
    expect(ackedPerInterval).toHaveLength(planned + 1);
    expect(ackedPerInterval.filter((count) => count === 0)).toEqual([]);
    expect(lost).toEqual([]);
    expect(wrongSeq).toEqual([]);
    expect(duplicated + appliedTwice).toBe(0);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    expect(brokenLink(log)).toBeNull();
    // A graceful restart tells connected clients why they are being dropped.
    if (signal === "SIGTERM") expect(clients.reduce((n, c) => n + c.restartNotices, 0)).toBeGreaterThanOrEqual(planned);
    for (const c of clients) {
      expect(picture(c.state), `${c.viewer.kind} converges`).toEqual(picture(expectedStateFor(c.viewer, log)));
      expect(new Set(c.applied).size).toBe(c.applied.length);
    }
    for (const c of clients) c.close();
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    fs.rmSync(dir, { recursive: true, force: true });
  }, 240_000);
}
