import fs from "node:fs";
import type { CDPSession, Page } from "playwright-core";

/**
 * What the browser bench (bench/browserBoard.ts) does in the page: watch long tasks, zoom the
 * map, time a click to the next paint, read what the unit canvas drew, and take a CPU profile
 * through the Chrome DevTools Protocol.
 */
type Watched = Window & { longTasks: { start: number; duration: number }[] };

/** Records every 'longtask' entry's start and duration on window.longTasks; install before the page loads. */
export async function watchLongTasks(page: Page): Promise<void> {
  // tsx (esbuild's keepNames) wraps named functions in __name(), which the page does not have.
  await page.addInitScript({ content: "window.__name = (f) => f;" });
  await page.addInitScript(() => {
    const w = window as unknown as Watched;
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: false });
  });
}

export interface Watch {
  count: number;
  longest: number;
  over50: number;
  /** The same tasks' CPU time (trace): the longest, and how many took over 50 ms of CPU. */
  longestCpu: number;
  over50Cpu: number;
  heapMb: number;
  /** With `explain`: each task over 50 ms and what ran in it. */
  explained: string[];
  /** Long tasks that began after the window, while the trace stopped (not counted above). */
  leftOut: number[];
}

/** Long tasks over `seconds` from now (and every main-thread task's CPU time), then the JS heap after a full GC. */
export async function watchFor(page: Page, cdp: CDPSession, seconds: number, explain = false): Promise<Watch> {
  // The window is the page's own clock from just after the trace has started to just before it
  // ends: stopping a trace makes the renderer flush its buffers, a long task of the bench's own.
  const now = () => page.evaluate(() => performance.now());
  const [[from, to], traced] = await traceWhile(
    cdp,
    async () => {
      const start = await now();
      await page.waitForTimeout(seconds * 1000);
      return [start, await now()] as const;
    },
    explain,
  );
  const all = await page.evaluate(() => (window as unknown as Watched).longTasks);
  const tasks = all.filter((t) => t.start >= from && t.start < to).map((t) => t.duration);
  const after = all.filter((t) => t.start >= to).map((t) => t.duration);
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
  return {
    count: tasks.length,
    longest: Math.max(0, ...tasks),
    over50: tasks.filter((d) => d > 50).length,
    longestCpu: Math.max(0, ...traced.cpu),
    over50Cpu: traced.cpu.filter((d) => d > 50).length,
    heapMb: heap.usedSize / 1e6,
    explained: traced.explained,
    leftOut: after,
  };
}

/** clickToPaint, with the CPU the page's main thread spent meanwhile: [wall ms, CPU ms]. */
export async function clickToPaintCpu(page: Page, cdp: CDPSession, target: string, shown: string): Promise<[number, number]> {
  const [wall, traced] = await traceWhile(cdp, () => clickToPaint(page, target, shown));
  return [wall, traced.cpu.reduce((a, b) => a + b, 0)];
}

/** The map's zoom, read from Leaflet's zoom proxy (its scale is 2^(zoom - 1)). */
export function mapZoom(page: Page): Promise<number> {
  return page.evaluate(() => {
    const proxy = document.querySelector(".leaflet-proxy");
    const scale = proxy ? new DOMMatrix(getComputedStyle(proxy).transform).a : 0;
    return scale > 0 ? Math.log2(scale) + 1 : 0;
  });
}

/** What the unit canvas drew in its last frame (its data-* attributes). */
export function drawn(page: Page): Promise<{ units: number; labels: number; clusters: number }> {
  return page.evaluate(() => {
    const d = (document.querySelector(".unit-canvas") as HTMLElement | null)?.dataset ?? {};
    return { units: Number(d.units ?? 0), labels: Number(d.labels ?? 0), clusters: Number(d.clusters ?? 0) };
  });
}

/**
 * Zooms in with the mouse wheel over the plan's "STADIUM NORTH" name (between the bowl and
 * Olympic Way), a quarter level at a time, until the map is at `target`: the point under the
 * pointer stays put, so the view ends over the stadium's north and Olympic Way.
 */
export async function zoomOverStadium(page: Page, target: number): Promise<void> {
  // The layout may leave a name out at a small window's zoom: then another quarter of the bowl's.
  let box = await page.locator(".map-canvas").boundingBox();
  for (const quarter of ["SOUTH", "WEST", "EAST", "NORTH"]) {
    const name = page.locator(".plan-name-sector", { hasText: new RegExp(`^STADIUM ${quarter}$`) });
    if (await name.count()) box = await name.first().boundingBox();
  }
  if (!box) throw new Error("no map to zoom");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 40; i++) {
    const before = await mapZoom(page);
    if (before >= target - 0.01) return;
    await page.mouse.wheel(0, -20);
    for (let wait = 0; wait < 40 && (await mapZoom(page)) === before; wait++) await page.waitForTimeout(50);
    await page.waitForTimeout(300); // the zoom animation ends
  }
}

/**
 * A click, then the time until what it opens is in the page and the frame showing it has been
 * painted, measured inside the page. The page is looked at in each frame's animation callbacks,
 * before that frame's style, layout and paint: the first frame that finds the new element paints
 * it, and a task queued from there runs once that paint is done. (Two more animation frames, as
 * this did before, ended a frame later and counted whatever ran in between: a panel's deferred
 * work, the map's next frame.)
 */
