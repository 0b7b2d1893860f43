/**
 * Persistent id → entity maps for the fold's collections (incidents, units, reports).
 *
 * Why: a fold that copies a record on every event (`{ ...s.reports, [id]: r }`) is O(n) per
 * event and quadratic over a log: 7 ms an event at 20,000 reports. Here a collection is a
 * two-level hash trie (64 × 64 buckets), so an update copies one path: two 64-slot arrays and
 * one small bucket. Untouched entities, and untouched buckets, keep their identity. A collection
 * of up to SMALL entities is one bucket and no trie (`flat`): the server keeps a projected state
 * per steward (server/operations/audiences.ts), each with a handful of reports, and as tries
 * those were 5–7 KB of mostly empty 64-slot arrays a steward (issue 14: 15 MB of heap at the
 * stadium profile for the GC to trace on every major collection).
 *
 * Readers need not know: a collection is presented as a read-only `Record<string, T>` through a
 * Proxy, so `c[id]`, `id in c`, `Object.values(c)`, `JSON.stringify(c)` and deep equality work as
 * on a plain object; writing to it throws. A plain record (from JSON: a snapshot, a socket
 * reply) is accepted anywhere and converted on its first update.
 */

/**
 * A bucket's entries as one array, id then entity: `[id0, e0, id1, e1, …]`, in the order a plain
 * object would enumerate them (array-index ids first, ascending, then the rest as inserted).
 * Why not an object keyed by id: V8 gives every distinct sequence of keys a hidden class of its
 * own, so buckets keyed by unique ids made Maps and DescriptorArrays that no other object shared
 * and every garbage collection traced (issue 14: about 11,000 Maps for 20,000 entities).
 */
type Bucket<T> = ReadonlyArray<string | T>;
type Level<T> = ReadonlyArray<T | undefined>;

interface Trie<T> {
  readonly size: number;
  readonly root: Level<Level<Bucket<T>>>;
  /** The one bucket of a small collection (root is then empty). */
  readonly flat?: Bucket<T>;
}

export type Collection<T> = Readonly<Record<string, T>>;

const WIDTH = 64;
/** Up to this many entities a collection is one bucket: an update copies at most this many entries. */
const SMALL = 16;
const tries = new WeakMap<object, Trie<unknown>>();

