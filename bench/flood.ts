import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { io, type Socket } from "socket.io-client";
import { signIn, startProcess, summarise } from "./support";

/**
 * One steward against the board (issue 8 item 5): sockets accepted on one cookie, reports a
 * minute from ten sockets, commands through a burst on twenty sockets of one session, and a
 * controller's command latency meanwhile. Run with the default limits and, as the baseline in
 * the same run, with every limit opened wide (what one user could do before the per-user limits).
 */
const FLOOD_MS = Number(process.env.BENCH_FLOOD_MS ?? 60_000);

const OPEN_WIDE = {
  COMMAND_RATE_PER_SEC: "10000",
  COMMAND_BURST: "100000",
  STEWARD_REPORTS_PER_MINUTE: "1000000",
  MAX_SOCKETS_PER_SESSION: "100000",
  MAX_SOCKETS_PER_USER: "100000",
};

export async function flood(): Promise<void> {
  const rows: [string, Figures][] = [];
  for (const [label, env] of [
    ["default limits", {}],
    ["limits opened wide (baseline)", OPEN_WIDE],
  ] as const) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-flood-"));
    const server = await startProcess("bench/server.ts", { DATABASE_PATH: path.join(dir, "bench.db"), ...env });
    try {
      rows.push([label, await measure(`http://127.0.0.1:${server.ready[0]}`, server.ready[1] ?? "")]);
    } finally {
      server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`\nOne steward flooding — ${FLOOD_MS / 1000} s of reports from 10 sockets (own process), server in its own process`);
  const head = [
    "sockets/cookie of 300",
    "reports appended/min",
    "reports refused",
    "burst ok (20 sockets)",
    "ctl alone p50/p99",
    "ctl in flood p50/p99",
  ];
  console.log(`${"".padEnd(30)} ${head.map((h) => h.padStart(22)).join(" ")}`);
  const ms = (x: { p50: number; p99: number }) => `${x.p50.toFixed(1)} / ${x.p99.toFixed(1)} ms`;
  for (const [label, f] of rows) {
    const cells = [f.accepted, Math.round(f.reportsPerMinute), f.refused, f.burstOk, ms(f.alone), ms(f.control)];
    console.log(`${label.padEnd(30)} ${cells.map((c) => String(c).padStart(22)).join(" ")}`);
  }
  console.log("(burst: 100 hellos from each of 20 sockets of one session, all at once; every message costs one from the user's budget)");
}

interface Figures {
  accepted: number;
  reportsPerMinute: number;
  refused: number;
  burstOk: number;
  alone: { p50: number; p99: number };
  control: { p50: number; p99: number };
}

/** `count` decision:log commands, about 15 a second (under the controller's own budget), each timed to its ack. */
async function commandLatency(control: Socket, opId: string, count: number, stopped: () => boolean) {
  const samples: number[] = [];
  for (let i = 0; i < count && !stopped(); i++) {
    const t0 = performance.now();
    const ack: { ok: boolean } = await control.emitWithAck("decision:log", {
      opId,
      key: `ctl-${i}-${Date.now()}`,
      body: { decision: "Hold", rationale: "Bench" },
    });
    if (ack.ok) samples.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 60));
  }
  return summarise(samples);
}

/** Starts the flooding steward (bench/floodClient.ts) in its own process. */
function floodFrom(url: string, opId: string): { ready: Promise<void>; result: Promise<{ appended: number; refused: number }> } {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/floodClient.ts"], {
    env: { ...process.env, FLOOD_URL: url, FLOOD_OP: opId, FLOOD_MS: String(FLOOD_MS) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  const result = new Promise<{ appended: number; refused: number }>((resolve, reject) => {
    lines.on("line", (line) => {
      if (line === "READY") onReady();
      const m = /^RESULT (\d+) (\d+)$/.exec(line);
      if (m) resolve({ appended: Number(m[1]), refused: Number(m[2]) });
    });
    child.once("exit", (code) => reject(new Error(`the flooding client exited with ${code}`)));
  });
  return { ready, result };
}

async function measure(url: string, opId: string): Promise<Figures> {
  const opened: Socket[] = [];
  try {
    // 300 sockets on one cookie: how many does the server take?
    const cookie = await signIn(url, "steward");
    const tries = await Promise.all(Array.from({ length: 300 }, () => connect(url, cookie, opened)));
    const accepted = tries.filter(Boolean).length;
    for (const s of opened.splice(0)) s.close();

    // The controller alone (the baseline), then while the steward floods from its own process.
    const control = await connect(url, await signIn(url, "controller"), opened);
    if (!control) throw new Error("controller refused");
    let stopped = false;
    const alone = await commandLatency(control, opId, 100, () => false);
    const flooder = floodFrom(url, opId);
    await flooder.ready;
    const done = flooder.result.finally(() => {
      stopped = true;
    });
    const during = await commandLatency(control, opId, Number.POSITIVE_INFINITY, () => stopped);
    const { appended, refused } = await done;

    // Twenty sockets on one session, each sending 100 messages at once (hellos: every message costs
    // the same from the user's budget, and a steward has no command but reports, capped apart).
    const one = await signIn(url, "steward2");
    const burst = (await Promise.all(Array.from({ length: 20 }, () => connect(url, one, opened)))).filter((s): s is Socket => s !== null);
    const hello = { protocol: 1, opId, lastSeq: null };
    const acks = await Promise.all(
      burst.flatMap((s) => Array.from({ length: 100 }, () => s.emitWithAck("sync:hello", hello) as Promise<{ ok: boolean }>)),
    );
    return {
      accepted,
      reportsPerMinute: (appended / FLOOD_MS) * 60_000,
      refused,
      burstOk: acks.filter((a) => a.ok).length,
      alone,
      control: during,
    };
  } finally {
    for (const s of opened) s.close();
  }
}

/** A socket on a cookie, or null when the server refuses the handshake. */
function connect(url: string, cookie: string, opened: Socket[]): Promise<Socket | null> {
  const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { cookie } });
  opened.push(socket);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", () => resolve(null));
  });
}
