import type { SnapshotPart } from "./protocol";
import { initialState, type OperationState } from "./state";

/**
 * The shape of a paged snapshot (docs/protocol.md §3), shared by the server that cuts a state
 * into pages and the client that puts them back. Which fields are records or lists is read from
 * `initialState` (`{}` or `[]`), so a collection added to the fold later is paged with no change
 * here; every other field is the state's core and travels on page 1.
 */
export const SNAPSHOT_RECORDS: readonly string[] = Object.keys(initialState).filter((k) => {
  const v = initialState[k as keyof OperationState];
  return typeof v === "object" && v !== null && !Array.isArray(v);
});
export const SNAPSHOT_LISTS: readonly string[] = Object.keys(initialState).filter((k) =>
  Array.isArray(initialState[k as keyof OperationState]),
);

/** Pages put back together, in page order: the state the pages were cut from. */
export function assembleSnapshot(parts: readonly SnapshotPart[]): OperationState {
  const out: Record<string, unknown> = { ...initialState };
  for (const f of SNAPSHOT_RECORDS) out[f] = {};
  for (const f of SNAPSHOT_LISTS) out[f] = [];
  for (const part of parts) {
    if (part.core) Object.assign(out, part.core);
    for (const [field, key, value] of part.items) {
      const into = out[field];
      // A field this client does not know as a collection is skipped, not a crash.
      if (key === null && Array.isArray(into)) into.push(value);
      else if (key !== null && typeof into === "object" && into !== null) (into as Record<string, unknown>)[key] = value;
    }
  }
  return out as unknown as OperationState;
}

/** A snapshot page's `data` (UTF-8 JSON: a Buffer in Node, an ArrayBuffer in the browser) as its part. */
export function decodeSnapshotPart(data: Uint8Array | ArrayBuffer): SnapshotPart {
  return JSON.parse(new TextDecoder().decode(data)) as SnapshotPart;
}

/**
 * A snapshot as stored (JSON of a state), with every collection the state has now: a snapshot cut
 * before a collection was added to the fold (`warnings`, issue 11) lacks the field, and the fold and
 * the board read it as empty rather than undefined.
 */
export function parseStoredSnapshot(json: string): OperationState {
  return { ...initialState, ...(JSON.parse(json) as Partial<OperationState>) };
}
