import fs from "node:fs";
import path from "node:path";

/**
 * `npx tsx bench/stadiumHeapTop.ts <file.heapprofile> [N]`: where a window's allocations came
 * from (the stadium bench's `--profile` writes one beside each CPU profile, garbage included):
 * the top N functions by bytes allocated in them, and by bytes allocated under them.
 */
interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

export function heapTop(head: HeapNode, n: number) {
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  const label = (f: HeapNode["callFrame"]) =>
    `${f.functionName || "(anonymous)"}${f.url ? ` ${path.basename(f.url)}:${f.lineNumber + 1}` : ""}`;
  const walk = (node: HeapNode, stack: string[]): number => {
    const l = label(node.callFrame);
    self.set(l, (self.get(l) ?? 0) + node.selfSize);
    all += node.selfSize;
    let sum = node.selfSize;
    for (const c of node.children) sum += walk(c, [...stack, l]);
    // Counted once per stack however deep it recurses.
    if (!stack.includes(l)) total.set(l, (total.get(l) ?? 0) + sum);
    return sum;
  };
  walk(head, []);
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { all, self: top(self), total: top(total) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? "";
  const { head } = JSON.parse(fs.readFileSync(file, "utf8")) as { head: HeapNode };
  const { all, self, total } = heapTop(head, Number(process.argv[3] ?? 20));
  const pct = (x: number) => `${((100 * x) / Math.max(1, all)).toFixed(1).padStart(5)} %`;
  console.log(`${file}: ${(all / 1e6).toFixed(0)} MB sampled`);
  console.log("allocated in:");
  for (const [k, v] of self) console.log(`  ${pct(v)}  ${k}`);
  console.log("allocated under:");
  for (const [k, v] of total) console.log(`  ${pct(v)}  ${k}`);
}
