import fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { type Client, type FrameTap, hello, inPool, openSocket, type Role, reconnect } from "./stadiumClients";
import { Histogram, type HistogramData, wallMs } from "./stadiumHistogram";
import type { Credentials } from "./stadiumProfile";
import { sectorSpots, spotOf } from "./stadiumSpots";

/**
 * One load process of the stadium bench (bench/stadium.ts starts 2 or 3): its share of the
 * control screens, stewards, officers' phones and feed trackers (every LOADERS-th of each, from
 * LOADER), driven by the parent over IPC (`LoadCommand`) and answering with figures
 * (`LoadReply`). Latencies across processes are wall-clock (performance.timeOrigin + now): a
 * report carries its send time in its text, a fix in `at` (whole ms).
 */
export type LoadCommand =
  /** Part 0 connects the first half of each kind of client, part 1 the rest (the idle cost is measured between). */
  | { cmd: "connect"; id: number; part: 0 | 1 }
  | { cmd: "load"; on: boolean }
  | { cmd: "read"; id: number; scope: "window" | "interval" }
  | { cmd: "commands"; id: number; on: boolean }
  | { cmd: "reconnect"; id: number }
  | { cmd: "stop" };

export interface LoadFigures {
  report: HistogramData;
  ack: HistogramData;
  position: HistogramData;
  positionAck: HistogramData;
  feed: HistogramData;
  sent: number;
  acked: number;
  refused: number;
  fixesSent: number;
  errors: string[];
  /** What the server wrote to each audience's sockets: frames and bytes by kind (event name, or `ack`). */
  heard: Heard;
  /** This load process's sockets of each audience when read. */
  sockets: Record<Role, number>;
  /** This load process's own CPU time and the wall time since the figures started, ms. */
  cpuMs: number;
  wallMs: number;
  /** This load process's own event-loop delay p99 (ms): a stalled load process adds to every latency it measures. */
  loopP99: number;
}
export type Heard = Record<Role, Record<string, { frames: number; bytes: number }>>;

export type LoadReply =
  | { id: number; ev: "connected"; sockets: number; failures: string[] }
  | { id: number; ev: "figures"; figures: LoadFigures }
  | { id: number; ev: "commands"; latency: HistogramData; failed: number }
  | {
      id: number;
      ev: "reconnected";
      doneAt: number;
      hellos: number;
      failures: string[];
      /** The first refused connection attempts' reasons (each was tried again). */
      refusals: string[];
      logSeq: number;
      retries: number;
    };

const url = process.env.STADIUM_URL ?? "";
const me = Number(process.env.STADIUM_LOADER ?? 0);
const loaders = Number(process.env.STADIUM_LOADERS ?? 1);
const totalReportsPerSec = Number(process.env.STADIUM_REPORTS_PER_SEC ?? 10);
const creds = JSON.parse(fs.readFileSync(process.env.STADIUM_CREDS ?? "", "utf8")) as Credentials;
const mine = <T>(xs: readonly T[]) => xs.filter((_, i) => i % loaders === me);
const opId = creds.opId;
const SLOTS = 40; // a second in 25 ms slots (4 quarters of 10): devices are spread evenly over the second

const controls: Client[] = [];
/** Silver's screen (the first control account, bench/stadiumServer.ts): the one that may log decisions. */
let silver: Client | null = null;
const stewards: (Client & { postId: string })[] = [];
const officers: (Client & { unitId: string })[] = [];
const feedUnits = mine(creds.feedUnits);