export async function clickToPaint(page: Page, target: string, shown: string): Promise<number> {
  const handle = await page.locator(target).elementHandle({ timeout: 10_000 });
  if (!handle) return Number.NaN;
  return page.evaluate(
    ([el, selector]) =>
      new Promise<number>((resolve) => {
        const before = new Set(document.querySelectorAll(selector));
        const start = performance.now();
        (el as HTMLElement).click();
        const look = () => {
          const now = [...document.querySelectorAll(selector)];
          if (now.some((n) => !before.has(n))) setTimeout(() => resolve(performance.now() - start), 0);
          else if (performance.now() - start > 30_000) resolve(Number.NaN);
          else requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      }),
    [handle, shown] as const,
  );
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * A CPU profile of the page over `seconds` (CDP Profiler), written to `file` (open it in
 * Chromium's DevTools), and its top functions by self time as "12.3 %  name  file:line".
 */
export async function profileFor(cdp: CDPSession, seconds: number, file: string, top = 8): Promise<string[]> {
  const [, lines] = await profileWhile(cdp, () => new Promise((resolve) => setTimeout(resolve, seconds * 1000)), file, top);
  return lines;
}

/** The same, over whatever `work` does (a click and its paint, say); its result comes back too. */
export async function profileWhile<T>(cdp: CDPSession, work: () => Promise<T>, file: string, top = 8): Promise<[T, string[]]> {
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
  await cdp.send("Profiler.start");
  const result = await work();
  const { profile } = (await cdp.send("Profiler.stop")) as { profile: Profile };
  return [result, summarise(profile, file, top)];
}

function summarise(profile: Profile, file: string, top: number): string[] {
  fs.writeFileSync(file, JSON.stringify(profile));
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const f = byNode.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    if (!f) return;
    const key = `${f.functionName || "(anonymous)"}  ${f.url.split("/").pop() ?? ""}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => `${((100 * us) / Math.max(1, total)).toFixed(1).padStart(5)} %  ${key}`);
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  ts?: number;
  args?: { name?: string };
}

/** The page's main-thread tasks while `work` ran: wall and CPU (thread) time of each, in ms. */
export interface Tasks {
  wall: number[];
  cpu: number[];
  /** With `explain`: each task over 50 ms of wall time, and what ran in it. */
  explained: string[];
}

/**
 * Traces `work` (CDP Tracing, the 'toplevel' category) and returns the renderer main thread's
 * tasks. A task's thread time is the CPU it took, which the other engineers' load on a shared
 * machine does not stretch the way it stretches the wall time a long task is judged by.
 */
export async function traceWhile<T>(cdp: CDPSession, work: () => Promise<T>, explain = false): Promise<[T, Tasks]> {
  const events: TraceEvent[] = [];
  const collect = (e: { value: object[] }) => events.push(...(e.value as TraceEvent[]));
  cdp.on("Tracing.dataCollected", collect);
  await cdp.send("Tracing.start", {
    traceConfig: { includedCategories: explain ? ["toplevel", "devtools.timeline", "v8"] : ["toplevel"], recordMode: "recordContinuously" },
    transferMode: "ReportEvents",
  });
  const result = await work();
  const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.end");
  await complete;
  cdp.off("Tracing.dataCollected", collect);
  const mains = new Set(
    events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`),
  );
  // The busiest renderer main thread is the page's (a spare renderer may idle beside it).
  const byThread = new Map<string, Tasks & { key: string }>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== "X" || !mains.has(key) || e.dur === undefined || !/RunTask/.test(e.name)) continue;
    const tasks = byThread.get(key) ?? { key, wall: [], cpu: [], explained: [] };
    tasks.wall.push(e.dur / 1000);
    tasks.cpu.push((e.tdur ?? e.dur) / 1000);
    byThread.set(key, tasks);
  }
  const total = (t: Tasks) => t.cpu.reduce((a, b) => a + b, 0);
  const page = [...byThread.values()].sort((a, b) => total(b) - total(a))[0];
  if (!page) return [result, { wall: [], cpu: [], explained: [] }];
  if (explain) page.explained = explainLongTasks(events, page.key);
  return [result, page];
}

/** Each task over 50 ms on one thread: its wall and CPU time, and the longest events inside it. */
function explainLongTasks(events: readonly TraceEvent[], key: string): string[] {
  const mine = events.filter((e) => e.ph === "X" && `${e.pid}:${e.tid}` === key && e.dur !== undefined && e.ts !== undefined);
  const ms = (us: number | undefined) => ((us ?? 0) / 1000).toFixed(1);
  return mine
    .filter((e) => /RunTask/.test(e.name) && (e.dur ?? 0) > 50_000)
    .map((task) => {
      const start = task.ts ?? 0;
      const end = start + (task.dur ?? 0);
      const inside = mine
        .filter((e) => e !== task && (e.ts ?? 0) >= start && (e.ts ?? 0) < end)
        .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
        .slice(0, 8)
        .map((e) => `${e.name} ${ms(e.dur)}/${ms(e.tdur)}`);
      return `${ms(task.dur)} ms wall, ${ms(task.tdur)} CPU: ${inside.join(", ")}`;
    });
}
