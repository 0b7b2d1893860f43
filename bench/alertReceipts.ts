import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Socket } from "socket.io-client";
import { hello, openSocket } from "./stadiumClients";
import type { ProbeReading, ProbeReply } from "./stadiumProbe";
import { type Credentials, profileEnv } from "./stadiumProfile";
import { type Started, startProcess, summarise } from "./support";

/**
 * `npm run bench -- alerts` (issue 11 item 4): one urgent alert to STEWARDS (2,500) connected
 * stewards and their receipts. The server (bench/stadiumServer.ts: the real app on a temp SQLite
 * file, one account and session per steward) and the stewards' phones (bench/alertReceiptsLoad.ts)
 * run in processes of their own on 127.0.0.1; this process is control. Prints the time from send
 * to each phone's arrival (p50/p99/max), the time until control has counted every receipt, and
 * the server's CPU over that window. Every wait is bounded.
 */
const STEWARDS = Number(process.env.BENCH_ALERT_STEWARDS ?? 2500);
const LIMIT_MS = 180_000;
const ROOT = path.resolve(import.meta.dirname, "..");

export async function alertReceiptsBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-alerts-"));
  const credsFile = path.join(dir, "creds.json");
  const statsFile = path.join(dir, "stats.json");
  const started: Started[] = [];
  try {
    console.log(`\nAlerts with receipts — one urgent alert to ${STEWARDS.toLocaleString("en-GB")} connected stewards`);
    const server = await startProcess(path.join(ROOT, "bench/stadiumServer.ts"), serverEnv(dir, credsFile), {
      ipc: true,
      readyTimeoutMs: 5 * 60_000,
    });
    started.push(server);
    const url = `http://127.0.0.1:${server.ready[0]}`;
    const creds = JSON.parse(fs.readFileSync(credsFile, "utf8")) as Credentials;
    const load = await startProcess(
      path.join(ROOT, "bench/alertReceiptsLoad.ts"),
      { ALERTS_URL: url, STADIUM_CREDS: credsFile, ALERTS_STATS: statsFile },
      {
        readyTimeoutMs: 5 * 60_000,
      },
    );
    started.push(load);
    const control = await controlSocket(url, creds);
    const { sentAt, receiptsMs, cpu } = await sendAndCount(server, control, creds.opId);
    await load.stop();
    started.pop();
    control.close();
    report(JSON.parse(fs.readFileSync(statsFile, "utf8")) as LoadStats, sentAt, receiptsMs, cpu);
  } finally {
    for (const s of started.reverse()) await s.stop();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}

interface LoadStats {
  arrivals: number[];
  acked: number;
  refused: number;
}

function serverEnv(dir: string, credsFile: string): Record<string, string> {
  return {
    ...profileEnv({
      devices: 0,
      controls: 1,
      stewards: STEWARDS,
      phoneShare: 0,
      reportsPerSec: 0,
      logEvents: 0,
      feedToken: "alerts-bench",
    }),
    DATABASE_PATH: path.join(dir, "alerts.db"),
    STADIUM_CREDS: credsFile,
    CHECKPOINT_DIR: path.join(dir, "checkpoints"),
    CHECKPOINT_KEY_FILE: path.join(dir, "checkpoint-key.pem"),
    FEED_TOKENS: "alerts-bench",
  };
}

async function controlSocket(url: string, creds: Credentials): Promise<Socket> {
  const socket = await openSocket(url, creds.controls[0] ?? "", "control");
  await hello({ socket, role: "control", lastSeq: null }, creds.opId);
  return socket;
}

/** Sends the alert and waits (bounded) until control has counted a receipt from every steward. */
async function sendAndCount(server: Started, control: Socket, opId: string) {
  const seenBy = new Set<string>();
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  control.on("event", (e: { type: string; actor: { userId: string } }) => {
    if (e.type !== "AlertSeen") return;
    seenBy.add(e.actor.userId);
    if (seenBy.size >= STEWARDS) done();
  });
  server.child.send({ probe: "mark", scope: "window" });
  const sentAt = performance.timeOrigin + performance.now();
  const ack: { ok: boolean } = await control.timeout(60_000).emitWithAck("alert:send", {
    opId,
    key: `bench-alert-${Date.now()}`,
    body: { audience: "stewards", priority: "urgent", text: "Lost child: boy, 6, red top" },
  });
  if (!ack.ok) throw new Error(`alert:send refused: ${JSON.stringify(ack)}`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, LIMIT_MS);
  });
  await Promise.race([all, timeout]).finally(() => clearTimeout(timer));
  const receiptsMs = seenBy.size >= STEWARDS ? performance.timeOrigin + performance.now() - sentAt : Number.NaN;
  if (seenBy.size < STEWARDS) console.log(`  only ${seenBy.size} receipts counted in ${LIMIT_MS / 1000} s`);
  return { sentAt, receiptsMs, cpu: await readProbe(server) };
}

function readProbe(server: Started): Promise<ProbeReading | null> {
  const id = Date.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 30_000);
    const onMessage = (m: ProbeReply) => {
      if (m?.id !== id) return;
      clearTimeout(timer);
      server.child.off("message", onMessage);
      resolve(m.probe === "reading" ? m.reading : null);
    };
    server.child.on("message", onMessage);
    server.child.send({ probe: "read", id, scope: "window" });
  });
}

function report(stats: LoadStats, sentAt: number, receiptsMs: number, cpu: ProbeReading | null): void {
  const deliver = summarise(stats.arrivals.map((t) => t - sentAt));
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  console.log(`  delivered to ${deliver.n} of ${STEWARDS} phones: p50 ${ms(deliver.p50)}, p99 ${ms(deliver.p99)}, max ${ms(deliver.max)}`);
  console.log(`  receipts acked ${stats.acked}, refused ${stats.refused}`);
  console.log(`  all ${STEWARDS} receipts in control's count after ${ms(receiptsMs)}`);
  if (cpu) console.log(`  server CPU over that window: ${cpu.cpuMs.toFixed(0)} ms of CPU, ${cpu.cpuPct.toFixed(0)}% of one core`);
}