class Figures {
  report = new Histogram();
  ack = new Histogram();
  position = new Histogram();
  positionAck = new Histogram();
  feed = new Histogram();
  sent = 0;
  acked = 0;
  refused = 0;
  fixesSent = 0;
  errors: string[] = [];
  heard: Heard = { control: {}, steward: {}, officer: {} };
  private readonly cpu0 = process.cpuUsage();
  private readonly t0 = performance.now();
  private readonly loop = monitorEventLoopDelay({ resolution: 10 });
  constructor() {
    this.loop.enable();
  }
  /** Stops measuring this window's event-loop delay. */
  end(): void {
    this.loop.disable();
  }
  data(): LoadFigures {
    const { sent, acked, refused, fixesSent, errors } = this;
    const cpu = process.cpuUsage(this.cpu0);
    return {
      report: this.report.data(),
      ack: this.ack.data(),
      position: this.position.data(),
      positionAck: this.positionAck.data(),
      feed: this.feed.data(),
      sent,
      acked,
      refused,
      fixesSent,
      errors,
      heard: this.heard,
      sockets: { control: controls.length, steward: stewards.length, officer: officers.length },
      cpuMs: (cpu.user + cpu.system) / 1000,
      wallMs: performance.now() - this.t0,
      loopP99: this.loop.percentile(99) / 1e6,
    };
  }
  hear(role: Role, kind: string, bytes: number): void {
    const k = this.heard[role];
    const c = k[kind];
    if (c) {
      c.frames++;
      c.bytes += bytes;
    } else k[kind] = { frames: 1, bytes };
  }
  error(message: string): void {
    if (this.errors.length < 20) this.errors.push(message);
  }
}
let windowFigures = new Figures();
let intervalFigures = new Figures();
const both = (f: (x: Figures) => void) => {
  f(windowFigures);
  f(intervalFigures);
};

function listen(client: Client): void {
  client.socket.on("event", (e: { seq: number; type: string; payload?: { text?: string } }) => {
    if (client.lastSeq === null || e.seq > client.lastSeq) client.lastSeq = e.seq;
    if (client.role !== "control" || e.type !== "StewardReportSubmitted") return;
    const sentAt = Number(/t=([\d.]+)/.exec(e.payload?.text ?? "")?.[1]);
    if (sentAt > 0) {
      const took = wallMs() - sentAt;
      both((f) => f.report.add(took));
    }
  });
  if (client.role === "control")
    client.socket.on("positions", (frame: { fixes: [string, number, number, number][] }) => {
      const now = wallMs();
      for (const f of frame.fixes) both((x) => x.position.add(now - f[3]));
    });
}

/**
 * A frame's kind from its socket.io packet text: `2["name",…` (or `2<ack id>["name",…`) is an
 * event, `3<id>[…]` an ack; the text's length stands for its bytes (the bench's payloads are ASCII).
 */
const tapFor =
  (role: Role): FrameTap =>
  (data) => {
    if (typeof data !== "string") return both((f) => f.hear(role, "binary", data.byteLength));
    const name = data[0] === "3" ? "ack" : data[0] === "2" ? (/^2\d*\["([^"]{1,40})"/.exec(data)?.[1] ?? "?") : "other";
    // A log event by its type: the servers' events to each audience compared one for one.
    const kind = name === "event" ? `event ${/"type":"(\w{1,40})"/.exec(data)?.[1] ?? "?"}` : name;
    both((f) => f.hear(role, kind, data.length));
  };

async function connectAll(part: 0 | 1): Promise<{ sockets: number; failures: string[] }> {
  const half = <T>(xs: readonly T[]) => (part === 0 ? xs.slice(0, Math.ceil(xs.length / 2)) : xs.slice(Math.ceil(xs.length / 2)));
  const before = controls.length + stewards.length + officers.length;
  const jobs: (() => Promise<void>)[] = [];
  const join = (cookie: string, role: Role, add: (c: Client) => void, unitId?: string) =>
    jobs.push(async () => {
      const socket = await openSocket(url, cookie, role, { tap: tapFor(role), ...(unitId ? { unitId } : {}) });
      const client: Client = { socket, role, lastSeq: null };
      listen(client);
      await hello(client, opId);
      add(client);
    });
  for (const c of half(mine(creds.controls)))
    join(c, "control", (x) => {
      controls.push(x);
      if (c === creds.controls[0]) silver = x;
    });
  for (const s of half(mine(creds.stewards))) join(s.cookie, "steward", (x) => stewards.push({ ...x, postId: s.postId }));
  for (const o of half(mine(creds.officers))) join(o.cookie, "officer", (x) => officers.push({ ...x, unitId: o.unitId }), o.unitId);
  const failures = await inPool(jobs, 40, (job) => job());
  return { sockets: controls.length + stewards.length + officers.length - before, failures };
}

