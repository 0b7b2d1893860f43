import type { Profile } from "./stadiumProfile";
import type { RunResult } from "./stadiumRun";

/**
 * The stadium bench's tables: each figure for bare socket.io and Cordon, their ratio, and the
 * issue's budget for it (issue 14 item 2: ratios to the bare server in the same run; DESIGN §6's
 * absolute figures as a guide on a noisy 2-core machine); then, over the steps, where the report
 * p99 crosses 50 ms.
 */
interface Row {
  figure: string;
  value: (r: RunResult) => number | null;
  unit: string;
  /** The most Cordon/bare may be, if the issue sets one. */
  ratio?: number;
  /** The most Cordon's own figure may be, if set absolutely. */
  most?: number;
  guide?: string;
}

const ROWS: Row[] = [
  { figure: "steward report → control socket p50", value: (r) => r.report.p50, unit: "ms", guide: "≤ 5 ms" },
  { figure: "steward report → control socket p99", value: (r) => r.report.p99, unit: "ms", ratio: 1.5, guide: "≤ 50 ms" },
  { figure: "report ack p99", value: (r) => r.ackP99, unit: "ms", ratio: 1.3, guide: "≤ 25 ms" },
  { figure: "position fix → control socket p99", value: (r) => r.positionP99, unit: "ms", ratio: 1.75, guide: "≤ 100 ms" },
  { figure: "server CPU (% of one core)", value: (r) => r.server.cpuPct, unit: "%", ratio: 1.6, guide: "≤ 60 %" },
  { figure: "event-loop delay p99", value: (r) => r.server.eldP99, unit: "ms" },
  { figure: "server waiting for a core (run queue)", value: (r) => r.server.runQueuePct, unit: "%" },
  { figure: "GC pauses (% of the window)", value: (r) => (100 * r.server.gcMs) / r.server.wallMs, unit: "%" },
  { figure: "longest GC pause", value: (r) => r.server.gcMaxMs, unit: "ms" },
  { figure: "load processes' CPU (% of one core)", value: (r) => r.loadersCpuPct, unit: "%" },
  { figure: "load processes' event-loop delay p99", value: (r) => r.loadersLoopP99, unit: "ms" },
  { figure: "idle connection after hello (RSS Δ / sockets)", value: (r) => r.allRssPerConn / 1024, unit: "KB", most: 20 },
  { figure: "  second half's RSS Δ / its sockets", value: (r) => r.idleRssPerConn / 1024, unit: "KB" },
  { figure: "  second half's heap Δ / its sockets", value: (r) => r.idleHeapPerConn / 1024, unit: "KB" },
  { figure: "RSS after every hello", value: (r) => r.rssAfterHello / 1e6, unit: "MB" },
  { figure: "RSS at the end of the window", value: (r) => r.server.rss / 1e6, unit: "MB" },
  { figure: "RSS growth over the window", value: (r) => r.rssGrowthMBps, unit: "MB/s" },
  { figure: "heap kept (after full GC) growth", value: (r) => (r.memory.heapEnd - r.memory.heapStart) / 1e6, unit: "MB", guide: "flat" },
  { figure: "  second half's heap slope", value: (r) => r.memory.heapSlope, unit: "MB/min" },
  { figure: "  second half's RSS slope", value: (r) => r.memory.rssSlope, unit: "MB/min" },
  { figure: "position ack p99 (officers' phones)", value: (r) => r.positionAckP99, unit: "ms" },
  { figure: "feed POST reply p99 (trackers)", value: (r) => r.feedP99, unit: "ms" },
  { figure: "reports acked a second", value: (r) => r.reportsPerSec, unit: "/s" },
  { figure: "fixes sent a second", value: (r) => r.fixesPerSec, unit: "/s" },
  { figure: "reports refused", value: (r) => r.refused, unit: "" },
  { figure: "connect + hello of every socket (2 halves)", value: (r) => r.connectS, unit: "s" },
  { figure: "reconnect: events in the log", value: (r) => r.reconnect?.logSeq ?? null, unit: "" },
  { figure: "reconnect: all stewards caught up", value: (r) => r.reconnect?.allMs ?? null, unit: "ms" },
  { figure: "reconnect: hello replies", value: (r) => r.reconnect?.hellos ?? null, unit: "" },
  { figure: "reconnect: connections refused and retried", value: (r) => r.reconnect?.retries ?? null, unit: "" },
  { figure: "reconnect: server CPU meanwhile", value: (r) => r.reconnect?.cpuS ?? null, unit: "s" },
  { figure: "reconnect: control's decision p50 before", value: (r) => r.reconnect?.before.p50 ?? null, unit: "ms" },
  { figure: "reconnect: control's decision p99 before", value: (r) => r.reconnect?.before.p99 ?? null, unit: "ms" },
  { figure: "reconnect: control's decision p50 during", value: (r) => r.reconnect?.during.p50 ?? null, unit: "ms" },
  { figure: "reconnect: control's decision p99 during", value: (r) => r.reconnect?.during.p99 ?? null, unit: "ms" },
  { figure: "reconnect: decisions unanswered or refused", value: (r) => r.reconnect?.during.failed ?? null, unit: "" },
];

