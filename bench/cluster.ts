import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRedisSpace, createTestSchema, postgresAvailable, REDIS_TEST_URL, redisAvailable } from "../test/support/services";
import { prepareSenders, reportToControl, type Sender, type Target, type Throughput, throughput } from "./clusterLoad";
import { type Started, startProcess, type summarise } from "./support";

/**
 * `npm run bench -- cluster` (issue 9 item 7): acked commands per second and steward report →
 * control socket latency for (a) SQLite in one process, (b) PostgreSQL in one process and
 * (c) PostgreSQL + Redis in three processes, beside bare socket.io, in one run. The setups run
 * side by side and take turns round by round, so a change in the machine's load falls on all
 * of them; the table gives the median over the rounds.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const SERVER = path.join(ROOT, "test/cluster/clusterServer.ts");
const RAW = path.join(ROOT, "bench/clusterRaw.ts");

interface Setup {
  label: string;
  target: Target;
  processes: { started: Started; port: number }[];
  senders: Sender[];
  cleanup: (() => Promise<void>)[];
  rounds: { tp: Throughput; lat: ReturnType<typeof summarise> }[];
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** Resolves once nothing listens on `port` any more (the process has closed), within 15 s. */
async function closed(port: number): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => resolve(!!s.destroy()));
      s.once("error", () => resolve(false));
    });
    if (!open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.warn(`  port ${port} still open 15 s after SIGTERM`);
}

/** Starts `n` cluster processes on one store (and Redis, if given); the first seeds and opens. */
async function startCluster(setup: Setup, n: number, env: Record<string, string>, dir: string): Promise<void> {
  const base = {
    ...env,
    DATABASE_PATH: path.join(dir, "cordon.db"),
    CHECKPOINT_DIR: path.join(dir, "checkpoints"),
    CHECKPOINT_KEY_FILE: path.join(dir, "checkpoint-key.pem"),
    COMMAND_RATE_PER_SEC: "10000",
    COMMAND_BURST: "100000",
    STEWARD_REPORTS_PER_MINUTE: "1000000",
    SIGNIN_MAX_PER_ADDRESS: "100000",
    LOG_LEVEL: "error",
  };
  const one = async (first: boolean) => {
    const port = await freePort();
    const started = await startProcess(SERVER, { ...base, PORT: String(port), CLUSTER_FIRST: first ? "1" : "0" });
    setup.processes.push({ started, port });
    return started.ready[0] as string;
  };
  const opId = await one(true);
  const others = await Promise.all(Array.from({ length: n - 1 }, () => one(false)));
  if (others.some((o) => o !== opId)) throw new Error(`the processes opened different operations: ${[opId, ...others].join(", ")}`);
  setup.target = { urls: setup.processes.map((p) => `http://127.0.0.1:${p.port}`), opId, raw: false };
}

function newSetup(label: string): Setup {
  return { label, target: { urls: [], opId: "", raw: false }, processes: [], senders: [], cleanup: [], rounds: [] };
}

/** Starts every setup, pushing each into `setups` as it starts, so a failure still tears down. */
async function setUp(setups: Setup[], withServices: boolean): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-bench-cluster-"));
  console.log("[cluster] starting bare socket.io (the baseline)");
  const raw = newSetup("bare socket.io, 1 process, no store");
  setups.push(raw);
  raw.cleanup.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const rawStarted = await startProcess(RAW, {});
  raw.processes.push({ started: rawStarted, port: Number(rawStarted.ready[0]) });
  raw.target = { urls: [`http://127.0.0.1:${rawStarted.ready[0]}`], opId: "", raw: true };

  const noServices = { DATABASE_URL: "", REDIS_URL: "" };
  console.log("[cluster] starting (a) SQLite, 1 process");
  const sqlite = newSetup("(a) SQLite, 1 process");
  setups.push(sqlite);
  fs.mkdirSync(path.join(dir, "a"));
  await startCluster(sqlite, 1, noServices, path.join(dir, "a"));
  if (!withServices) return;

  console.log("[cluster] starting (b) PostgreSQL, 1 process (own schema)");
  const pg1 = newSetup("(b) PostgreSQL, 1 process");
  setups.push(pg1);
  const schemaB = await createTestSchema();
  pg1.cleanup.push(() => schemaB.drop());
  fs.mkdirSync(path.join(dir, "b"));
  await startCluster(pg1, 1, { DATABASE_URL: schemaB.url, REDIS_URL: "" }, path.join(dir, "b"));

  console.log("[cluster] starting (c) PostgreSQL + Redis, 3 processes (own schema and key prefix)");
  const pg3 = newSetup("(c) PostgreSQL + Redis, 3 processes");
  setups.push(pg3);
  const schemaC = await createTestSchema();
  const space = createRedisSpace();
  pg3.cleanup.push(
    () => schemaC.drop(),
    () => space.drop(),
  );
  fs.mkdirSync(path.join(dir, "c"));
  await startCluster(pg3, 3, { DATABASE_URL: schemaC.url, REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: space.prefix }, path.join(dir, "c"));
}