const spots = sectorSpots();
/** A device's unit is `dev-<n>`, in the sector `n` was registered in (stadiumProfile.ts `unitsOf`). */
const spot = (unitId: string, t: number) => spotOf(spots, Number(unitId.slice(4)) || 0, t);

function sendFix(o: Client & { unitId: string }): void {
  const at = wallMs();
  const fix = { unitId: o.unitId, ...spot(o.unitId, at), at: Math.floor(at), heading: 90, speed: 1.2, accuracy: 8 };
  both((f) => f.fixesSent++);
  o.socket
    .timeout(30_000)
    .emitWithAck("position:report", { opId, fixes: [fix] })
    .then(
      (ack: { ok: boolean; error?: { code: string } }) => {
        if (ack.ok) both((f) => f.positionAck.add(wallMs() - at));
        else both((f) => f.error(`position:report ${ack.error?.code}`));
      },
      (err: Error) => both((f) => f.error(`position:report ${err.message}`)),
    );
}

/** The trackers of the slots just past, posted by a gateway as batches of at most 500. */
async function postFeed(units: readonly string[]): Promise<void> {
  const at = wallMs();
  for (let i = 0; i < units.length; i += 500) {
    const fixes = units.slice(i, i + 500).map((unitId) => ({ unitId, ...spot(unitId, at), at: Math.floor(at), accuracy: 15 }));
    both((f) => (f.fixesSent += fixes.length));
    const res = await fetch(`${url}/api/operations/${opId}/positions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${creds.feedToken}` },
      body: JSON.stringify({ fixes }),
      signal: AbortSignal.timeout(30_000),
    }).catch((err: Error) => err);
    if (res instanceof Error) both((f) => f.error(`feed ${res.message}`));
    else {
      const text = await res.text();
      if (!res.ok) both((f) => f.error(`feed ${res.status} ${text}`));
      else both((f) => f.feed.add(wallMs() - at));
    }
  }
}

let reportNo = 0;
function sendReport(): void {
  const s = stewards[reportNo++ % Math.max(1, stewards.length)];
  if (!s?.socket.connected) return;
  const at = wallMs();
  const body = { type: "crowd-surge", postId: s.postId, text: `bench t=${at.toFixed(3)}`, reporterTime: Date.now() };
  both((f) => f.sent++);
  s.socket
    .timeout(30_000)
    .emitWithAck("report:submit", { opId, key: `stadium-${me}-${reportNo}-${Math.floor(at)}`, body })
    .then(
      (ack: { ok: boolean; error?: { code: string } }) => {
        const took = wallMs() - at;
        both((f) => {
          if (ack.ok) {
            f.acked++;
            f.ack.add(took);
          } else {
            f.refused++;
            f.error(`report:submit ${ack.error?.code}`);
          }
        });
      },
      (err: Error) => both((f) => f.error(`report:submit ${err.message}`)),
    );
}

/** Every 25 ms: the phones and trackers whose slot came round, and the reports due by now. */
function startLoad(): () => void {
  const t0 = performance.now();
  let slotDone = -1;
  let reportsDone = 0;
  const reportsPerSec = totalReportsPerSec * (stewards.length / Math.max(1, creds.stewards.length));
  const timer = setInterval(() => {
    const elapsed = performance.now() - t0;
    const slotNow = Math.floor(elapsed / (1000 / SLOTS));
    // At most a second's slots at once: a stalled process catches up, it does not burst for ever.
    for (let slot = Math.max(slotDone + 1, slotNow - SLOTS + 1); slot <= slotNow; slot++) {
      const k = slot % SLOTS;
      for (let i = k; i < officers.length; i += SLOTS) {
        const o = officers[i];
        if (o?.socket.connected) sendFix(o);
      }
      // Trackers: a gateway posts every 250 ms what its devices sent in the last quarter second.
      if (k % (SLOTS / 4) === SLOTS / 4 - 1) {
        const quarter = Math.floor(k / (SLOTS / 4));
        void postFeed(feedUnits.filter((_, i) => i % 4 === quarter));
      }
    }
    slotDone = slotNow;
    const due = Math.min(Math.floor((elapsed / 1000) * reportsPerSec), reportsDone + 50);
    for (; reportsDone < due; reportsDone++) sendReport();
  }, 1000 / SLOTS);
  return () => clearInterval(timer);
}