const num = (x: number | null | undefined, unit: string) => {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  const digits = Math.abs(x) >= 100 || unit === "" ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return `${x.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits })}${unit && unit !== "/s" ? ` ${unit}` : unit}`;
};

const W = [46, 14, 14, 9, 16, 6];
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(W[0] ?? 0) : c.padStart(W[i] ?? 0))).join(" ");

export function printTable(results: readonly RunResult[], run: { seconds: number; warmup: number; loaders: number; rounds: number }): void {
  const bare = results.find((r) => r.kind === "bare");
  const cordon = results.find((r) => r.kind === "cordon");
  const p = (cordon ?? bare)?.profile;
  if (!p) return;
  const sockets = (cordon ?? bare)?.sockets ?? 0;
  console.log(
    `\nStadium profile: ${p.devices.toLocaleString("en-GB")} tracked devices at 1 Hz (${Math.round(p.devices * p.phoneShare)} officers' phones on sockets, the rest through the feed in batches every 250 ms), ` +
      `${p.controls} control screens, ${p.stewards.toLocaleString("en-GB")} stewards, ${p.reportsPerSec} reports a second; ${sockets.toLocaleString("en-GB")} sockets. ` +
      `${run.warmup} s warm-up, ${run.seconds} s measured${run.rounds > 1 ? ` in each of ${run.rounds} rounds a server (bare, Cordon, Cordon, bare, …; latencies over every round's samples)` : ""}; server and ${run.loaders} load processes on 127.0.0.1 sharing the cores (figures are noisy).`,
  );
  console.log(line(["figure", "bare socket.io", "Cordon", "Cordon/bare", "budget", ""]));
  for (const row of ROWS) {
    const b = bare ? row.value(bare) : null;
    const c = cordon ? row.value(cordon) : null;
    if (b === null && c === null) continue;
    const ratio = b !== null && c !== null && b > 0 && c >= 0 ? c / b : null;
    const budget = row.ratio
      ? `≤ ${row.ratio}x${row.guide ? ` (${row.guide})` : ""}`
      : row.most
        ? `≤ ${row.most} ${row.unit}`
        : (row.guide ?? "");
    const verdict =
      row.ratio && ratio !== null ? (ratio <= row.ratio ? "ok" : "OVER") : row.most && c !== null ? (c <= row.most ? "ok" : "OVER") : "";
    console.log(line([row.figure, num(b, row.unit), num(c, row.unit), ratio === null ? "" : `${ratio.toFixed(2)}x`, budget, verdict]));
  }
  for (const r of results) console.log(`memory (${r.kind}): ${r.memory.says}`);
  printHeard(bare, cordon);
  const waited = results.filter((r) => r.server.runQueuePct > 20);
  if (waited.length > 0)
    console.log(
      `The server waited for a core ${waited.map((r) => `${r.server.runQueuePct.toFixed(0)} % (${r.kind})`).join(", ")} of the window: the machine was oversubscribed, so the latencies say as much about the machine as about the server. Compare ratios over several runs, or run on a quiet machine.`,
    );
  for (const r of results) {
    if (r.connectFailures.length > 0)
      console.log(`${r.kind}: ${r.connectFailures.length} sockets failed to connect or say hello: ${r.connectFailures[0]}`);
    if (r.errors.length > 0) console.log(`${r.kind}: errors in the window, e.g. ${r.errors.slice(0, 3).join("; ")}`);
    if (r.reconnect && r.reconnect.retries > 0)
      console.log(`${r.kind}: ${r.reconnect.retries} reconnect attempts refused and tried again, e.g. ${r.reconnect.refusals.join("; ")}`);
    if (r.reconnect && r.reconnect.failures > 0)
      console.log(`${r.kind}: ${r.reconnect.failures} stewards did not catch up after the reconnect: ${r.reconnect.failed.join("; ")}`);
  }
}

/**
 * The fan-out both servers did, so a reader can see the ratio compares domain cost and not extra
 * delivery: frames and bytes each socket of each audience heard a second, in all and by kind.
 */
function printHeard(bare: RunResult | undefined, cordon: RunResult | undefined): void {
  console.log("\nWhat one socket of each audience heard a second (frames, bytes), the fan-out compared:");
  console.log(line(["audience: kind", "bare socket.io", "Cordon", "Cordon/bare", "", ""]));
  const cell = (c: { frames: number; bytes: number } | undefined) =>
    c ? `${c.frames.toFixed(c.frames < 10 ? 2 : 1)} ${c.bytes >= 1024 ? `${(c.bytes / 1024).toFixed(1)}K` : c.bytes.toFixed(0)}B` : "–";
  for (const role of ["control", "steward", "officer"] as const) {
    const b = bare?.heard[role] ?? {};
    const c = cordon?.heard[role] ?? {};
    const total = (h: Record<string, { frames: number; bytes: number }>) =>
      Object.values(h).reduce((t, x) => ({ frames: t.frames + x.frames, bytes: t.bytes + x.bytes }), { frames: 0, bytes: 0 });
    const tb = total(b);
    const tc = total(c);
    const ratio = tb.bytes > 0 ? `${(tc.bytes / tb.bytes).toFixed(2)}x` : "";
    console.log(line([`${role}: all`, cell(tb), cell(tc), ratio, "", ""]));
    for (const kind of [...new Set([...Object.keys(b), ...Object.keys(c)])].sort())
      console.log(line([`  ${kind}`, cell(b[kind]), cell(c[kind]), "", "", ""]));
  }
}

/** Each step's report p99 for each server, and the step at which it first goes over 50 ms. */
export function printSteps(profiles: readonly Profile[], results: readonly RunResult[]): void {
  console.log("\nReport → control p99 as the profile steps up (devices / controls / stewards):");
  const kinds = [...new Set(results.map((r) => r.kind))];
  console.log(line(["step", ...kinds, "", "", ""].slice(0, kinds.length + 1)));
  for (const p of profiles) {
    const cells = kinds.map((k) => num(results.find((r) => r.kind === k && r.profile === p)?.report.p99, "ms"));
    console.log(line([`${p.devices} / ${p.controls} / ${p.stewards}`, ...cells]));
  }
  for (const k of kinds) {
    const p99 = profiles.map((p) => results.find((r) => r.kind === k && r.profile === p)?.report.p99 ?? Number.NaN);
    console.log(`${k}: the report p99 ${crossing(profiles, p99)}`);
  }
}

/**
 * Where the p99 goes over 50 ms for good: after the last step within it. A step over 50 ms below
 * one within it is named apart (on a shared machine one step can be unlucky).
 */
function crossing(profiles: readonly Profile[], p99: readonly number[]): string {
  const name = (i: number) => {
    const p = profiles[i];
    return p ? `${p.devices}/${p.controls}/${p.stewards} (${num(p99[i], "ms")})` : "";
  };
  const lastWithin = p99.findLastIndex((x) => x <= 50);
  const strays = p99.map((x, i) => (x > 50 && i < lastWithin ? name(i) : "")).filter(Boolean);
  const aside = strays.length > 0 ? `; over it at ${strays.join(", ")} below that` : "";
  if (lastWithin === p99.length - 1) return `is within 50 ms at the largest step${aside}`;
  if (lastWithin < 0) return `is over 50 ms from the first step, ${name(0)}`;
  return `crosses 50 ms between ${name(lastWithin)} and ${name(lastWithin + 1)}${aside}`;
}
