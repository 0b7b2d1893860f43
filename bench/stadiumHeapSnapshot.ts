import fs from "node:fs";

/**
 * What a server keeps, from a V8 heap snapshot (`STADIUM_HEAP_SNAPSHOT=1` with the stadium bench's
 * `--profile DIR`): `npx tsx bench/stadiumHeapSnapshot.ts FILE [N]` prints the N kinds of object
 * with the most bytes of their own, then the N objects that retain the most (each one's
 * dominators, so that "this Map keeps 40 MB" reads with what keeps the Map). Retained sizes come
 * from the dominator tree (Cooper, Harvey and Kennedy's iterative algorithm) over strong edges.
 * The snapshot is read as bytes, not as one JSON string: a stadium's is larger than V8's longest
 * string. Then own bytes by owning class, and what the roots alone dominate by its first holder.
 * Options, by environment:
 * - HEAP_KIND=<kind> (e.g. "concatenated string"): samples of that kind, with three holders up;
 * - HEAP_CLASS=<name>: what the members of that class's instance reach (bytes and objects, not
 *   passing through code, closures or another class's instances) and retain, HEAP_DEPTH levels down
 *   (default 1), members under HEAP_MIN bytes (default 200,000) left out; HEAP_THROUGH=1 passes
 *   through other classes' instances and engine-internal objects (a state kept in proxies, say).
 */
const [file, top = "25"] = process.argv.slice(2);
if (!file) throw new Error("usage: tsx bench/stadiumHeapSnapshot.ts FILE.heapsnapshot [N]");
const n = Number(top);
const buf = fs.readFileSync(file);

interface Meta {
  node_fields: string[];
  node_types: [string[], ...unknown[]];
  edge_fields: string[];
  edge_types: [string[], ...unknown[]];
}
const nodesAt = buf.indexOf('"nodes":[');
const meta = (JSON.parse(`${buf.subarray(0, nodesAt).toString("utf8").replace(/,\s*$/, "")}}`) as { snapshot: { meta: Meta } }).snapshot
  .meta;
const nodes = numbers(nodesAt + '"nodes":['.length);
const edgesAt = buf.indexOf('"edges":[', nodesAt);
const edges = numbers(edgesAt + '"edges":['.length);
const stringsAt = buf.indexOf('"strings":[', edgesAt);
const strings = JSON.parse(buf.subarray(stringsAt + '"strings":'.length, buf.lastIndexOf("]") + 1).toString("utf8")) as string[];

const NF = meta.node_fields.length;
const EF = meta.edge_fields.length;
const [nType, nName, nSize, nEdges] = ["type", "name", "self_size", "edge_count"].map((f) => meta.node_fields.indexOf(f)) as [
  number,
  number,
  number,
  number,
];
const [eType, eName, eTo] = ["type", "name_or_index", "to_node"].map((f) => meta.edge_fields.indexOf(f)) as [number, number, number];
const nodeTypes = meta.node_types[0];
const edgeTypes = meta.edge_types[0];
const WEAK = edgeTypes.indexOf("weak");
const SHORTCUT = edgeTypes.indexOf("shortcut");
const count = nodes.length / NF;

/** The integers of the array that starts at `from`, up to its closing bracket. */
function numbers(from: number): Uint32Array {
  let len = 0;
  let end = from;
  while (buf[end] !== 0x5d) {
    if (buf[end] === 0x2c) len++;
    end++;
  }
  const out = new Uint32Array(len + 1);
  let k = 0;
  let v = 0;
  let any = false;
  for (let i = from; i < end; i++) {
    const c = buf[i] as number;
    if (c >= 0x30 && c <= 0x39) {
      v = v * 10 + (c - 0x30);
      any = true;
    } else if (c === 0x2c) {
      out[k++] = v;
      v = 0;
      any = false;
    }
  }
  if (any) out[k++] = v;
  return out.subarray(0, k);
}

const firstEdge = new Uint32Array(count + 1);
for (let i = 0; i < count; i++) firstEdge[i + 1] = (firstEdge[i] as number) + (nodes[i * NF + nEdges] as number);
const strong = (e: number) => {
  const t = edges[e * EF + eType];
  return t !== WEAK && t !== SHORTCUT;
};
const target = (e: number) => (edges[e * EF + eTo] as number) / NF;
const label = (i: number) =>
  `${nodeTypes[nodes[i * NF + nType] as number]} ${(strings[nodes[i * NF + nName] as number] ?? "").slice(0, 60)}`;
const size = (i: number) => nodes[i * NF + nSize] as number;
/** The name of an edge from `from` to `to` (a property, a closure variable, an index), for reading a chain. */
const edgeName = (from: number, to: number) => {
  for (let e = firstEdge[from] as number; e < (firstEdge[from + 1] as number); e++) {
    if (target(e) !== to) continue;
    const t = edgeTypes[edges[e * EF + eType] as number];
    const v = edges[e * EF + eName] as number;
    return t === "element" || t === "hidden" ? `[${v}]` : `.${(strings[v] ?? "").slice(0, 40)}`;
  }
  return "";
};

