import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { signIn, startProcess, summarise } from "./support";

/**
 * One steward against the board (issue 8 item 5): sockets accepted on one cookie, reports a
 * minute from ten sockets, commands through a burst on twenty sockets of one session, and a
 * controller's command latency meanwhile. Run with the default limits and, as the baseline in
 * the same run, with every limit opened wide (what one user could do before the per-user limits).
 */
const FLOOD_MS = Number(process.env.BENCH_FLOOD_MS ?? 10_000);

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
  console.log(`\nOne steward flooding — ${FLOOD_MS / 1000} s of reports from 10 sockets, server in its own process`);
  const head = ["sockets on 1 cookie (of 300)", "reports a minute", "burst: cmds ok (20 sockets)", "controller p50", "controller p99"];
  console.log(`${"".padEnd(32)} ${head.map((h) => h.padStart(28)).join(" ")}`);
  for (const [label, f] of rows) {
    const cells = [
      f.accepted,
      Math.round(f.reportsPerMinute),
      f.burstOk,
      `${f.control.p50.toFixed(2)} ms`,
      `${f.control.p99.toFixed(2)} ms`,
    ];
    console.log(`${label.padEnd(32)} ${cells.map((c) => String(c).padStart(28)).join(" ")}`);
  }
}

interface Figures {
  accepted: number;
  reportsPerMinute: number;
  burstOk: number;
  control: { p50: number; p99: number };
}

async function measure(url: string, opId: string): Promise<Figures> {
  const opened: Socket[] = [];
  try {
    // 300 sockets on one cookie: how many does the server take?
    const cookie = await signIn(url, "steward");
    const tries = await Promise.all(Array.from({ length: 300 }, () => connect(url, cookie, opened)));
    const accepted = tries.filter(Boolean).length;
    for (const s of opened.splice(0)) s.close();

    // Ten sockets (two sessions, as a phone and a laptop might) sending reports as fast as acks come.
    const sockets = (
      await Promise.all(
        [await signIn(url, "steward"), await signIn(url, "steward")].flatMap((c) =>
          Array.from({ length: 5 }, () => connect(url, c, opened)),
        ),
      )
    ).filter((s): s is Socket => s !== null);
    const control = await connect(url, await signIn(url, "controller"), opened);
    if (!control) throw new Error("controller refused");
    let reports = 0;
    let n = 0;
    const until = performance.now() + FLOOD_MS;
    const senders = sockets.map(async (s) => {
      while (performance.now() < until) {
        const body = { type: "other", postId: "post-ow-boxpark", text: "flood", reporterTime: Date.now() };
        const ack: { ok: boolean } = await s.emitWithAck("report:submit", { opId, key: `flood-${++n}-${Date.now()}`, body });
        if (ack.ok) reports++;
      }
    });
    const latencies: number[] = [];
    const controller = (async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        await control.emitWithAck("decision:log", {
          opId,
          key: `ctl-${++n}-${Date.now()}`,
          body: { decision: "Hold", rationale: "Bench" },
        });
        latencies.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await Promise.all([...senders, controller]);
    for (const s of opened.splice(0)) s.close();

    // Twenty sockets on one session, each sending 100 commands at once.
    const one = await signIn(url, "steward2");
    const burst = (await Promise.all(Array.from({ length: 20 }, () => connect(url, one, opened)))).filter((s): s is Socket => s !== null);
    const acks = await Promise.all(
      burst.flatMap((s) =>
        Array.from(
          { length: 100 },
          (_, i) =>
            s.emitWithAck("report:submit", {
              opId,
              key: `burst-${i}-${++n}`,
              body: { type: "other", postId: "post-ts-entrance-h", text: "burst", reporterTime: Date.now() },
            }) as Promise<{ ok: boolean }>,
        ),
      ),
    );
    return {
      accepted,
      reportsPerMinute: (reports / FLOOD_MS) * 60_000,
      burstOk: acks.filter((a) => a.ok).length,
      control: summarise(latencies),
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
