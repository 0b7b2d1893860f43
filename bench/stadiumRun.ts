import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadVenues } from "../server/venues";
import type { Role } from "./stadiumClients";
import { Histogram, type HistogramData } from "./stadiumHistogram";
import type { Heard, LoadCommand, LoadFigures, LoadReply } from "./stadiumLoad";
import { type MemorySample, type MemoryVerdict, memoryVerdict } from "./stadiumMemory";
import type { ProbeReading, ProbeReply, Scope } from "./stadiumProbe";
import { bareCredentials, type Profile, profileEnv } from "./stadiumProfile";
import { type Started, startProcess } from "./support";

/**
 * One server (Cordon or bare socket.io) through the stadium profile: start it with its probe,
 * start the load processes, connect every client (each says hello), measure the idle cost of the
 * connections, run the load through a warm-up and a measured window, then (if asked) the
 * reconnect storm; stop everything and remove the temp dir, whatever happens.
 */
export type ServerKind = "bare" | "cordon";

export interface RunOptions {
  warmupS: number;
  measureS: number;
  loaders: number;
  reconnect: boolean;
  /** Where to write the server's CPU profile of the measured window (main thread), if anywhere. */
  profileFile?: string;
  log: (line: string) => void;
}

export interface Reconnect {
  allMs: number;
  /** Log events before the storm (each steward's hello folds what it may see of them). */
  logSeq: number;
  hellos: number;
  failures: number;
  /** The first few failures' messages. */
  failed: string[];
  /** Connection attempts refused and tried again (as socket.io-client's reconnection would). */
  retries: number;
  refusals: string[];
  cpuS: number;
  before: { p50: number; p99: number; n: number };
  during: { p50: number; p99: number; n: number; failed: number };
}

export interface RunResult {
  kind: ServerKind;
  profile: Profile;
  sockets: number;
  connectFailures: string[];
  connectS: number;
  /** RSS and heap added per socket by the second half of the sockets (the first half's one-off costs are paid). */
  idleRssPerConn: number;
  idleHeapPerConn: number;
  /** RSS added per socket from none to all, one-off costs (caches, snapshots) included. */
  allRssPerConn: number;
  rssAfterHello: number;
  report: { p50: number; p99: number; n: number };
  ackP99: number;
  positionP99: number;
  positionAckP99: number;
  feedP99: number;
  reportsPerSec: number;
  fixesPerSec: number;
  refused: number;
  errors: string[];
  /** Frames and bytes each audience's sockets heard a second, per socket, by kind (the fan-out compared). */
  heard: Heard;
  /** The load processes' CPU over the window, summed, in % of one core. */
  loadersCpuPct: number;
  /** The slower load process's own event-loop delay p99, ms. */
  loadersLoopP99: number;
  server: ProbeReading;
  rssGrowthMBps: number;
  /** Whether memory stayed flat over the window (bench/stadiumMemory.ts). */
  memory: MemoryVerdict;
  reconnect: Reconnect | null;
  /** The window's latency histograms, for pooling rounds (bench/stadiumPool.ts). */
  hist: Record<LatencyKind, HistogramData>;
}

export type LatencyKind = "report" | "ack" | "position" | "positionAck" | "feed";

