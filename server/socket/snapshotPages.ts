import type { SnapshotItem, SnapshotPart } from "../../shared/protocol";
import { SNAPSHOT_LISTS as LISTS, SNAPSHOT_RECORDS as RECORDS } from "../../shared/snapshot";
import type { OperationState } from "../../shared/state";

/**
 * A state too big for one hello reply, cut into pages of at most a byte budget each (issue 8
 * item 5): the scalar core first, then every entry of the state's records and every element of
 * its lists, in order (shared/snapshot.ts says which fields those are and puts pages back).
 */

const COLLECTIONS = new Set([...RECORDS, ...LISTS]);

/** What one item costs in a page beyond its value and key: brackets, two commas inside, one after, the field's name. */
const FIELD_BYTES = new Map([...COLLECTIONS].map((f) => [f, Buffer.byteLength(JSON.stringify(f)) + 5]));

/**
 * JSON sizes by identity. The fold is persistent: an entity no event touched keeps its object,
 * so a plan of a newer state measures only what changed, and each page costs its own bytes.
 */
const sizes = new WeakMap<object, number>();

export function jsonBytes(value: unknown): number {
  if (typeof value !== "object" || value === null) return Buffer.byteLength(JSON.stringify(value) ?? "null");
  let n = sizes.get(value);
  if (n === undefined) {
    n = Buffer.byteLength(JSON.stringify(value));
    sizes.set(value, n);
  }
  return n;
}

export interface SnapshotPlan {
  /** The state planned (kept whole: later pages are of this state, whatever commits meanwhile). */
  state: OperationState;
  core: Record<string, unknown>;
  items: SnapshotItem[];
  /** Index in `items` of each page's first item; the number of pages is its length. */
  starts: number[];
  /** Bytes of the last page (what is left of its budget carries the positions, if they fit). */
  lastPageBytes: number;
  /** Bytes of every page together. */
  bytes: number;
}

/**
 * Cuts `state` into pages of at most `budget` bytes of part JSON. An item bigger than the budget
 * goes on a page of its own (every page moves on). O(entities) for the walk, plus the JSON of
 * the entities not measured before.
 */
export function planSnapshot(state: OperationState, budget: number): SnapshotPlan {
  const core: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state)) if (!COLLECTIONS.has(k)) core[k] = v;
  const items: SnapshotItem[] = [];
  const starts = [0];
  let used = jsonBytes(core) + 24; // {"core":…,"items":[…]}
  let bytes = 0;
  const add = (field: string, key: string | null, value: unknown) => {
    const n = jsonBytes(value) + (FIELD_BYTES.get(field) ?? 0) + (key === null ? 4 : Buffer.byteLength(JSON.stringify(key)));
    if (used + n > budget && items.length > (starts[starts.length - 1] ?? 0)) {
      starts.push(items.length);
      bytes += used;
      used = 24;
    }
    used += n;
    items.push([field, key, value]);
  };
  const fields = state as unknown as Record<string, unknown>;
  for (const field of RECORDS) {
    const record = (fields[field] ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(record)) add(field, key, record[key]);
  }
  for (const field of LISTS) for (const value of (fields[field] ?? []) as unknown[]) add(field, null, value);
  return { state, core, items, starts, lastPageBytes: used, bytes: bytes + used };
}

export function pageCount(plan: SnapshotPlan): number {
  return plan.starts.length;
}

/** Page `page` (1-based) of a plan. */
export function pageOf(plan: SnapshotPlan, page: number): SnapshotPart {
  const from = plan.starts[page - 1] ?? plan.items.length;
  const to = plan.starts[page] ?? plan.items.length;
  const items = plan.items.slice(from, to);
  return page === 1 ? { core: plan.core, items } : { items };
}

/** Encoded pages kept for the next client that asks (a reconnect storm asks for the same ones). */
const ENCODED_BYTES = 64 * 1024 * 1024;
const encoded = new Map<string, { plan: WeakRef<SnapshotPlan>; data: Buffer }>();
const planIds = new WeakMap<SnapshotPlan, number>();
let nextPlanId = 1;
let encodedBytes = 0;

/**
 * Page `page` of a plan as UTF-8 JSON, encoded once and kept (least recently used goes past
 * ENCODED_BYTES): socket.io sends a Buffer as a binary attachment as it is, where a state as
 * objects would be walked for binaries, stringified and measured again on every reply.
 */
export function encodedPage(plan: SnapshotPlan, page: number): Buffer {
  let id = planIds.get(plan);
  if (id === undefined) {
    id = nextPlanId++;
    planIds.set(plan, id);
  }
  const key = `${id}:${page}`;
  const hit = encoded.get(key);
  if (hit && hit.plan.deref() === plan) {
    encoded.delete(key);
    encoded.set(key, hit);
    return hit.data;
  }
  const data = Buffer.from(JSON.stringify(pageOf(plan, page)));
  encoded.set(key, { plan: new WeakRef(plan), data });
  encodedBytes += data.byteLength;
  for (const [k, v] of encoded) {
    if (encodedBytes <= ENCODED_BYTES || k === key) break;
    encoded.delete(k);
    encodedBytes -= v.data.byteLength;
  }
  return data;
}