async function tearDown(setups: readonly Setup[]): Promise<void> {
  for (const s of setups) for (const p of s.processes) p.started.stop();
  for (const s of setups) for (const p of s.processes) await closed(p.port);
  for (const s of setups)
    for (const c of s.cleanup) await c().catch((err) => console.warn(`  cleanup of ${s.label}: ${(err as Error).message}`));
}

export async function clusterBench(): Promise<void> {
  const commands = Number(process.env.BENCH_CLUSTER_COMMANDS ?? 3000);
  const clients = Number(process.env.BENCH_CLUSTER_CLIENTS ?? 48);
  const reports = Number(process.env.BENCH_CLUSTER_REPORTS ?? 1000);
  const rounds = Number(process.env.BENCH_CLUSTER_ROUNDS ?? 3);
  const withServices = (await postgresAvailable()) && (await redisAvailable());
  if (!withServices) console.log("[cluster] PostgreSQL or Redis is down: only bare socket.io and (a) run (see DEVELOPERS.md)");
  const setups: Setup[] = [];
  try {
    await setUp(setups, withServices);
    for (const s of setups) {
      console.log(`[cluster] ${s.label}: ${clients} senders (accounts made and signed in), warm-up`);
      s.senders = await prepareSenders(s.target, clients);
      await throughput(s.target, s.senders, Math.min(300, commands), "warm");
    }
    for (let r = 1; r <= rounds; r++) {
      for (const s of setups) {
        const tp = await throughput(s.target, s.senders, commands, `r${r}`);
        const lat = await reportToControl(s.target, s.senders[0] as Sender, reports, 50, `r${r}`);
        s.rounds.push({ tp, lat });
        console.log(
          `[cluster] round ${r}/${rounds} ${s.label}: ${tp.perSecond.toFixed(0)} acked/s (${tp.resent} resent), report→control p50 ${lat.p50.toFixed(2)} ms p99 ${lat.p99.toFixed(2)} ms`,
        );
      }
    }
    printTable(setups, { commands, clients, reports, rounds });
  } finally {
    console.log("[cluster] stopping the processes, dropping the schemas and Redis keys");
    await tearDown(setups);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2;
};

function printTable(setups: readonly Setup[], run: { commands: number; clients: number; reports: number; rounds: number }): void {
  const rows = setups.map((s) => ({
    label: s.label,
    perSecond: median(s.rounds.map((r) => r.tp.perSecond)),
    ackP99: median(s.rounds.map((r) => r.tp.ack.p99)),
    p50: median(s.rounds.map((r) => r.lat.p50)),
    p99: median(s.rounds.map((r) => r.lat.p99)),
    resent: s.rounds.reduce((n, r) => n + r.tp.resent, 0),
  }));
  const a = rows.find((r) => r.label.startsWith("(a)"));
  const ratio = (x: number, base: number | undefined) => (base ? `×${(x / base).toFixed(2)}` : "");
  const widths = [42, 9, 8, 10, 13, 8, 10, 8, 8];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[0] ?? 0) : c.padStart(widths[i] ?? 0))).join("");
  console.log(
    `\nCluster bench — median of ${run.rounds} rounds. Each round: ${run.commands} reports from ${run.clients} stewards spread over the processes, each waiting for its ack (the clock stops when a controller on the last process has them all); then ${run.reports} reports one at a time, steward on process 1 → controller on the last. 127.0.0.1, ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)} at the end`,
  );
  console.log(line(["", "acked/s", "vs (a)", "ack p99", "rep→ctl p50", "vs (a)", "p99", "vs (a)", "resent"]));
  for (const r of rows) {
    console.log(
      line([
        r.label,
        r.perSecond.toFixed(0),
        ratio(r.perSecond, a?.perSecond),
        `${r.ackP99.toFixed(1)} ms`,
        `${r.p50.toFixed(2)} ms`,
        ratio(r.p50, a?.p50),
        `${r.p99.toFixed(2)} ms`,
        ratio(r.p99, a?.p99),
        String(r.resent),
      ]),
    );
  }
  console.log(
    "resent: reports answered `unavailable` (their process lost the race for the head too often in a row) and sent again with the same key, all rounds",
  );
  console.log(
    "budget (DESIGN §6): report → control p50 ≤ 5 ms, p99 ≤ 50 ms on one 2-core machine; here the processes share the cores with PostgreSQL, Redis and the clients",
  );
}