const ROOT = path.resolve(import.meta.dirname, "..");
const SECOND = 1000;
/** Seconds of load between the forced collection before the window and the window (see measureWindow). */
const GC_SETTLE_S = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends `msg` with a fresh id and resolves with the child's answer carrying that id (bounded). */
let nextId = 1;
function ask<R>(child: ChildProcess, msg: Record<string, unknown>, timeoutMs: number, what: string): Promise<R> {
  const id = nextId++;
  return new Promise<R>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${what}: no answer in ${timeoutMs / 1000} s`)), timeoutMs);
    const onMessage = (m: { id?: number }) => m?.id === id && done(null, m as R);
    const onExit = (code: number | null) => done(new Error(`${what}: the process exited (${code})`));
    const done = (err: Error | null, value?: R) => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (err) reject(err);
      else resolve(value as R);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.send({ ...msg, id });
  });
}

type Asked = { probe: "read"; scope: Scope } | { probe: "gc" };
const probe = (server: Started, req: Asked) =>
  ask<ProbeReply>(server.child, req, 180 * SECOND, `server probe ${req.probe}`).then((r) => (r.probe === "reading" ? r.reading : null));
const readLoad = (loaders: Started[], scope: "window" | "interval") =>
  Promise.all(loaders.map((l) => ask<LoadReply & { ev: "figures" }>(l.child, { cmd: "read", scope }, 60 * SECOND, "load figures"))).then(
    (rs) => rs.map((r) => r.figures),
  );
const tell = (loaders: Started[], m: LoadCommand) => {
  for (const l of loaders) l.child.send(m);
};

async function startServer(kind: ServerKind, profile: Profile, dir: string, credsFile: string): Promise<Started> {
  const common = { DATABASE_PATH: path.join(dir, "stadium.db"), STADIUM_CREDS: credsFile, ...profileEnv(profile) };
  // Registering 3,500 units and making 4,000 accounts takes a while on a busy machine.
  // STADIUM_NODE_ARGS: more Node flags for the servers (both alike), e.g. "--max-semi-space-size=64".
  const extra = (process.env.STADIUM_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const options = { ipc: true, nodeArgs: ["--expose-gc", ...extra], readyTimeoutMs: 5 * 60 * SECOND };
  if (kind === "bare") {
    const posts = [...(loadVenues().get("wembley")?.posts ?? [])].map((p) => p.id);
    fs.writeFileSync(credsFile, JSON.stringify(bareCredentials(profile, posts)));
    return startProcess(path.join(ROOT, "bench/stadiumBare.ts"), common, options);
  }
  return startProcess(
    path.join(ROOT, "bench/stadiumServer.ts"),
    {
      ...common,
      CHECKPOINT_DIR: path.join(dir, "checkpoints"),
      CHECKPOINT_KEY_FILE: path.join(dir, "checkpoint-key.pem"),
      FEED_TOKENS: profile.feedToken,
    },
    options,
  );
}

/** The load processes, each pushed onto `started` as it starts so that a failure still stops it. */
async function startLoaders(url: string, profile: Profile, credsFile: string, count: number, started: Started[]): Promise<Started[]> {
  const loaders: Started[] = [];
  for (let i = 0; i < count; i++) {
    const env = {
      STADIUM_URL: url,
      STADIUM_LOADER: String(i),
      STADIUM_LOADERS: String(count),
      STADIUM_CREDS: credsFile,
      ...profileEnv(profile),
    };
    const l = await startProcess(path.join(ROOT, "bench/stadiumLoad.ts"), env, { ipc: true });
    started.push(l);
    loaders.push(l);
  }
  return loaders;
}

/** The load on: the warm-up, then the measured window, read from the server's probe and every load process. */
async function measureWindow(server: Started, loaders: Started[], o: RunOptions, say: (l: string) => void) {
  tell(loaders, { cmd: "load", on: true });
  await timed("warm-up", o.warmupS, server, loaders, say);
  // A full GC before the window (outside it) and after it: the heap the server keeps, for the memory verdict.
  // On a starved machine a collection can take minutes to be answered: then the verdict says "–", the run goes on.
  const keptHeap = () =>
    idleReading(server, 0).then(
      (r) => r.heapUsed,
      () => Number.NaN,
    );
  const heapStart = await keptHeap();
  // The forced collection is the bench's own instrument: two full GCs of every socket's heap hold
  // the loop for hundreds of milliseconds, and the reports and fixes queued meanwhile would be
  // counted in the window's first seconds (Cordon's larger heap paid more). Let the backlog drain.
  await sleep(GC_SETTLE_S * SECOND);
  await readLoad(loaders, "window");
  server.child.send({ probe: "mark", scope: "window" });
  if (o.profileFile) server.child.send({ probe: "profile-start" });
  const rssStart = (await probe(server, { probe: "read", scope: "window" }))?.rss ?? 0;
  const samples: MemorySample[] = [];
  await timed("measuring", o.measureS, server, loaders, say, samples);
  const [read, parts] = await Promise.all([probe(server, { probe: "read", scope: "window" }), readLoad(loaders, "window")]);
  if (o.profileFile) await saveProfile(server, o.profileFile, say);
  const heapEnd = await keptHeap();
  const reading = read as ProbeReading;
  const measured = merge(parts, o.measureS);
  const memory = memoryVerdict(samples, heapStart, heapEnd, reading.wallMs, Math.round(measured.reportsPerSec * o.measureS));
  say(`memory: ${memory.says}`);
  return {
    measured,
    reading,
    rssGrowthMBps: ((reading.rss - rssStart) / 1e6) * (SECOND / reading.wallMs),
    memory,
  };
}

async function saveProfile(server: Started, file: string, say: (l: string) => void): Promise<void> {
  const r = await ask<ProbeReply & { probe: "profiled" }>(server.child, { probe: "profile-stop", file }, 120 * SECOND, "profile");
  say(r.error ? `CPU profile not written: ${r.error}` : `CPU profile of the window: ${file}`);
}

/**
 * Every client connects and says hello, in two halves: the RSS the second half adds, per socket,
 * is the idle connection's cost once the one-off costs (caches, a pinned snapshot) are paid.
 */
async function connectAll(server: Started, loaders: Started[], p: Profile, say: (l: string) => void) {
  say(`connecting ${p.controls + p.stewards + Math.round(p.devices * p.phoneShare)} sockets, each saying hello, in two halves`);
  const base = await idleReading(server, 0);
  const t0 = performance.now();
  const first = await connectPart(loaders, 0, say);
  const t1 = performance.now();
  const half = await idleReading(server, 3);
  const t2 = performance.now();
  const second = await connectPart(loaders, 1, say);
  const connectS = (t1 - t0 + performance.now() - t2) / SECOND;
  const all = await idleReading(server, 3);
  const sockets = first.sockets + second.sockets;
  const connectFailures = [...first.failures, ...second.failures];
  say(
    `${sockets} sockets connected and caught up in ${connectS.toFixed(1)} s${connectFailures.length ? `, ${connectFailures.length} failed: ${connectFailures[0]}` : ""}`,
  );
  return {
    sockets,
    connectFailures,
    connectS,
    idleRssPerConn: (all.rss - half.rss) / Math.max(1, second.sockets),
    idleHeapPerConn: (all.heapUsed - half.heapUsed) / Math.max(1, second.sockets),
    allRssPerConn: (all.rss - base.rss) / Math.max(1, sockets),
    rssAfterHello: all.rss,
  };
}

/** One half of every load process's clients connect and say hello; bounded at 15 minutes. */
async function connectPart(loaders: Started[], part: 0 | 1, say: (l: string) => void) {
  const t0 = performance.now();
  const ticker = setInterval(() => say(`  still connecting (${Math.round((performance.now() - t0) / SECOND)} s)`), 10 * SECOND);
  const conns = await Promise.all(
    loaders.map((l) => ask<LoadReply & { ev: "connected" }>(l.child, { cmd: "connect", part }, 15 * 60 * SECOND, "connect")),
  ).finally(() => clearInterval(ticker));
  return { sockets: conns.reduce((n, c) => n + c.sockets, 0), failures: conns.flatMap((c) => c.failures) };
}

/** The server's memory `settleS` seconds after the last hello, after a full collection. */
async function idleReading(server: Started, settleS: number): Promise<ProbeReading> {
  await sleep(settleS * SECOND);
  await probe(server, { probe: "gc" });
  return (await probe(server, { probe: "read", scope: "window" })) as ProbeReading;
}

/** Figures merged over the load processes. */
function merge(parts: readonly LoadFigures[], seconds: number) {
  const h = (k: LatencyKind) => Histogram.from(parts.map((p) => p[k]));
  const sum = (k: "sent" | "acked" | "refused" | "fixesSent") => parts.reduce((n, p) => n + p[k], 0);
  const report = h("report");
  return {
    report: { p50: report.percentile(50), p99: report.percentile(99), n: report.n },
    ackP99: h("ack").percentile(99),
    positionP99: h("position").percentile(99),
    positionAckP99: h("positionAck").percentile(99),
    feedP99: h("feed").percentile(99),
    reportsPerSec: sum("acked") / seconds,
    fixesPerSec: sum("fixesSent") / seconds,
    refused: sum("refused"),
    errors: parts.flatMap((p) => p.errors).slice(0, 10),
    heard: perSocketSecond(parts, seconds),
    loadersCpuPct: (100 * parts.reduce((n, p) => n + p.cpuMs, 0)) / Math.max(1, Math.max(...parts.map((p) => p.wallMs))),
    loadersLoopP99: Math.max(...parts.map((p) => p.loopP99)),
    hist: Object.fromEntries((["report", "ack", "position", "positionAck", "feed"] as const).map((k) => [k, h(k).data()])) as Record<
      LatencyKind,
      HistogramData
    >,
  };
}

/** Each audience's frames and bytes by kind, summed over the load processes, per socket and second. */
function perSocketSecond(parts: readonly LoadFigures[], seconds: number): Heard {
  const out: Heard = { control: {}, steward: {}, officer: {} };
  for (const role of Object.keys(out) as Role[]) {
    const sockets = Math.max(
      1,
      parts.reduce((n, p) => n + p.sockets[role], 0),
    );
    for (const p of parts)
      for (const [kind, c] of Object.entries(p.heard[role])) {
        const o = out[role][kind] ?? { frames: 0, bytes: 0 };
        o.frames += c.frames / sockets / seconds;
        o.bytes += c.bytes / sockets / seconds;
        out[role][kind] = o;
      }
  }
  return out;
}

/** Runs `seconds` of load, printing a line every 5 s from the figures of the 5 s just past. */
async function timed(
  label: string,
  seconds: number,
  server: Started,
  loaders: Started[],
  log: (l: string) => void,
  samples?: MemorySample[],
): Promise<void> {
  const t0 = performance.now();
  const until = t0 + seconds * SECOND;
  server.child.send({ probe: "mark", scope: "interval" });
  await readLoad(loaders, "interval");
  while (performance.now() < until) {
    await sleep(Math.min(5 * SECOND, until - performance.now()));
    const [reading, parts] = await Promise.all([probe(server, { probe: "read", scope: "interval" }), readLoad(loaders, "interval")]);
    server.child.send({ probe: "mark", scope: "interval" });
    if (reading) samples?.push({ t: performance.now() - t0, rss: reading.rss, heapUsed: reading.heapAfterGc });
    const f = merge(parts, 5);
    const left = Math.max(0, Math.round((until - performance.now()) / SECOND));
    log(
      `${label} (${left} s left): CPU ${reading?.cpuPct.toFixed(0)} % (waiting for a core ${reading?.runQueuePct.toFixed(0)} %, load processes ${f.loadersCpuPct.toFixed(0)} %, their loop p99 ${f.loadersLoopP99.toFixed(0)} ms), loop p99 ${reading?.eldP99.toFixed(0)} ms, GC ${reading?.gcMs.toFixed(0)} ms (longest ${reading?.gcMaxMs.toFixed(0)}, ${reading?.majorGcs} major), RSS ${mb(reading?.rss)} MB; ` +
        `report→control p50/p99 ${ms(f.report.p50)}/${ms(f.report.p99)}, ack p99 ${ms(f.ackP99)}, position p99 ${ms(f.positionP99)}; ${f.reportsPerSec.toFixed(1)} reports/s acked, ${f.fixesPerSec.toFixed(0)} fixes/s sent${f.errors.length ? `; errors: ${f.errors[0]}` : ""}`,
    );
  }
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 1 : 0) : "–");
const mb = (x: number | undefined) => ((x ?? 0) / 1e6).toFixed(0);

export async function runServer(kind: ServerKind, profile: Profile, o: RunOptions): Promise<RunResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cordon-stadium-${kind}-`));
  const credsFile = path.join(dir, "credentials.json");
  const started: Started[] = [];
  const say = (line: string) => o.log(`[stadium] ${kind} ${profile.devices}/${profile.controls}/${profile.stewards}: ${line}`);
  try {
    say("starting the server (accounts, units)");
    const server = await startServer(kind, profile, dir, credsFile);
    started.push(server);
    const loaders = await startLoaders(`http://127.0.0.1:${server.ready[0]}`, profile, credsFile, o.loaders, started);
    const idle = await connectAll(server, loaders, profile, say);
    const { measured, reading, rssGrowthMBps, memory } = await measureWindow(server, loaders, o, say);
    const reconnect = o.reconnect ? await reconnectStorm(server, loaders, profile, say, o.profileFile) : null;
    tell(loaders, { cmd: "stop" });
    return {
      kind,
      profile,
      ...idle,
      ...measured,
      server: reading,
      rssGrowthMBps,
      memory,
      reconnect,
    };
  } finally {
    await Promise.all(started.reverse().map(stopWithin));
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}

