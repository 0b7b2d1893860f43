import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { printProfileTop } from "./stadiumCpuTop";
import { pool, roundOrder } from "./stadiumPool";
import type { Profile } from "./stadiumProfile";
import { type RunResult, runServer, type ServerKind } from "./stadiumRun";
import { printSteps, printTable } from "./stadiumTable";

/**
 * `npm run bench -- stadium` (issue 14 items 1 and 4): the stadium profile of DESIGN §6 against
 * the real server (SQLite, its own process) and, in the same run and the same order, against bare
 * socket.io doing the same fan-out and the same durable writes (bench/stadiumBare.ts); the load
 * comes from 2 processes of its own (bench/stadiumLoad.ts). Prints the figures of each, their
 * ratio beside the issue's budgets, where the report p99 crosses 50 ms as the profile steps up,
 * and what a reconnect of every steward at once does to control.
 *
 *   --devices 500,1000,2000,3500   tracked devices (a list steps up; likewise --controls, --stewards)
 *   --controls 200  --stewards 2500  --reports 10 (a second)  --phones 0.5 (share of devices on a socket)
 *   --log 20000 (steward reports in the log before anyone connects)
 *   --seconds 60  --warmup 20  --loaders 2  --only cordon|bare  --reconnect last|all|none
 *   --rounds 1 (each server this many times per step, in the order bare, Cordon, Cordon, bare, …; latencies from every round's samples)
 *   --minutes 10 (the measured window in minutes, for the flat-memory check; overrides --seconds)
 *   --profile DIR (or STADIUM_CPU_PROF=DIR): each server's CPU profile of the window, and its top five
 *     (STADIUM_HEAP_PROF=0: no heap profile beside it, so the CPU profile is not skewed by its sampling)
 */
export async function stadiumBench(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    strict: false,
    options: {
      devices: { type: "string", default: "3500" },
      controls: { type: "string", default: "200" },
      stewards: { type: "string", default: "2500" },
      reports: { type: "string", default: "10" },
      log: { type: "string", default: "20000" },
      phones: { type: "string", default: "0.5" },
      seconds: { type: "string", default: "60" },
      warmup: { type: "string", default: "20" },
      loaders: { type: "string", default: "2" },
      only: { type: "string" },
      reconnect: { type: "string", default: "last" },
      rounds: { type: "string", default: "1" },
      minutes: { type: "string" },
      profile: { type: "string", default: process.env.STADIUM_CPU_PROF },
    },
  });
  const list = (v: unknown) =>
    String(v)
      .split(",")
      .map(Number)
      .filter((n) => Number.isFinite(n) && n >= 0);
  const devices = list(values.devices);
  const controls = list(values.controls);
  const stewards = list(values.stewards);
  const steps = Math.max(devices.length, controls.length, stewards.length);
  // A shorter list keeps its last value: `--devices 500,3500 --controls 200` is two steps of 200 controls.
  const at = (xs: number[], i: number) => xs[Math.min(i, xs.length - 1)] ?? 0;
  const profiles: Profile[] = Array.from({ length: steps }, (_, i) => ({
    devices: at(devices, i),
    controls: Math.max(1, at(controls, i)),
    stewards: Math.max(1, at(stewards, i)),
    phoneShare: Math.min(1, Math.max(0, Number(values.phones))),
    reportsPerSec: Number(values.reports),
    logEvents: Math.max(0, Math.min(1_000_000, Number(values.log))),
    feedToken: "stadium-bench-feed-token-not-secret",
  }));
  const kinds: ServerKind[] = values.only === "bare" ? ["bare"] : values.only === "cordon" ? ["cordon"] : ["bare", "cordon"];
  const seconds = Math.max(1, Math.min(3600, values.minutes ? 60 * Number(values.minutes) : Number(values.seconds)));
  const profileDir = typeof values.profile === "string" && values.profile ? path.resolve(values.profile) : null;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const profileFile = (kind: ServerKind, p: Profile) =>
    profileDir ? { profileFile: path.join(profileDir, `${kind}-${p.devices}-${p.controls}-${p.stewards}.cpuprofile`) } : {};
  const warmup = Math.max(0, Math.min(600, Number(values.warmup)));
  const loaders = Math.max(1, Math.min(8, Number(values.loaders)));
  const rounds = Math.max(1, Math.min(10, Math.trunc(Number(values.rounds)) || 1));
  const reconnectAt = (i: number) => values.reconnect === "all" || (values.reconnect === "last" && i === steps - 1);

  console.log(
    `[stadium] ${steps} step(s) × ${roundOrder(kinds, rounds).join(", ")}; ${warmup} s warm-up and ${seconds} s measured each; ${loaders} load processes; ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(2)}`,
  );
  const results: RunResult[] = [];
  for (const [i, profile] of profiles.entries()) {
    const order = roundOrder(kinds, rounds);
    const rounds_: Record<ServerKind, RunResult[]> = { bare: [], cordon: [] };
    for (const [n, kind] of order.entries()) {
      // The storm and the profile in each server's last round only (a profile file per server and step).
      const lastOfKind = order.lastIndexOf(kind) === n;
      const result = await runServer(kind, profile, {
        warmupS: warmup,
        measureS: seconds,
        loaders,
        reconnect: lastOfKind && reconnectAt(i),
        ...(lastOfKind ? profileFile(kind, profile) : {}),
        log: console.log,
      });
      rounds_[kind].push(result);
      if (rounds > 1)
        console.log(
          `[stadium] step ${i + 1}/${steps} round ${rounds_[kind].length}/${rounds} ${kind}: report→control p99 ${result.report.p99.toFixed(1)} ms, ack p99 ${result.ackP99.toFixed(1)} ms, position p99 ${result.positionP99.toFixed(1)} ms, CPU ${result.server.cpuPct.toFixed(1)} %, waiting for a core ${result.server.runQueuePct.toFixed(0)} %`,
        );
    }
    for (const kind of kinds) results.push(pool(rounds_[kind]));
    for (const kind of kinds) {
      const r = results.find((x) => x.kind === kind && x.profile === profile);
      if (r)
        console.log(
          `[stadium] step ${i + 1}/${steps} ${kind}${rounds > 1 ? ` (${rounds} rounds pooled)` : ""}: report→control p99 ${r.report.p99.toFixed(1)} ms, CPU ${r.server.cpuPct.toFixed(0)} %`,
        );
    }
  }
  for (const profile of profiles)
    printTable(
      results.filter((r) => r.profile === profile),
      { seconds, warmup, loaders, rounds },
    );
  if (steps > 1) printSteps(profiles, results);
  for (const r of results) {
    const file = profileFile(r.kind, r.profile).profileFile;
    if (file && fs.existsSync(file)) printProfileTop(file, `${r.kind} ${r.profile.devices}/${r.profile.controls}/${r.profile.stewards}`);
  }
  console.log(
    `\nload average at the end: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(", ")} (1, 5, 15 min) on ${os.cpus().length} cores`,
  );
}
