import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { type Started, signIn, startProcess, summarise } from "./support";

/**
 * Steward report → control screen's socket, and report → durable ack, over real sockets to a
 * server in its own process, beside the same relay through bare socket.io measured in this run.
 */
export async function reportLatency(count = 1000, warmup = 50): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-bench-"));
  const cordon = await startProcess("bench/server.ts", {
    DATABASE_PATH: path.join(dir, "bench.db"),
    COMMAND_RATE_PER_SEC: "10000",
    COMMAND_BURST: "100000",
  });
  const raw = await startProcess("bench/rawServer.ts", {});
  try {
    const c = await measureCordon(cordon, count, warmup);
    const r = await measureRaw(raw, count, warmup);
    const rows = [
      ["steward report → control socket (Cordon, durable)", summarise(c.delivered)],
      ["same relay through bare socket.io", summarise(r.delivered)],
      ["report acked, committed with synchronous=FULL (Cordon)", summarise(c.acked)],
      ["ack through bare socket.io (nothing stored)", summarise(r.acked)],
    ] as const;
    console.log(`\nSteward report latency — ${count} reports, one at a time, server in its own process, 127.0.0.1`);
    console.log(`${"".padEnd(58)} ${"p50".padStart(8)} ${"p99".padStart(8)} ${"max".padStart(8)}`);
    for (const [label, s] of rows) console.log(`${label.padEnd(58)} ${ms(s.p50)} ${ms(s.p99)} ${ms(s.max)}`);
    const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(1) : "n/a");
    console.log(
      `ratio Cordon / bare socket.io: p50 ×${ratio(rows[0][1].p50, rows[1][1].p50)}, p99 ×${ratio(rows[0][1].p99, rows[1][1].p99)}`,
    );
    console.log("budget (DESIGN §6): report → control p50 ≤ 5 ms, p99 ≤ 50 ms; ack p99 ≤ 25 ms");
  } finally {
    cordon.stop();
    raw.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (x: number) => `${x.toFixed(2)} ms`.padStart(8);

async function measureCordon(server: Started, count: number, warmup: number) {
  const [port, opId] = server.ready;
  const url = `http://127.0.0.1:${port}`;
  const control = await connect(url, await signIn(url, "controller"));
  await control.emitWithAck("sync:hello", { protocol: 1, opId, lastSeq: null });
  const steward = await connect(url, await signIn(url, "steward"));
  const isReport = (e: { type?: string }) => e.type === "StewardReportSubmitted";
  return measure(control, isReport, count, warmup, async (i, t0) => {
    const body = { type: "crowd-surge", postId: "post-ow-boxpark", text: `bench ${i}`, reporterTime: Date.now() };
    const ack: { ok: boolean } = await steward.emitWithAck("report:submit", { opId, key: `bench-${i}-${t0}`, body });
    if (!ack.ok) throw new Error(`report refused: ${JSON.stringify(ack)}`);
  }).finally(() => steward.close());
}

async function measureRaw(server: Started, count: number, warmup: number) {
  const url = `http://127.0.0.1:${server.ready[0]}`;
  const control = await connect(url);
  const steward = await connect(url);
  return measure(
    control,
    () => true,
    count,
    warmup,
    async (i) => {
      await steward.emitWithAck("report", { type: "crowd-surge", text: `bench ${i}` });
    },
  ).finally(() => steward.close());
}

async function connect(url: string, cookie?: string): Promise<Socket> {
  const socket = io(url, { transports: ["websocket"], forceNew: true, ...(cookie ? { extraHeaders: { cookie } } : {}) });
  await new Promise((resolve) => socket.once("connect", () => resolve(null)));
  return socket;
}

/**
 * Sends one report at a time and times two things from the send: until `control` receives
 * its event, and until the sender's ack. The first `warmup` sends are not counted.
 */
async function measure(
  control: Socket,
  counts: (e: { type?: string }) => boolean,
  count: number,
  warmup: number,
  send: (i: number, t0: number) => Promise<void>,
) {
  let onEvent: (() => void) | null = null;
  control.on("event", (e: { type?: string }) => {
    if (counts(e)) onEvent?.();
  });
  const delivered: number[] = [];
  const acked: number[] = [];
  for (let i = 0; i < count + warmup; i++) {
    const t0 = performance.now();
    const seen = new Promise<number>((resolve) => {
      onEvent = () => resolve(performance.now() - t0);
    });
    const ack = send(i, t0).then(() => performance.now() - t0);
    const [d, a] = await Promise.all([seen, ack]);
    if (i >= warmup) {
      delivered.push(d);
      acked.push(a);
    }
  }
  control.close();
  return { delivered, acked };
}