/**
 * Every steward's socket drops and reconnects at once while a controller sends a decision every
 * ~60 ms: its latency for 5 s before (the baseline) and until the last steward is caught up.
 */
async function reconnectStorm(
  server: Started,
  loaders: Started[],
  profile: Profile,
  say: (l: string) => void,
  profileFile?: string,
): Promise<Reconnect> {
  const first = loaders[0] as Started;
  const commands = async (seconds: number | Promise<unknown>) => {
    first.child.send({ cmd: "commands", on: true });
    await (typeof seconds === "number" ? sleep(seconds * SECOND) : seconds);
    const r = await ask<LoadReply & { ev: "commands" }>(first.child, { cmd: "commands", on: false }, 120 * SECOND, "commands");
    const h = Histogram.from([r.latency]);
    return { p50: h.percentile(50), p99: h.percentile(99), n: h.n, failed: r.failed };
  };
  say("control's decisions for 5 s before the reconnect (baseline)");
  const before = await commands(5);
  say(`all ${profile.stewards} stewards reconnect at once, each saying hello with its last seq`);
  server.child.send({ probe: "mark", scope: "window" });
  // With --profile, the storm gets a CPU profile of its own beside the window's.
  if (profileFile) server.child.send({ probe: "profile-start" });
  const t0 = performance.timeOrigin + performance.now();
  const storm = Promise.all(
    loaders.map((l) => ask<LoadReply & { ev: "reconnected" }>(l.child, { cmd: "reconnect" }, 300 * SECOND, "reconnect")),
  );
  storm.catch(() => {});
  const during = await commands(storm.then(() => sleep(SECOND)).catch(() => {}));
  const done = await storm;
  const cpu = await probe(server, { probe: "read", scope: "window" });
  if (profileFile) await saveProfile(server, profileFile.replace(/\.cpuprofile$/, "-reconnect.cpuprofile"), say);
  return {
    allMs: Math.max(...done.map((d) => d.doneAt)) - t0,
    logSeq: Math.max(...done.map((d) => d.logSeq)),
    hellos: done.reduce((n, d) => n + d.hellos, 0),
    failures: done.reduce((n, d) => n + d.failures.length, 0),
    failed: done.flatMap((d) => d.failures).slice(0, 3),
    retries: done.reduce((n, d) => n + d.retries, 0),
    refusals: done.flatMap((d) => d.refusals).slice(0, 3),
    cpuS: (cpu?.cpuMs ?? 0) / 1000,
    before,
    during,
  };
}

/** SIGTERM, then SIGKILL if the process has not gone within 15 s: the bench always ends. */
async function stopWithin(s: Started): Promise<void> {
  const timer = setTimeout(() => s.child.kill("SIGKILL"), 15 * SECOND);
  await s.stop();
  clearTimeout(timer);
}