/** FNV-1a: a stable, well-spread 32-bit hash of an id. */
function hash(id: string): number {
  let h = 0x811c9dc5;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent — the hash only spreads ids over buckets; any deterministic one (even a constant) gives the same collection, only slower.
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function bucketOf<T>(t: Trie<T>, id: string): Bucket<T> | undefined {
  if (t.flat) return t.flat;
  const h = hash(id);
  return t.root[h % WIDTH]?.[(h >>> 6) % WIDTH];
}

/** Where `id` is in a bucket (the index of the id; its entity follows), or -1. */
function slotOf<T>(b: Bucket<T>, id: string): number {
  for (let i = 0; i < b.length; i += 2) if (b[i] === id) return i;
  return -1;
}

function lookup<T>(t: Trie<T>, id: string): T | undefined {
  const b = bucketOf(t, id);
  if (!b) return undefined;
  const i = slotOf(b, id);
  return i < 0 ? undefined : (b[i + 1] as T);
}

/** A collection's buckets in key order: the one bucket of a small collection, or the trie's. */
function* bucketsOf<T>(t: Trie<T>): Generator<Bucket<T>> {
  if (t.flat) yield t.flat;
  for (const mid of t.root) if (mid) for (const b of mid) if (b) yield b;
}

function* keysOf<T>(t: Trie<T>): Generator<string> {
  for (const b of bucketsOf(t)) for (let i = 0; i < b.length; i += 2) yield b[i] as string;
}

const trieOf = (target: object) => tries.get(target) as Trie<unknown>;

const handler: ProxyHandler<object> = {
  get(target, key, receiver) {
    if (typeof key === "string") {
      const value = lookup(trieOf(target), key);
      if (value !== undefined) return value;
    }
    return Reflect.get(target, key, receiver);
  },
  has(target, key) {
    return (typeof key === "string" && lookup(trieOf(target), key) !== undefined) || Reflect.has(target, key);
  },
  ownKeys(target) {
    return [...keysOf(trieOf(target))];
  },
  getOwnPropertyDescriptor(target, key) {
    if (typeof key !== "string") return undefined;
    const value = lookup(trieOf(target), key);
    return value === undefined ? undefined : { value, writable: false, enumerable: true, configurable: true };
  },
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
};

function present<T>(t: Trie<T>): Collection<T> {
  const target = {};
  tries.set(target, t);
  const proxy = new Proxy(target, handler) as Collection<T>;
  tries.set(proxy, t);
  return proxy;
}

const emptyTrie: Trie<never> = { size: 0, root: [] };
const emptyBucket: Bucket<never> = [];

function toTrie<T>(c: Collection<T>): Trie<T> {
  const known = tries.get(c) as Trie<T> | undefined;
  if (known) return known;
  let t: Trie<T> = emptyTrie;
  for (const [id, value] of Object.entries(c)) t = insert(t, id, value);
  return t;
}

function insert<T>(t: Trie<T>, id: string, value: T): Trie<T> {
  if (t.root.length === 0) {
    const flat = t.flat ?? emptyBucket;
    const size = t.size + (slotOf(flat, id) < 0 ? 1 : 0);
    if (size <= SMALL) return { size, root: [], flat: withEntry(flat, id, value) };
    // Grown past SMALL: the same entries as a trie.
    let grown: Trie<T> = emptyTrie;
    for (let i = 0; i < flat.length; i += 2) grown = insertDeep(grown, flat[i] as string, flat[i + 1] as T);
    return insertDeep(grown, id, value);
  }
  return insertDeep(t, id, value);
}

function insertDeep<T>(t: Trie<T>, id: string, value: T): Trie<T> {
  const h = hash(id);
  const i = h % WIDTH;
  const j = (h >>> 6) % WIDTH;
  const mid = t.root[i];
  const bucket = mid?.[j] ?? emptyBucket;
  const had = slotOf(bucket, id) >= 0;
  const nextMid = mid ? [...mid] : new Array<Bucket<T> | undefined>(WIDTH).fill(undefined);
  nextMid[j] = withEntry(bucket, id, value);
  const nextRoot = t.root.length ? [...t.root] : new Array<Level<Bucket<T>> | undefined>(WIDTH).fill(undefined);
  nextRoot[i] = nextMid;
  return { size: t.size + (had ? 0 : 1), root: nextRoot };
}

/** Whether an id is an array index, which a plain object enumerates first, in ascending order. */
function isIndex(id: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(id) && Number(id) < 4_294_967_295;
}

/** A copy of a bucket with one entry set: in place if the id is there, else where a plain object would enumerate it. */
function withEntry<T>(bucket: Bucket<T>, id: string, value: T): Bucket<T> {
  const next = bucket.slice();
  const at = slotOf(bucket, id);
  if (at >= 0) {
    next[at + 1] = value;
    return next;
  }
  let i = next.length;
  if (isIndex(id)) {
    const n = Number(id);
    i = 0;
    while (i < next.length && isIndex(next[i] as string) && Number(next[i]) < n) i += 2;
  }
  next.splice(i, 0, id, value);
  return next;
}

/** A collection with `id` set to `value`; the same collection when the value is already there. */
export function put<T>(c: Collection<T>, id: string, value: T): Collection<T> {
  const t = toTrie(c);
  if (lookup(t, id) === value) return tries.has(c) ? c : present(t);
  return present(insert(t, id, value));
}

/** How many entities: O(1) for a collection, O(n) for a plain record. */
export function sizeOf<T>(c: Collection<T>): number {
  return (tries.get(c) as Trie<T> | undefined)?.size ?? Object.keys(c).length;
}

/** The entities, without the per-key overhead of Object.values on a proxy. */
export function valuesOf<T>(c: Collection<T>): T[] {
  const t = tries.get(c) as Trie<T> | undefined;
  if (!t) return Object.values(c);
  const out: T[] = [];
  for (const b of bucketsOf(t)) for (let i = 1; i < b.length; i += 2) out.push(b[i] as T);
  return out;
}

/**
 * The id → entity pairs in the order `Object.keys` (and so `JSON.stringify`) gives them, read
 * from the trie without a proxy trap per key; a plain record's own keys otherwise.
 */
export function* entriesOf<T>(c: Collection<T>): Generator<[string, T]> {
  const t = tries.get(c) as Trie<T> | undefined;
  if (!t) {
    for (const id of Object.keys(c)) yield [id, c[id] as T];
    return;
  }
  for (const b of bucketsOf(t)) for (let i = 0; i < b.length; i += 2) yield [b[i] as string, b[i + 1] as T];
}

/**
 * The entity under `id`, or undefined: `Object.hasOwn(c, id) ? c[id] : undefined` without the
 * proxy's traps (the positions' hot path asks it for every fix; issue 14). An id such as
 * "constructor" or "__proto__" is only ever an entity's id.
 */
export function entityOf<T>(c: Collection<T>, id: string): T | undefined {
  const t = tries.get(c) as Trie<T> | undefined;
  if (t) return lookup(t, id);
  return Object.hasOwn(c, id) ? c[id] : undefined;
}
