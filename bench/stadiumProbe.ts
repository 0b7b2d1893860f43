import fs from "node:fs";
import { Session } from "node:inspector/promises";
import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import v8 from "node:v8";

/**
 * What the stadium bench reads inside a server's own process (Cordon's and the bare one alike),
 * over the IPC channel its parent opened: CPU from `process.cpuUsage`, event-loop delay from
 * `monitorEventLoopDelay`, and memory. The parent sends `{ probe: "mark", scope }` to start a
 * window and `{ probe: "read", id, scope }` to read it (without ending it); `{ probe: "gc" }` collects garbage first
 * when Node runs with --expose-gc, so RSS before and after the connections compare like for like.
 */
export interface ProbeReading {
  /** CPU time over the window as a share of one core, in %. */
  cpuPct: number;
  cpuMs: number;
  wallMs: number;
  /** Event-loop delay over the window, ms. */
  eldP50: number;
  eldP99: number;
  eldMax: number;
  rss: number;
  heapUsed: number;
  /** Heap in use just after the last major (mark-sweep) GC: what the server keeps, without the sawtooth. NaN before one. */
  heapAfterGc: number;
  /**
   * Time the main thread was ready to run but waited for a core (Linux /proc/self/schedstat), as
   * a share of the window, in %: high means the machine, not the server, set the latencies. NaN
   * where the kernel does not say.
   */
  runQueuePct: number;
  /** The main thread's GC pauses in the window (PerformanceObserver "gc" entries): their sum and the longest, ms, and how many were major. */
  gcMs: number;
  gcMaxMs: number;
  majorGcs: number;
}

/** Two windows run side by side: the measured one, and the few seconds behind each progress line. */
export type Scope = "window" | "interval";
export type ProbeRequest =
  | { probe: "mark"; scope: Scope }
  | { probe: "read"; id: number; scope: Scope }
  | { probe: "gc"; id: number }
  /** Starts the main thread's CPU profiler (the measured window only, both servers alike). */
  | { probe: "profile-start" }
  /** Stops it and writes the profile to `file`. */
  | { probe: "profile-stop"; id: number; file: string };
export type ProbeReply =
  | { probe: "reading"; id: number; reading: ProbeReading }
  | { probe: "collected"; id: number }
  | { probe: "profiled"; id: number; error?: string };

let heapAfterGc = Number.NaN;

export function attachProbe(): void {
  if (!process.send) return;
  // Told (soon) after each GC: a major one's survivors are the heap the server keeps.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const major = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
      if (major) heapAfterGc = process.memoryUsage().heapUsed;
      for (const w of Object.values(windows)) {
        w.gc.ms += e.duration;
        w.gc.maxMs = Math.max(w.gc.maxMs, e.duration);
        if (major) w.gc.majors++;
      }
    }
  }).observe({ entryTypes: ["gc"] });
  const windows = { window: startWindow(), interval: startWindow() };
  process.on("message", (m: ProbeRequest) => {
    if (m?.probe === "mark") {
      windows[m.scope].delay.disable();
      windows[m.scope] = startWindow();
    } else if (m?.probe === "read") {
      const { delay, cpu0, t0, gc } = windows[m.scope];
      const cpu = process.cpuUsage(cpu0);
      const wall = performance.now() - t0;
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const mem = process.memoryUsage();
      const reading: ProbeReading = {
        cpuPct: wall > 0 ? (100 * cpuMs) / wall : 0,
        cpuMs,
        wallMs: wall,
        eldP50: delay.percentile(50) / 1e6,
        eldP99: delay.percentile(99) / 1e6,
        eldMax: delay.max / 1e6,
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        heapAfterGc,
        runQueuePct: wall > 0 ? (100 * (runQueueMs() - windows[m.scope].waited0)) / wall : Number.NaN,
        gcMs: gc.ms,
        gcMaxMs: gc.maxMs,
        majorGcs: gc.majors,
      };
      process.send?.({ probe: "reading", id: m.id, reading } satisfies ProbeReply);
    } else if (m?.probe === "profile-start") void profiler.start();
    else if (m?.probe === "profile-stop")
      void profiler.stop(m.file).then(
        () => process.send?.({ probe: "profiled", id: m.id } satisfies ProbeReply),
        (err: Error) => process.send?.({ probe: "profiled", id: m.id, error: err.message } satisfies ProbeReply),
      );
    else if (m?.probe === "gc") {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      // A second pass after a tick lets weak references and finalizers go too.
      setImmediate(() => {
        gc?.();
        process.send?.({ probe: "collected", id: m.id } satisfies ProbeReply);
      });
    }
  });
  // The IPC channel keeps the process alive; the server's SIGTERM handler ends it.
  process.channel?.unref();
}

/**
 * V8's sampling profiler through the inspector, at --cpu-prof's 1 ms, for the window asked; and
 * its sampling heap profiler beside it (`.heapprofile`, what the window allocated, for GC pressure).
 */
const profiler = {
  session: null as Session | null,
  async start() {
    const session = new Session();
    session.connect();
    this.session = session;
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 1000 });
    await session.post("Profiler.start");
    // What the window allocates, garbage included (the GC's work), sampled every 32 KB; left out
    // with STADIUM_HEAP_PROF=0: each sample walks the stack, which the CPU profile then counts.
    // STADIUM_HEAP_PROF=promoted keeps only what outlived the young generation (promoted, then
    // dead at a major GC, or still live): what makes the major collections' work.
    if (process.env.STADIUM_HEAP_PROF === "0") return;
    await session.post("HeapProfiler.startSampling", {
      samplingInterval: 32_768,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: process.env.STADIUM_HEAP_PROF !== "promoted",
    } as never);
  },
  async stop(file: string) {
    const session = this.session;
    if (!session) throw new Error("the profiler was not started");
    this.session = null;
    const { profile } = await session.post("Profiler.stop");
    const heap = process.env.STADIUM_HEAP_PROF === "0" ? null : (await session.post("HeapProfiler.stopSampling")).profile;
    session.disconnect();
    fs.writeFileSync(file, JSON.stringify(profile));
    if (heap) fs.writeFileSync(file.replace(/\.cpuprofile$/, ".heapprofile"), JSON.stringify(heap));
    // STADIUM_HEAP_SNAPSHOT=1: what the server keeps at the window's end, object by object
    // (bench/stadiumHeapSnapshot.ts sums it by kind). Written after the profiles: it stops the world.
    if (process.env.STADIUM_HEAP_SNAPSHOT === "1") v8.writeHeapSnapshot(file.replace(/\.cpuprofile$/, ".heapsnapshot"));
  },
};

function startWindow() {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  return { delay, cpu0: process.cpuUsage(), t0: performance.now(), waited0: runQueueMs(), gc: { ms: 0, maxMs: 0, majors: 0 } };
}

/** The main thread's total wait on a run queue so far, ms (the second field of schedstat, in ns). */
function runQueueMs(): number {
  try {
    return Number(fs.readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[1]) / 1e6;
  } catch {
    return Number.NaN;
  }
}
