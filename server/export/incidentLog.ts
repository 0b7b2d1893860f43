import { GRADES, INCIDENT_TYPE_LABELS } from "../../shared/domain";
import type { Incident, OperationState } from "../../shared/state";

/**
 * The incident log for export (issue 3): every incident and every step of it, with who did it
 * and when. Rows are produced one at a time so a long log is written out as it is made.
 */

const CSV_COLUMNS = [
  "ref",
  "incident_id",
  "type",
  "grade",
  "status",
  "sector",
  "location",
  "reported_at",
  "step_at",
  "step",
  "by",
  "role",
  "detail",
] as const;

export const iso = (ms: number | null | undefined) => (ms == null ? "" : new Date(ms).toISOString());

function csvCell(v: string | number | null): string {
  const s = v === null ? "" : String(v);
  // Quote always; double inner quotes; a leading = + - @ is neutralised against spreadsheet formulas.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

const byRef = (a: Incident, b: Incident) => a.reportedAt - b.reportedAt || a.id.localeCompare(b.id);

export function* incidentCsv(state: OperationState): Generator<string> {
  yield `${CSV_COLUMNS.join(",")}\n`;
  for (const i of Object.values(state.incidents).sort(byRef)) {
    for (const step of i.timeline) {
      yield `${[
        i.ref,
        i.id,
        INCIDENT_TYPE_LABELS[i.type],
        i.grade,
        i.status,
        i.sector,
        i.locationText || `${i.location.lat.toFixed(5)},${i.location.lng.toFixed(5)}`,
        iso(i.reportedAt),
        iso(step.at),
        step.kind,
        step.actor.name,
        step.actor.role,
        step.intel ? `[intelligence] ${step.text}` : step.text,
      ]
        .map(csvCell)
        .join(",")}\n`;
    }
  }
}

/** Minutes from report to a later step, or null if it never happened. */
export function minutesTo(i: Incident, step: keyof Incident["steps"]): number | null {
  const t = i.steps[step];
  return t === undefined ? null : Math.round(((t - i.reportedAt) / 60_000) * 10) / 10;
}

export function* incidentJson(state: OperationState, header: Record<string, unknown>): Generator<string> {
  yield `{"export":${JSON.stringify(header)},"incidents":[\n`;
  let first = true;
  for (const i of Object.values(state.incidents).sort(byRef)) {
    const record = {
      ...i,
      responseMinutes: { assigned: minutesTo(i, "resourced"), onScene: minutesTo(i, "on-scene"), resolved: minutesTo(i, "resolved") },
    };
    yield `${first ? "" : ",\n"}${JSON.stringify(record)}`;
    first = false;
  }
  yield "\n]}\n";
}

/** Median and 90th percentile response times per grade, in minutes. */
export function responseTimes(state: OperationState) {
  return GRADES.map((grade) => {
    const incidents = Object.values(state.incidents).filter((i) => i.grade === grade);
    const stat = (step: "resourced" | "on-scene") => {
      const xs = incidents
        .map((i) => minutesTo(i, step))
        .filter((x): x is number => x !== null)
        .sort((a, b) => a - b);
      const at = (p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)] : null);
      return { n: xs.length, median: at(0.5) ?? null, p90: at(0.9) ?? null };
    };
    return { grade, incidents: incidents.length, assigned: stat("resourced"), onScene: stat("on-scene") };
  });
}
