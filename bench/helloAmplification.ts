import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { OP_ID, replayData } from "./replayData";
import { signIn, startProcess, summarise } from "./support";

/**
 * Hello amplification (issue 8 item 5): a controller's command latency on a 41,000-event log,
 * alone (the baseline, same run) and while ten steward sockets say hello over and over, plus
 * what one steward hello costs and weighs. Measured with the default per-user budget, and with
 * the budget opened wide so that every hello is served (the cost of the hello path itself). The
 * stewards run in a process of their own (bench/helloStewards.ts), the controller in this one.
 */
const EVENTS = Number(process.env.BENCH_HELLO_EVENTS ?? 41_000);
const SAMPLES = Number(process.env.BENCH_HELLO_COMMANDS ?? 200);

export async function helloAmplification(): Promise<void> {
  const file = process.env.BENCH_HELLO_DB ?? path.join(os.tmpdir(), `cordon-hello-${EVENTS}.db`);
  await replayData(file, { hours: 4, units: 60, fixEveryMs: 600_000, events: EVENTS, seed: 41 });
  console.log(`\nHello amplification — ${EVENTS.toLocaleString("en-GB")}-event log, server in its own process`);
  const head = ["controller p50", "controller p99", "hellos served", "hello p50", "hello p99", "reply bytes"];
  console.log(`${"".padEnd(48)} ${head.map((h) => h.padStart(15)).join(" ")}`);
  for (const [label, env] of [
    ["default limits", {}],
    ["per-user budget opened wide", { COMMAND_RATE_PER_SEC: "10000", COMMAND_BURST: "100000" }],
  ] as const) {
    // A copy per run: the bench appends to the log, and the generated file is kept for the next run.
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cordon-hello-run-")), "hello.db");
    fs.copyFileSync(file, copy);
    const server = await startProcess("bench/replayServer.ts", { DATABASE_PATH: copy, ...env });
    try {
      const url = `http://127.0.0.1:${server.ready[0]}`;
      const control = await connect(url, await signIn(url, "controller"));
      const alone = await commandLatency(control, () => false);
      // The stewards' sockets live in their own process (bench/helloStewards.ts).
      const statsFile = path.join(path.dirname(copy), "stewards.json");
      const cookies = [await signIn(url, "steward"), await signIn(url, "steward")];
      const stewards = await startProcess("bench/helloStewards.ts", {
        HELLO_URL: url,
        HELLO_COOKIES: cookies.join(","),
        HELLO_STATS: statsFile,
      });
      const during = await commandLatency(control, () => false);
      await stewards.stop();
      control.close();
      const h = JSON.parse(fs.readFileSync(statsFile, "utf8")) as ReturnType<typeof summarise> & { bytes: number };
      const bytes = h.bytes;
      const print = (name: string, c: ReturnType<typeof summarise>, extra: (string | number)[]) =>
        console.log(
          `${name.padEnd(48)} ${[`${c.p50.toFixed(2)} ms`, `${c.p99.toFixed(2)} ms`, ...extra].map((x) => String(x).padStart(15)).join(" ")}`,
        );
      print(`${label}: controller alone (baseline)`, alone, ["", "", "", ""]);
      print(`${label}: while 10 steward sockets hello`, during, [h.n, `${h.p50.toFixed(2)} ms`, `${h.p99.toFixed(2)} ms`, bytes]);
    } finally {
      await server.stop();
      // The server may still be writing a checkpoint as it stops: retry rather than fail the run.
      fs.rmSync(path.dirname(copy), { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    }
  }
}

/** SAMPLES decision:log commands one after another, each timed from send to ack. */
async function commandLatency(control: Socket, stopped: () => boolean): Promise<ReturnType<typeof summarise>> {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES && !stopped(); i++) {
    const t0 = performance.now();
    const ack: { ok: boolean } = await control.emitWithAck("decision:log", {
      opId: OP_ID,
      key: `hello-bench-${i}-${Date.now()}`,
      body: { decision: "Hold", rationale: "Bench" },
    });
    if (ack.ok) samples.push(performance.now() - t0);
    // About 15 a second: under the default per-user budget (20 a second), so none is refused.
    await new Promise((r) => setTimeout(r, 60));
  }
  return summarise(samples);
}

async function connect(url: string, cookie: string): Promise<Socket> {
  const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { cookie } });
  await new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(null));
    socket.once("connect_error", reject);
  });
  return socket;
}