/** One controller's decision:log every ~60 ms (inside its own budget of 20 a second), each timed to its ack. */
function startCommands(): () => Promise<{ latency: HistogramData; failed: number }> {
  // Sockets join in the order they finish connecting: Silver's is found by its account, not its place.
  const control = silver ?? controls[0];
  const latency = new Histogram();
  let failed = 0;
  let on = true;
  const loop = (async () => {
    for (let i = 0; on && control && i < 100_000; i++) {
      const t0 = wallMs();
      const body = { decision: "Hold the cordon", rationale: "Stadium bench" };
      const ack = (await control.socket
        .timeout(60_000)
        .emitWithAck("decision:log", { opId, key: `stadium-cmd-${me}-${i}-${Date.now()}`, body })
        .catch(() => ({ ok: false }))) as { ok: boolean };
      if (ack.ok) latency.add(wallMs() - t0);
      else failed++;
      await new Promise((r) => setTimeout(r, 60));
    }
  })();
  return async () => {
    on = false;
    await loop;
    return { latency: latency.data(), failed };
  };
}

/** Every steward's socket drops and comes back at once, and says hello with its last seq. */
async function reconnectStewards(): Promise<Omit<LoadReply & { ev: "reconnected" }, "id" | "ev">> {
  const logSeq = controls[0]?.lastSeq ?? 0;
  for (const s of stewards) s.socket.disconnect();
  let hellos = 0;
  let retries = 0;
  const refusals: string[] = [];
  const failures = await inPool(stewards, stewards.length, async (s) => {
    // Counted after each await: `n += await …` would add to the count as it was before the wait.
    const attempts = await reconnect(s.socket, (err) => refusals.length < 3 && refusals.push(err.message));
    retries += attempts - 1;
    const replies = await hello(s, opId);
    hellos += replies;
  });
  return { doneAt: wallMs(), hellos, failures, refusals, logSeq, retries };
}

const reply = (m: LoadReply) => process.send?.(m);
let stopLoad: (() => void) | null = null;
let stopCommands: ReturnType<typeof startCommands> | null = null;
process.on("message", (m: LoadCommand) => {
  if (m.cmd === "connect") void connectAll(m.part).then((r) => reply({ id: m.id, ev: "connected", ...r }));
  else if (m.cmd === "load") {
    stopLoad?.();
    stopLoad = m.on ? startLoad() : null;
  } else if (m.cmd === "read") {
    const figures = (m.scope === "window" ? windowFigures : intervalFigures).data();
    if (m.scope === "window") {
      windowFigures.end();
      windowFigures = new Figures();
    }
    intervalFigures.end();
    intervalFigures = new Figures();
    reply({ id: m.id, ev: "figures", figures });
  } else if (m.cmd === "commands") {
    if (m.on) stopCommands = startCommands();
    else void stopCommands?.().then((r) => reply({ id: m.id, ev: "commands", ...r }));
  } else if (m.cmd === "reconnect") void reconnectStewards().then((r) => reply({ id: m.id, ev: "reconnected", ...r }));
  else if (m.cmd === "stop") {
    stopLoad?.();
    for (const c of [...controls, ...stewards, ...officers]) c.socket.close();
    process.exit(0);
  }
});
// The parent going away (an error, Ctrl-C) ends this process too.
process.on("disconnect", () => process.exit(0));
console.log("READY");