// Own bytes by kind.
const byKind = new Map<string, { count: number; bytes: number }>();
let total = 0;
// A string's name is its value: strings are summed by their kind alone.
const kindOf = (i: number) =>
  nodeTypes[nodes[i * NF + nType] as number]?.includes("string") ? `${nodeTypes[nodes[i * NF + nType] as number]}` : label(i);
for (let i = 0; i < count; i++) {
  const k = kindOf(i);
  const s = byKind.get(k) ?? { count: 0, bytes: 0 };
  s.count++;
  s.bytes += size(i);
  total += size(i);
  byKind.set(k, s);
}
const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
console.log(`${count} objects, ${mb(total)} in all`);
console.log(`\nown bytes by kind (top ${n}):`);
for (const [k, s] of [...byKind].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, n))
  console.log(`  ${mb(s.bytes).padStart(9)}  ${String(s.count).padStart(8)}  ${k}`);

// Reverse postorder from the root (node 0) over strong edges.
const order = new Int32Array(count).fill(-1);
const post: number[] = [];
{
  const stack = [0];
  const cursor = new Uint32Array(count);
  const seen = new Uint8Array(count);
  seen[0] = 1;
  while (stack.length) {
    const v = stack[stack.length - 1] as number;
    const e = (firstEdge[v] as number) + (cursor[v] as number);
    if (e < (firstEdge[v + 1] as number)) {
      cursor[v] = (cursor[v] as number) + 1;
      if (!strong(e)) continue;
      const w = target(e);
      if (!seen[w]) {
        seen[w] = 1;
        stack.push(w);
      }
    } else {
      stack.pop();
      order[v] = post.length;
      post.push(v);
    }
  }
}
const reached = post.length;
const preds: number[][] = Array.from({ length: count }, () => []);
for (let v = 0; v < count; v++) {
  if (order[v] === -1) continue;
  for (let e = firstEdge[v] as number; e < (firstEdge[v + 1] as number); e++) if (strong(e)) preds[target(e)]?.push(v);
}
const idom = new Int32Array(count).fill(-1);
idom[0] = 0;
const intersect = (a: number, b: number) => {
  let x = a;
  let y = b;
  while (x !== y) {
    while ((order[x] as number) < (order[y] as number)) x = idom[x] as number;
    while ((order[y] as number) < (order[x] as number)) y = idom[y] as number;
  }
  return x;
};
for (let changed = true, pass = 0; changed && pass < 100; pass++) {
  changed = false;
  for (let k = reached - 2; k >= 0; k--) {
    const v = post[k] as number;
    let d = -1;
    for (const p of preds[v] ?? []) if (idom[p] !== -1) d = d === -1 ? p : intersect(p, d);
    if (d !== -1 && idom[v] !== d) {
      idom[v] = d;
      changed = true;
    }
  }
}
const retained = new Float64Array(count);
for (const v of post) retained[v] = (retained[v] as number) + size(v);
for (const v of post) if (v !== 0) retained[idom[v] as number] = (retained[idom[v] as number] as number) + (retained[v] as number);

console.log(`\nthe ${n} largest retainers below the roots (retained, own, kind, then what dominates it):`);
const isRootish = (v: number) => v === 0 || nodeTypes[nodes[v * NF + nType] as number] === "synthetic";
const ranked = post.filter((v) => !isRootish(v)).sort((a, b) => (retained[b] as number) - (retained[a] as number));
const shown: number[] = [];
for (const v of ranked) {
  // Skip a node whose dominator is already listed with nearly the same size: the list would repeat one chain.
  let d = idom[v] as number;
  let nested = false;
  while (d > 0) {
    if (shown.includes(d) && (retained[v] as number) > 0.8 * (retained[d] as number)) nested = true;
    d = idom[d] as number;
  }
  if (nested) continue;
  shown.push(v);
  const chain: string[] = [];
  for (let u = idom[v] as number, w = v, k = 0; u > 0 && k < 5; w = u, u = idom[u] as number, k++)
    chain.push(`${label(u)}${edgeName(u, w)}`);
  console.log(`  ${mb(retained[v] as number).padStart(9)} ${mb(size(v)).padStart(9)}  ${label(v)}  <- ${chain.join(" <- ")}`);
  if (shown.length >= n) break;
}

// Own bytes by owner: the nearest dominator that is an instance of a named class (not a plain
// Object, Array, Map, Set, closure context or engine array), so that a Map of plain objects counts
// under the class holding it; what only the roots dominate counts under its top object's kind.
const GENERIC = new Set(["Object", "Array", "Map", "Set", "WeakMap", "WeakSet", "system / Context", "WeakRef"]);
const named = (v: number) =>
  nodeTypes[nodes[v * NF + nType] as number] === "object" && !GENERIC.has(strings[nodes[v * NF + nName] as number] ?? "");
