import fs from "node:fs";
import path from "node:path";

/**
 * `npx tsx bench/stadiumCpuTop.ts <file.cpuprofile | dir> [N]`: the top N functions of a V8 CPU
 * profile (the stadium bench writes one with STADIUM_CPU_PROF=<dir>) by self time and by total
 * time, as shares of the busy samples (idle left out), so profiles before and after a change can
 * be compared in a few lines. A directory means its newest main-thread profile.
 */
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(["(idle)", "(program)", "(root)"]);

export function topOf(profile: Profile, n: number): { busyMs: number; self: [string, number][]; total: [string, number][] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const label = (node: Node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url ? ` ${path.basename(url)}:${lineNumber + 1}` : "";
    return `${functionName || "(anonymous)"}${file}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!node || IDLE.has(node.callFrame.functionName)) return;
    busy += dt;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    // Each function once per sample however deep it recurses.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (!frame || IDLE.has(frame.callFrame.functionName)) continue;
      seen.add(label(frame));
    }
    for (const l of seen) total.set(l, (total.get(l) ?? 0) + dt);
  });
  const top = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]): [string, number] => [k, (100 * v) / Math.max(1, busy)]);
  return { busyMs: busy, self: top(self), total: top(total) };
}

/** The profile's top five by self time, as the bench prints them under its table. */
export function printProfileTop(file: string, what: string, n = 5): void {
  const { busyMs, self, total } = topOf(JSON.parse(fs.readFileSync(file, "utf8")) as Profile, n + 12);
  const calls = total.filter(([k]) => !/^(processTicksAndRejections|runMicrotasks|processImmediate|listOnTimeout|emit) /.test(k));
  console.log(`\nCPU profile of the window, ${what} (${(busyMs / 1000).toFixed(1)} s busy; ${file}):`);
  console.log(
    `  self:  ${self
      .slice(0, n)
      .map(([k, v]) => `${k} ${v.toFixed(1)} %`)
      .join("; ")}`,
  );
  console.log(
    `  total: ${calls
      .slice(0, n)
      .map(([k, v]) => `${k} ${v.toFixed(1)} %`)
      .join("; ")}`,
  );
}

function newestMain(dir: string): string {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  // The main thread's profile is the largest of a run's (the fixes worker's is small).
  if (!files[0]) throw new Error(`no .cpuprofile in ${dir}`);
  return files[0];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = process.argv[2] ?? ".";
  const file = fs.statSync(arg).isDirectory() ? newestMain(arg) : arg;
  const { busyMs, self, total } = topOf(JSON.parse(fs.readFileSync(file, "utf8")) as Profile, Number(process.argv[3] ?? 15));
  console.log(`${file}: ${(busyMs / 1000).toFixed(1)} s busy`);
  console.log("self time (% of busy):");
  for (const [k, v] of self) console.log(`  ${v.toFixed(1).padStart(5)} %  ${k}`);
  console.log("total time (% of busy):");
  for (const [k, v] of total) console.log(`  ${v.toFixed(1).padStart(5)} %  ${k}`);
}
