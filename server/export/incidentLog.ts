import { valuesOf } from "../../shared/collection";
import { INCIDENT_TYPE_LABELS, type IncidentStatus } from "../../shared/domain";
import { MARKING } from "../../shared/replay";
import type { Incident, OperationState } from "../../shared/state";

/**
 * The incident log for export (issue 3): every incident with every step of its timeline (who,
 * in which role, when, what), its grade, status, the time of each lifecycle step and its
 * response times. Produced row by row, so it is written out as it is made.
 */

const STEPS: readonly IncidentStatus[] = ["triaged", "resourced", "on-scene", "resolved", "closed"];

const CSV_COLUMNS = [
  "marking",
  "ref",
  "incident_id",
  "type",
  "grade",
  "status",
  "sector",
  "location",
  "reported_at",
  "reporter_time",
  ...STEPS.map((s) => `${s.replace("-", "_")}_at`),
  "minutes_to_assigned",
  "minutes_to_on_scene",
  "minutes_to_resolved",
  "step_seq",
  "step_at",
  "step",
  "by",
  "role",
  "detail",
] as const;

export const iso = (ms: number | null | undefined) => (ms == null ? "" : new Date(ms).toISOString());

function csvCell(v: string | number | null): string {
  const s = v === null ? "" : String(v);
  // Quote always, double inner quotes, and neutralise a leading = + - @ (spreadsheet formula injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Incidents in the order they were reported. */
export const incidentsInOrder = (state: OperationState): Incident[] =>
  valuesOf(state.incidents).sort((a, b) => a.reportedAt - b.reportedAt || a.id.localeCompare(b.id));

/** Minutes from report to a later step, one decimal, or null if it never happened. */
export function minutesTo(i: Incident, step: IncidentStatus): number | null {
  const t = i.steps[step];
  return t === undefined ? null : Math.round(((t - i.reportedAt) / 60_000) * 10) / 10;
}

const responseMinutes = (i: Incident) => ({
  assigned: minutesTo(i, "resourced"),
  onScene: minutesTo(i, "on-scene"),
  resolved: minutesTo(i, "resolved"),
});

/** One row per timeline step; the incident's own columns repeat on each of its rows. */
export function* incidentCsv(state: OperationState): Generator<string> {
  yield `${CSV_COLUMNS.join(",")}\r\n`;
  for (const i of incidentsInOrder(state)) {
    const r = responseMinutes(i);
    const incident = [
      MARKING,
      i.ref,
      i.id,
      INCIDENT_TYPE_LABELS[i.type],
      i.grade,
      i.status,
      i.sector,
      i.locationText || `${i.location.lat.toFixed(5)},${i.location.lng.toFixed(5)}`,
      iso(i.reportedAt),
      iso(i.reporterTime),
      ...STEPS.map((s) => iso(i.steps[s])),
      r.assigned,
      r.onScene,
      r.resolved,
    ];
    for (const step of i.timeline) {
      const detail = step.intel ? `[intelligence] ${step.text}` : step.text;
      yield `${[...incident, step.seq, iso(step.at), step.kind, step.actor.name, step.actor.role, detail].map(csvCell).join(",")}\r\n`;
    }
  }
}

/** `{ export: header, incidents: [...] }`, one incident per line inside the array. */
export function* incidentJson(state: OperationState, header: Record<string, unknown>): Generator<string> {
  yield `{"export":${JSON.stringify(header)},"incidents":[\n`;
  let first = true;
  for (const i of incidentsInOrder(state)) {
    yield `${first ? "" : ",\n"}${JSON.stringify({ ...i, responseMinutes: responseMinutes(i) })}`;
    first = false;
  }
  yield "\n]}\n";
}
