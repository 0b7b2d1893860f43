import { INCIDENT_TYPE_LABELS } from "./domain";
import type { CorrectedFields } from "./events";

/**
 * How a correction reads in an incident's timeline, for people: "Corrected type: Missile thrown →
 * Fight / disorder; location text: "Gate C" (reason: caller rang back)". A field whose previous
 * value the reader may not see (stewards get no `previous`) reads as its new value alone.
 */
export function correctionText(changes: CorrectedFields, previous: CorrectedFields, reason: string): string {
  const parts = FIELDS.flatMap(([key, name, show]) => {
    if (!(key in changes)) return [];
    const now = show(changes[key] as never);
    return [key in previous ? `${name}: ${show(previous[key] as never)} → ${now}` : `${name}: ${now}`];
  });
  const what = parts.length > 0 ? parts.join("; ") : "details";
  return `Corrected ${what}${reason ? ` (reason: ${reason})` : ""}`;
}

const quoted = (v: string | null | undefined) => `"${v ?? ""}"`;

type Field = readonly [keyof CorrectedFields, string, (v: never) => string];

// In the order an operator reads an incident: what, how urgent, where, then the words.
const FIELDS: readonly Field[] = [
  ["type", "type", (v: CorrectedFields["type"]) => (v ? INCIDENT_TYPE_LABELS[v] : "none")],
  ["grade", "grade", (v: CorrectedFields["grade"]) => v ?? "none"],
  ["location", "location", (v: CorrectedFields["location"]) => (v ? `${v.lat.toFixed(5)}, ${v.lng.toFixed(5)}` : "none")],
  ["sector", "sector", (v: CorrectedFields["sector"]) => v ?? "outside the plan"],
  ["locationText", "location text", quoted],
  ["description", "description", quoted],
];
