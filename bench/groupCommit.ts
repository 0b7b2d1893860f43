import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { signIn, startProcess, summarise } from "./support";

/**
 * Acked commands per second with group commit (commands arriving together share one durable
 * transaction) and without it (one fsync per command), each on its own server process, same load:
 * `sockets` stewards each keeping `inFlight` reports outstanding for `seconds`.
 */
export async function groupCommit(sockets = 20, inFlight = 4, seconds = 5): Promise<void> {
  console.log(`\nGroup commit — ${sockets} steward sockets × ${inFlight} reports in flight for ${seconds} s, synchronous = FULL`);
  console.log(`${"".padEnd(34)} ${"acked/s".padStart(9)} ${"ack p50".padStart(9)} ${"ack p99".padStart(9)}`);
  const results: Record<string, number> = {};
  for (const [label, enabled] of [
    ["with group commit", "true"],
    ["without (one transaction each)", "false"],
  ] as const) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-gc-"));
    const server = await startProcess("bench/server.ts", {
      DATABASE_PATH: path.join(dir, "gc.db"),
      GROUP_COMMIT: enabled,
      COMMAND_RATE_PER_SEC: "10000",
      COMMAND_BURST: "100000",
      // Two stewards send thousands of reports a second: the per-steward cap (30 a minute) would refuse them.
      STEWARD_REPORTS_PER_MINUTE: "1000000",
    });
    try {
      const [port, opId] = server.ready;
      const { perSecond, latencies } = await load(`http://127.0.0.1:${port}`, opId ?? "", sockets, inFlight, seconds);
      const s = summarise(latencies);
      results[label] = perSecond;
      console.log(
        `${label.padEnd(34)} ${perSecond.toFixed(0).padStart(9)} ${`${s.p50.toFixed(2)} ms`.padStart(9)} ${`${s.p99.toFixed(2)} ms`.padStart(9)}`,
      );
    } finally {
      server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const ratio = (results["with group commit"] ?? 0) / (results["without (one transaction each)"] ?? 1);
  console.log(`group commit acks ×${ratio.toFixed(1)} as many commands a second`);
}

async function load(url: string, opId: string, sockets: number, inFlight: number, seconds: number) {
  // Several sessions for each of the two stewards: one session may hold only MAX_SOCKETS_PER_SESSION (8) sockets.
  const cookies: string[] = [];
  for (let i = 0; i < Math.ceil(sockets / 4); i++) cookies.push(await signIn(url, i % 2 === 0 ? "steward" : "steward2"));
  const clients: Socket[] = [];
  for (let i = 0; i < sockets; i++) {
    const socket = io(url, { transports: ["websocket"], extraHeaders: { cookie: cookies[i % cookies.length] ?? "" }, forceNew: true });
    await new Promise((resolve) => socket.once("connect", () => resolve(null)));
    clients.push(socket);
  }
  const latencies: number[] = [];
  let acked = 0;
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const lane = async (socket: Socket) => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const body = { type: "crowd-surge", postId: "post-ow-boxpark", text: "load", reporterTime: Date.now() };
      const ack: { ok: boolean } = await socket.emitWithAck("report:submit", { opId, key: `gc-${++n}-${t0}`, body });
      if (!ack.ok) throw new Error(`refused: ${JSON.stringify(ack)}`);
      latencies.push(performance.now() - t0);
      acked++;
    }
  };
  const started = performance.now();
  await Promise.all(clients.flatMap((s) => Array.from({ length: inFlight }, () => lane(s))));
  const elapsed = (performance.now() - started) / 1000;
  for (const s of clients) s.close();
  return { perSecond: acked / elapsed, latencies };
}
