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
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(",")}}`;
}

/** The part of an event the hash covers: everything but the hash itself. */
export function hashedText(prevHash: string, event: { hash?: string } & Record<string, unknown>): string {
  const { hash: _hash, ...rest } = event;
  return `${prevHash}\n${canonicalJson(rest)}`;
}

export const GENESIS_HASH = "0".repeat(64);
