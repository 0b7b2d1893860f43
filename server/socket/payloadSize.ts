/**
 * Whether a message's JSON is over `max` bytes (the gate's `payload_too_large`, so a phone is told
 * "photos go through the upload route" rather than having its connection cut by the transport's
 * own, far higher, limit). Serialising every inbound message only to measure it cost a stadium's
 * server a share of its CPU and garbage (issue 14); almost every message is a fraction of the
 * limit. So a walk without allocating adds up an upper bound of the JSON's size, and only a
 * message whose bound passes the limit is serialised and measured exactly: the answer is always
 * the exact one (the JSON's UTF-8 byte length over `max`), but the common case never builds it.
 */
export function exceedsJsonBytes(payload: unknown, max: number): boolean {
  const bound = upperBound(payload, max, 0);
  if (bound <= max) return false;
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? "") > max;
  } catch {
    // Not serialisable (a cycle, nesting too deep): not a message the gate accepts.
    return true;
  }
}

/** Past this depth the walk gives up and the exact measure decides. */
const MAX_DEPTH = 32;
/** The most one number, `true`, `false` or `null` takes as JSON (`-1.2345678901234567e-308`). */
const SCALAR_BYTES = 24;

/**
 * At least the UTF-8 length of `JSON.stringify(value)`: each string unit counts as 6 bytes (a
 * `\u001f` escape is the longest a UTF-16 unit becomes; a surrogate pair is two units, so a
 * 4-byte character counts 12), with quotes, colons and commas counted too. Stops counting as soon
 * as it passes `max` (the answer is then decided exactly); Infinity when it cannot tell.
 */
function upperBound(value: unknown, max: number, depth: number): number {
  switch (typeof value) {
    case "string":
      return 2 + 6 * value.length;
    case "number":
    case "boolean":
      return SCALAR_BYTES;
    case "undefined":
    case "function":
    case "symbol":
      return 0;
    case "bigint":
      return Number.POSITIVE_INFINITY;
    case "object":
      return value === null ? SCALAR_BYTES : containerBound(value, max, depth);
  }
}

function containerBound(value: object, max: number, depth: number): number {
  // A binary attachment, a Date or anything with its own toJSON: measure it exactly.
  if (depth >= MAX_DEPTH || ArrayBuffer.isView(value) || value instanceof ArrayBuffer || "toJSON" in value) {
    return Number.POSITIVE_INFINITY;
  }
  let total = 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      total += 1 + Math.max(upperBound(item, max, depth + 1), SCALAR_BYTES);
      if (total > max) return total;
    }
    return total;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    total += 4 + 6 * key.length + upperBound((value as Record<string, unknown>)[key], max, depth + 1);
    if (total > max) return total;
  }
  return total;
}
