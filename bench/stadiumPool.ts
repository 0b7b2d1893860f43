import { Histogram } from "./stadiumHistogram";
import type { LatencyKind, RunResult } from "./stadiumRun";

const KINDS: readonly LatencyKind[] = ["report", "ack", "position", "positionAck", "feed"];

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? Number.NaN) : mean([s[mid - 1] ?? Number.NaN, s[mid] ?? Number.NaN]);
};

/**
 * Several rounds of one server at one profile (`--rounds`), as one result. Latency percentiles
 * come from the rounds' histograms merged, so a p99 is the p99 of every sample of every round,
 * not an average of p99s; CPU and the run-queue wait are totals over the rounds' windows; the
 * event-loop delay percentiles (a histogram inside the server) are the rounds' mean, and its
 * longest pause and longest GC the rounds' longest; the connection figures are the rounds'
 * median; memory and the reconnect storm are the last round's (the storm runs in it only).
 */
export function pool(runs: readonly RunResult[]): RunResult {
  const first = runs[0];
  const last = runs[runs.length - 1];
  if (!first || !last) throw new Error("no rounds to pool");
  if (runs.length === 1) return first;
  const hist = Object.fromEntries(KINDS.map((k) => [k, Histogram.from(runs.map((r) => r.hist[k]))])) as Record<LatencyKind, Histogram>;
  const servers = runs.map((r) => r.server);
  const wallMs = servers.reduce((n, s) => n + s.wallMs, 0);
  const cpuMs = servers.reduce((n, s) => n + s.cpuMs, 0);
  const weighted = (f: (s: RunResult["server"]) => number) => servers.reduce((n, s) => n + f(s) * s.wallMs, 0) / wallMs;
  return {
    ...last,
    connectFailures: runs.flatMap((r) => r.connectFailures),
    connectS: median(runs.map((r) => r.connectS)),
    idleRssPerConn: median(runs.map((r) => r.idleRssPerConn)),
    idleHeapPerConn: median(runs.map((r) => r.idleHeapPerConn)),
    allRssPerConn: median(runs.map((r) => r.allRssPerConn)),
    rssAfterHello: median(runs.map((r) => r.rssAfterHello)),
    report: { p50: hist.report.percentile(50), p99: hist.report.percentile(99), n: hist.report.n },
    ackP99: hist.ack.percentile(99),
    positionP99: hist.position.percentile(99),
    positionAckP99: hist.positionAck.percentile(99),
    feedP99: hist.feed.percentile(99),
    reportsPerSec: mean(runs.map((r) => r.reportsPerSec)),
    fixesPerSec: mean(runs.map((r) => r.fixesPerSec)),
    refused: runs.reduce((n, r) => n + r.refused, 0),
    errors: runs.flatMap((r) => r.errors).slice(0, 10),
    loadersCpuPct: mean(runs.map((r) => r.loadersCpuPct)),
    loadersLoopP99: mean(runs.map((r) => r.loadersLoopP99)),
    server: {
      ...last.server,
      cpuMs,
      wallMs,
      cpuPct: (100 * cpuMs) / wallMs,
      eldP50: mean(servers.map((s) => s.eldP50)),
      eldP99: mean(servers.map((s) => s.eldP99)),
      eldMax: Math.max(...servers.map((s) => s.eldMax)),
      runQueuePct: weighted((s) => s.runQueuePct),
      gcMs: servers.reduce((n, s) => n + s.gcMs, 0),
      gcMaxMs: Math.max(...servers.map((s) => s.gcMaxMs)),
      majorGcs: servers.reduce((n, s) => n + s.majorGcs, 0),
    },
    rssGrowthMBps: mean(runs.map((r) => r.rssGrowthMBps)),
    reconnect: runs.map((r) => r.reconnect).find((x) => x !== null) ?? null,
    hist: Object.fromEntries(KINDS.map((k) => [k, hist[k].data()])) as RunResult["hist"],
  };
}

/**
 * The order of the rounds at one profile: bare and Cordon alternate as A B B A A B…, so that a
 * machine whose load drifts over the run weighs on both alike (a plain A B A B puts every Cordon
 * round later than its bare partner).
 */
export function roundOrder<K>(kinds: readonly K[], rounds: number): K[] {
  const out: K[] = [];
  for (let i = 0; i < rounds; i++) out.push(...(i % 2 === 0 ? kinds : [...kinds].reverse()));
  return out;
}
