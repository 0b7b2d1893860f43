/**
 * Canonical JSON for hashing and signing: the JSON Canonicalization Scheme, RFC 8785 (JCS).
 * Object members sorted by their names' UTF-16 code units, no whitespace, numbers and strings
 * written as ECMAScript's JSON.stringify writes them; `undefined` members are dropped (JSON has
 * none) and a number that is not finite is refused, as JCS requires. The hash chain (DESIGN §1)
 * is SHA-256 over the previous hash and this text of the event, so anyone holding an export can
 * recompute it with any JCS implementation.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === "number" && !Number.isFinite(value)) throw new TypeError(`JCS has no form for ${value}`);
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  return canonicalObject(value as Record<string, unknown>, null);
}

/** An object's members sorted, without `skip` (so that a caller need not copy the object to leave one out). */
function canonicalObject(value: Record<string, unknown>, skip: string | null): string {
  const entries = Object.keys(value)
    .sort()
    .filter((k) => k !== skip && value[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`);
  return `{${entries.join(",")}}`;
}

/** The part of an event the hash covers: everything but the hash itself. */
export function hashedText(prevHash: string, event: { hash?: string } & Record<string, unknown>): string {
  return `${prevHash}\n${canonicalObject(event, "hash")}`;
}

export const GENESIS_HASH = "0".repeat(64);
