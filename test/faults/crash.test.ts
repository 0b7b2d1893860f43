import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, afterEach, beforeAll, expect, it, onTestFinished } from "vitest";
import { Random } from "../../server/demo/random";
import { GENESIS_HASH, hashedText } from "../../shared/canonical";
import type { CordonEvent } from "../../shared/events";
import { type Viewer, viewerOf } from "../../shared/visibility";
import { type Bundle, bundleEntry } from "../support/bundle";
import { expectedStateFor, ModelClient, picture } from "../support/modelClient";
import { createTestSchema, postgresAvailable } from "../support/services";

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

/** The crash server in one file: 35 starts in this file, each far quicker than through tsx. */
let server: Bundle;
beforeAll(async () => {
  server = await bundleEntry("test/faults/crashServer.ts");
});
afterAll(() => server?.remove());

/** Every crash server this file started; each test kills what is left of them, pass or fail. */
const children = new Set<ChildProcess>();
const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
afterEach(() => {
  for (const c of children) if (alive(c)) c.kill("SIGKILL");
  children.clear();
});

/** A crash server that has loaded its modules and waits for GO before it opens the database. */
interface Warm {
  child: ChildProcess;
  /** Says GO; resolves with the operation once the server listens. */
  start(): Promise<{ child: ChildProcess; opId: string }>;
}

function warmServer(env: Record<string, string>): Warm {
  const child = spawn(process.execPath, [server.file], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.add(child);
  // A server that died before GO fails through its exit, not through a write to its closed stdin.
  child.stdin!.on("error", () => {});
  const lines = createInterface({ input: child.stdout! });
  const printed = (prefix: string, what: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const fail = (why: string) => {
        clearTimeout(timer);
        if (alive(child)) child.kill("SIGKILL");
        reject(new Error(why));
      };
      // Generous: on a loaded machine loading the modules alone can take seconds.
      const timer = setTimeout(() => fail(`the crash server did not print ${what} within 60 s`), 60_000);
      const onLine = (line: string) => {
        if (!line.startsWith(prefix)) return;
        clearTimeout(timer);
        lines.off("line", onLine);
        resolve(line.slice(prefix.length));
      };
      lines.on("line", onLine);
      child.once("exit", (code, signal) => fail(`the crash server exited before ${what}: ${code ?? signal}`));
    });
  const warm = printed("WARM", "WARM");
  warm.catch(() => {});
  return {
    child,
    async start() {
      await warm;
      const ready = printed("READY ", "READY");
      child.stdin!.write("GO\n");
      return { child, opId: await ready };
    },
  };
}