const owner = new Int32Array(count).fill(-1);
const byOwner = new Map<string, number>();
for (let k = reached - 1; k >= 0; k--) {
  const v = post[k] as number;
  const d = idom[v] as number;
  owner[v] = named(v) ? v : d === 0 || v === 0 ? -2 - v : (owner[d] as number);
  const o = owner[v] as number;
  const key = o >= 0 ? `${label(o)}` : `(roots) ${kindOf(-2 - o)}`;
  byOwner.set(key, (byOwner.get(key) ?? 0) + size(v));
}
console.log(`\nown bytes by owning class (top ${n}):`);
for (const [k, b] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`  ${mb(b).padStart(9)}  ${k}`);

// What holds the roots' shares: each object the roots alone dominate, by its first holder and the edge's name.
const byHolder = new Map<string, { n: number; bytes: number; sample: string }>();
for (const v of post) {
  if (v === 0 || idom[v] !== 0) continue;
  const p = (preds[v] ?? []).find((u) => u !== 0);
  const key = `${kindOf(v)} <- ${p === undefined ? "(root)" : `${label(p)}${edgeName(p, v)}`}`;
  const h = byHolder.get(key) ?? { n: 0, bytes: 0, sample: label(v).slice(0, 50) };
  h.n++;
  h.bytes += retained[v] as number;
  byHolder.set(key, h);
}
console.log(`\nwhat the roots alone dominate, by first holder (top ${n}):`);
for (const [k, h] of [...byHolder].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, n))
  console.log(`  ${mb(h.bytes).padStart(9)} ${String(h.n).padStart(7)}  ${k}   e.g. ${h.sample}`);

// HEAP_KIND=<kind>: samples of that kind the roots alone dominate, largest first, with three holders up.
if (process.env.HEAP_KIND) {
  const ofKind = post
    .filter((v) => idom[v] === 0 && kindOf(v) === process.env.HEAP_KIND)
    .sort((a, b) => (retained[b] as number) - (retained[a] as number));
  const sum = ofKind.reduce((s, v) => s + (retained[v] as number), 0);
  console.log(`\n${process.env.HEAP_KIND}: ${ofKind.length}, retaining ${mb(sum)}`);
  const step = Math.max(1, Math.floor(ofKind.length / n));
  for (let k = 0; k < ofKind.length; k += step) {
    const v = ofKind[k] as number;
    const up: string[] = [];
    for (let u = v, d = 0; d < 4; d++) {
      const p = (preds[u] ?? [])[0];
      if (p === undefined || p === 0) break;
      up.push(`${label(p).slice(0, 40)}${edgeName(p, u)}`);
      u = p;
    }
    console.log(
      `  ${(retained[v] as number).toFixed(0).padStart(8)} B  ${JSON.stringify((strings[nodes[v * NF + nName] as number] ?? "").slice(0, 70))}  <- ${up.join(" <- ")}`,
    );
  }
}

// HEAP_CLASS=<name>: the members of that class's instance that reaches most, each with what it reaches and retains.
const through = Boolean(process.env.HEAP_THROUGH);
/** Bytes and objects reachable from `v` without passing through code, closures or (unless HEAP_THROUGH) another named class's instance. */
function reach(v: number): { bytes: number; objects: number } {
  const seen = new Set<number>([v]);
  const stack = [v];
  let bytes = 0;
  while (stack.length) {
    const u = stack.pop() as number;
    bytes += size(u);
    for (let e = firstEdge[u] as number; e < (firstEdge[u + 1] as number); e++) {
      if (!strong(e)) continue;
      const w = target(e);
      const t = nodeTypes[nodes[w * NF + nType] as number];
      if (seen.has(w) || t === "code" || t === "closure" || (!through && (t === "hidden" || named(w)))) continue;
      seen.add(w);
      stack.push(w);
    }
  }
  return { bytes, objects: seen.size };
}
if (process.env.HEAP_CLASS) {
  const want = process.env.HEAP_CLASS;
  const all = post.filter(
    (u) => nodeTypes[nodes[u * NF + nType] as number] === "object" && strings[nodes[u * NF + nName] as number] === want,
  );
  const ranked = all.map((u) => ({ u, r: reach(u) })).sort((a, b) => b.r.bytes - a.r.bytes)[0];
  if (all.length > 1) console.log(`\n${all.length} instances of ${want}; the one that reaches most:`);
  if (ranked === undefined) console.log(`\nno ${want}`);
  else {
    const v = ranked.u;
    console.log(`\n${want}: retains ${mb(retained[v] as number)}, reaches ${mb(ranked.r.bytes)}; its members (reached, retained):`);
    const walk = (u: number, depth: number) => {
      for (let e = firstEdge[u] as number; e < (firstEdge[u + 1] as number); e++) {
        const w = target(e);
        const r = strong(e) ? reach(w) : { bytes: 0, objects: 0 };
        if (r.bytes < Number(process.env.HEAP_MIN ?? 200_000)) continue;
        console.log(
          `  ${"  ".repeat(depth)}${edgeName(u, w).padEnd(24)} ${mb(r.bytes).padStart(9)} ${mb(retained[w] as number).padStart(9)}  ${label(w)} [${r.objects} objects]`,
        );
        if (depth < Number(process.env.HEAP_DEPTH ?? 1)) walk(w, depth + 1);
      }
    };
    walk(v, 0);
  }
}
