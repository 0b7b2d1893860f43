import { valuesOf } from "../../shared/collection";
import { CLOSE_RESULT_LABELS, INCIDENT_SOURCE_LABELS, INCIDENT_TYPE_LABELS, type IncidentStatus } from "../../shared/domain";
import { EVENT_LABELS } from "../../shared/eventLabels";
import { MARKING } from "../../shared/replay";
import { firstReportAt, responseMinutes } from "../../shared/responseTimes";
import type { Incident, OperationState } from "../../shared/state";
import { londonIso } from "./londonTime";
import { methaneStepDetail } from "./methaneExport";

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
  "source",
  "close_result",
  "sector",
  "location",
  "first_report_received",
  "reporter_time",
  "incident_created",
  ...STEPS.map((s) => `${s.replace("-", "_")}_at`),
  "minutes_triage",
  "minutes_to_assigned",
  "minutes_to_on_scene",
  "minutes_to_resolved",
  "step_seq",
  "step_received",
  "step",
  "by",
  "role",
  "detail",
] as const;

/** UTC, for machine-read fields (JSON headers). */
export const iso = (ms: number | null | undefined) => (ms == null ? "" : new Date(ms).toISOString());
/** London time with its offset, for anything a person reads (issue 13). */
const london = (ms: number | null | undefined) => (ms == null ? "" : londonIso(ms));

function csvCell(v: string | number | null): string {
  const s = v === null ? "" : String(v);
  // Quote always, double inner quotes, and neutralise a leading = + - @ (spreadsheet formula injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

const row = (cells: (string | number | null)[]) => `${cells.map(csvCell).join(",")}\r\n`;

/** Incidents in the order they were reported. */
export const incidentsInOrder = (state: OperationState): Incident[] =>
  valuesOf(state.incidents).sort((a, b) => a.reportedAt - b.reportedAt || a.id.localeCompare(b.id));

/** Minutes from the first report to a later step, one decimal, or null if it never happened. */
export function minutesTo(state: OperationState, i: Incident, step: IncidentStatus): number | null {
  const t = i.steps[step];
  return t === undefined ? null : Math.round(((t - firstReportAt(state, i)) / 60_000) * 10) / 10;
}

/** Who exported what, for the provenance block at the top of a CSV. */
export interface Provenance {
  opId: string;
  name: string;
  exportedAt: number;
  exportedBy: { name: string; role: string };
  reason: string;
  recipient: string;
  headSeq: number;
  headHash: string | null;
  headAt: number;
  keyId: string | null;
  sectorName: (id: string | null) => string;
}

/**
 * The incident log as CSV: a provenance block (marking, operation, range, exported by, reason,
 * recipient, head hash, key), a blank line, then one row per timeline step, the incident's own
 * columns repeated on each. Times are London time with their UTC offset (ISO 8601).
 */
export function* incidentCsv(state: OperationState, p: Provenance): Generator<string> {
  yield row(["marking", MARKING]);
  yield row(["operation", `${p.name} (${p.opId})`]);
  yield row(["range", `events 1 to ${p.headSeq}, the last recorded ${london(p.headAt)}`]);
  yield row(["head hash", p.headHash ?? ""]);
  yield row(["exported at", london(p.exportedAt)]);
  yield row(["exported by", `${p.exportedBy.name} (${p.exportedBy.role})`]);
  yield row(["reason", p.reason]);
  yield row(["recipient", p.recipient]);
  yield row(["signing key (SHA-256)", p.keyId ?? "none"]);
  yield row([
    "times",
    "London time, ISO 8601 with the UTC offset; received = when control's system recorded it, reporter time = the reporter's own device clock",
  ]);
  yield "\r\n";
  yield `${CSV_COLUMNS.join(",")}\r\n`;
  for (const i of incidentsInOrder(state)) {
    const r = responseMinutes(state, i);
    const incident = [
      MARKING,
      i.ref,
      i.id,
      INCIDENT_TYPE_LABELS[i.type],
      i.grade,
      INCIDENT_STATUS_WORDS[i.status],
      // Logged before issue 10: no source, and a close with no result code.
      i.source ? INCIDENT_SOURCE_LABELS[i.source] : "",
      i.closeResult ? CLOSE_RESULT_LABELS[i.closeResult] : "",
      p.sectorName(i.sector),
      i.locationText || `${i.location.lat.toFixed(5)},${i.location.lng.toFixed(5)}`,
      london(firstReportAt(state, i)),
      london(i.reporterTime),
      london(i.reportedAt),
      ...STEPS.map((s) => london(i.steps[s])),
      r.triage,
      r.assigned,
      r.onScene,
      r.resolved,
    ];
    for (const step of i.timeline) {
      const detail = step.intel ? `[intelligence] ${step.text}` : step.kind === "MethaneReported" ? methaneStepDetail(i, step) : step.text;
      yield row([...incident, step.seq, london(step.at), EVENT_LABELS[step.kind], step.actor.name, step.actor.role, detail]);
    }
  }
}

const INCIDENT_STATUS_WORDS: Record<IncidentStatus, string> = {
  reported: "reported",
  triaged: "triaged",
  resourced: "resourced",
  "on-scene": "on scene",
  resolved: "resolved",
  closed: "closed",
};

/** `{ export: header, incidents: [...] }`, one incident per line inside the array. */
export function* incidentJson(state: OperationState, header: Record<string, unknown>): Generator<string> {
  yield `{"export":${JSON.stringify(header)},"incidents":[\n`;
  let first = true;
  for (const i of incidentsInOrder(state)) {
    yield `${first ? "" : ",\n"}${JSON.stringify({ ...i, firstReportAt: firstReportAt(state, i), responseMinutes: responseMinutes(state, i) })}`;
    first = false;
  }
  yield "\n]}\n";
}
