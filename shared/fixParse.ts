import type { z } from "zod";
import { type FixInput, MAX_FIXES, type PositionReport } from "./protocol";

type FixOutput = z.output<typeof FixInput>;
type ReportOutput = z.output<typeof PositionReport>;

/**
 * The telemetry lane's commonest message parsed without zod (issue 14): a stadium's devices send
 * thousands of fixes a second, and zod's generic walk allocated about 460 MB a minute for them.
 * It accepts exactly what `PositionReport` accepts and gives the same output (unknown keys
 * dropped, absent heading, speed and accuracy as null), or answers null, and then the caller
 * parses with the schema, which decides and words the error. Spec P9 holds it to the schema.
 */
export function fastPositionReport(payload: unknown): ReportOutput | null {
  if (!isPlainObject(payload)) return null;
  const { opId } = payload;
  if (!isId(opId)) return null;
  const fixes = fastFixes(payload.fixes);
  return fixes ? { opId, fixes } : null;
}

/** A tracking feed's batch, `{ fixes }` as the feed route's schema takes it: its fixes, or null (see fastPositionReport). */
export function fastFeedBatch(body: unknown): FixOutput[] | null {
  return isPlainObject(body) ? fastFixes(body.fixes) : null;
}

/** A list of fixes as `z.array(FixInput).min(1).max(500)` takes it, or null (see fastPositionReport). */
export function fastFixes(value: unknown): FixOutput[] | null {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_FIXES) return null;
  const out: FixOutput[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const fix = fastFix(value[i]);
    if (!fix) return null;
    out[i] = fix;
  }
  return out;
}

function fastFix(f: unknown): FixOutput | null {
  if (!isPlainObject(f)) return null;
  const { unitId, lat, lng, at } = f;
  if (!isId(unitId) || !inRange(lat, -90, 90) || !inRange(lng, -180, 180)) return null;
  if (!Number.isSafeInteger(at) || (at as number) < 0) return null;
  const heading = optional(f.heading, 360);
  const speed = optional(f.speed, 100);
  const accuracy = optional(f.accuracy, 10_000);
  if (heading === undefined || speed === undefined || accuracy === undefined) return null;
  return { unitId, lat, lng, at: at as number, heading, speed, accuracy };
}

/** `z.number().min(0).max(max).nullable().default(null)`: the value, null, or undefined when refused. */
function optional(v: unknown, max: number): number | null | undefined {
  if (v === undefined || v === null) return null;
  return inRange(v, 0, max) ? v : undefined;
}

function inRange(v: unknown, min: number, max: number): v is number {
  // NaN fails both comparisons; ±Infinity fails one of them.
  return typeof v === "number" && v >= min && v <= max;
}

/** The schemas' `Id`: a string of 1 to 64 UTF-16 units. */
function isId(v: unknown): v is string {
  return typeof v === "string" && v.length >= 1 && v.length <= 64;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