/** Resolves when `child` has exited (at once if it already has); rejects after `ms`, naming it. */
function exited(child: ChildProcess, ms: number, what: string): Promise<void> {
  if (!alive(child)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what} to exit`)), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function signIn(url: string, username: string): Promise<{ cookie: string; viewer: Viewer }> {
  const res = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "demo" }),
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { user } = (await res.json()) as { user: Parameters<typeof viewerOf>[0] };
  return { cookie, viewer: viewerOf(user) as Viewer };
}

interface StoredRow {
  seq: number;
  key: string;
  body: string;
}

/** Where the crash server keeps its log: the env that selects it, and a reader of the stored rows. */
interface Backend {
  env: Record<string, string>;
  rows(opId: string): Promise<StoredRow[]>;
  drop(): Promise<void>;
}

function sqliteBackend(dir: string): Backend {
  const dbPath = path.join(dir, "crash.db");
  return {
    env: { DATABASE_PATH: dbPath },
    async rows(opId) {
      const db = new Database(dbPath, { readonly: true });
      try {
        return db.prepare("SELECT seq, idem_key AS key, body FROM events WHERE op_id = ? ORDER BY seq").all(opId) as StoredRow[];
      } finally {
        db.close();
      }
    },
    drop: async () => {},
  };
}

async function postgresBackend(dir: string): Promise<Backend> {
  const schema = await createTestSchema();
  return {
    env: { DATABASE_URL: schema.url, DATABASE_PATH: path.join(dir, "unused.db") },
    async rows(opId) {
      const client = new pg.Client({ connectionString: schema.url });
      await client.connect();
      try {
        const res = await client.query<StoredRow>(
          "SELECT seq::int AS seq, idem_key AS key, body FROM events WHERE op_id = $1 ORDER BY seq",
          [opId],
        );
        return res.rows;
      } finally {
        await client.end();
      }
    },
    drop: () => schema.drop(),
  };
}

const pgUp = await postgresAvailable();

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
  { id: "K1", signal: "SIGKILL", kills: KILLS, what: "SIGKILLs mid-stream", backend: "SQLite" },
  { id: "K2", signal: "SIGTERM", kills: 4, what: "graceful SIGTERM restarts with commands in flight", backend: "SQLite" },
  { id: "K3", signal: "SIGKILL", kills: Math.max(1, Math.ceil(KILLS / 2)), what: "SIGKILLs mid-stream", backend: "PostgreSQL" },
] as const;

for (const { id, signal, kills: planned, what, backend: kind } of CASES) {
  it.skipIf(kind === "PostgreSQL" && !pgUp)(
    `${id}: ${planned} ${what} on ${kind} lose no acked command, duplicate none, leave no hole, and every client converges (seed ${SEED})`,
    async () => {
      const rnd = new Random(SEED);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-crash-"));
      const backend = kind === "PostgreSQL" ? await postgresBackend(dir) : sqliteBackend(dir);
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const env = {
        ...backend.env,
        CHECKPOINT_DIR: path.join(dir, "checkpoints"),
        CHECKPOINT_KEY_FILE: path.join(dir, "checkpoint-key.pem"),
        PORT: String(port),
        COMMAND_RATE_PER_SEC: "10000",
        COMMAND_BURST: "100000",
        STEWARD_REPORTS_PER_MINUTE: "1000000",
      };
      // A failed run leaves no server (afterEach kills every child), no client and no directory behind.
      const clients: ModelClient[] = [];
      let stop = false;
      onTestFinished(async () => {
        stop = true;
        for (const c of clients) c.close();
        fs.rmSync(dir, { recursive: true, force: true });
        await backend.drop();
      });
      let { child, opId } = await warmServer(env).start();

      for (const username of ["commander", "controller", "steward", "steward", "steward2"]) {
        const { cookie, viewer } = await signIn(url, username);
        clients.push(new ModelClient(url, cookie, opId, viewer));
      }

      const acked = new Map<string, number>();
      // Acks per interval between kills: the proof that work was done is at least one acked
      // command in every interval, not a total that depends on the machine's speed.
      const ackedPerInterval: number[] = [0];
      let ackedInInterval: (() => void) | null = null;
      // Each command gets its own bound, generous because a command may wait out several restarts
      // (on a loaded machine one restart takes 15 s, and the kills only promise that someone was acked).
      const deadline = () => Date.now() + 600_000;
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
                  deadline(),
                )
              : ci === 0
                ? await c.sendUntilAcked("decision:log", { decision: key, rationale: "crash test" }, key, deadline())
                : await c.sendUntilAcked("alert:send", { audience: "all", text: key }, key, deadline());
          if (!ack.ok) throw new Error(`refused: ${ack.error.code} ${ack.error.message}`);
          acked.set(key, ack.data.seq);
          ackedPerInterval[ackedPerInterval.length - 1]! += 1;
          ackedInInterval?.();
        }
      });

      let kills = 0;
      // A worker that fails (a refusal, or no ack before the deadline) fails the wait at once.
      const working = Promise.all(work).then(() => {
        throw new Error("the clients stopped sending before the last kill");
      });
      working.catch(() => {});
      const untilAckedInThisInterval = () =>
        Promise.race([
          working,
          new Promise<void>((resolve) => {
            if (ackedPerInterval.at(-1)! > 0) return resolve();
            ackedInInterval = () => {
              ackedInInterval = null;
              resolve();
            };
          }),
        ]);
      // The next servers load their modules while this one serves (two ahead: a load takes longer
      // than the time between two kills); each opens the log only after the one before has exited.
      const spares: Warm[] = [];
      for (; kills < planned; kills++) {
        while (spares.length < 2 && kills + spares.length < planned) spares.push(warmServer(env));
        const next = spares.shift()!;
        // The kill's moment is random (seeded): this is the fault's schedule, not a wait for a result.
        await new Promise((r) => setTimeout(r, rnd.int(150, 700)));
        await untilAckedInThisInterval();
        ackedPerInterval.push(0);
        child.kill(signal);
        await exited(child, 60_000, `the crash server after ${signal} ${kills + 1}`);
        ({ child } = await next.start());
      }
      await untilAckedInThisInterval();
      stop = true;
      await Promise.all(work);

      // The last event is a sentinel every audience sees: a client whose state reaches its seq has
      // applied everything it may see, and nothing follows it to wait out.
      const sentinel = await clients[0]!.sendUntilAcked(
        "alert:send",
        { audience: "all", text: "Crash test over" },
        "final-sentinel",
        deadline(),
      );
      if (!sentinel.ok) throw new Error(`the sentinel was refused: ${sentinel.error.code}`);

      // Every client settles on the final log.
      const rows = await backend.rows(opId);
      const log = rows.map((r) => JSON.parse(r.body) as CordonEvent);
      expect(log.at(-1)?.seq).toBe(sentinel.data.seq);
      const behind = () =>
        clients.filter((c) => c.state.seq !== log.length).map((c) => `${c.viewer.kind} ${c.viewer.userId}@${c.state.seq}`);
      await expect
        .poll(behind, { timeout: 60_000, message: `every client at the sentinel's seq ${log.length} (listed: those still behind)` })
        .toEqual([]);

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
        `crash test (${signal}, ${kind}): commands acked ${acked.size} (fewest between two kills ${Math.min(...ackedPerInterval)}), kills survived ${kills}, lost ${lost.length}, duplicated ${duplicated + appliedTwice}, ` +
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
      child.kill("SIGTERM");
      await exited(child, 60_000, "the crash server's last SIGTERM");
    },
    900_000,
  );
}
