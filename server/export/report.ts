import { valuesOf } from "../../shared/collection";
import { INCIDENT_TYPE_LABELS } from "../../shared/domain";
import { MARKING } from "../../shared/replay";
import { firstReportAt, responseMinutes } from "../../shared/responseTimes";
import type { OperationState } from "../../shared/state";
import { BANDS, bandLabel, GRADE_COLUMNS, incidentsPer5Min, responseByGrade, unitsCommitted } from "./debriefFigures";
import { incidentsInOrder } from "./incidentLog";
import { londonOffsetMinutes } from "./londonTime";
import { methaneSection } from "./methaneExport";

/**
 * The printable debrief report (issue 3): one HTML page laid out for A4, marked
 * OFFICIAL-SENSITIVE at the top and bottom of every printed page. Summary figures, response times per grade, the figures behind the replay's charts as
 * tables, the incident timeline and the decision log. Produced in parts, written as it is made.
 */

export interface ReportContext {
  opName: string;
  opId: string;
  exportedAt: number;
  exportedBy: string;
  reason: string;
  recipient: string;
  headSeq: number;
  headHash: string | null;
  /** SHA-256 of the key that signs checkpoints and exports, so paper can be tied to the log. */
  keyId: string | null;
  /** A sector's name from the venue plan. */
  sectorName(id: string | null): string;
}

const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

const LONDON = { timeZone: "Europe/London" } as const;
const clock = (ms: number | null | undefined) =>
  ms == null ? "—" : new Intl.DateTimeFormat("en-GB", { ...LONDON, hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(ms);
const hhmm = (ms: number) => new Intl.DateTimeFormat("en-GB", { ...LONDON, hour: "2-digit", minute: "2-digit" }).format(ms);
const dateTime = (ms: number) => new Intl.DateTimeFormat("en-GB", { ...LONDON, dateStyle: "long", timeStyle: "short" }).format(ms);
const num = (x: number | null) => (x === null ? "—" : String(x));
const dayOf = (ms: number) =>
  new Intl.DateTimeFormat("en-GB", { ...LONDON, weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(ms);
const zoneOf = (ms: number) => {
  const offset = londonOffsetMinutes(ms);
  return offset === 60 ? "BST, UTC+01:00" : offset === 0 ? "GMT, UTC+00:00" : `UTC${offset >= 0 ? "+" : "-"}${Math.abs(offset / 60)}`;
};

const STYLE = `
body { font: 10pt/1.4 "DejaVu Sans", Arial, sans-serif; color: #111; margin: 0 auto; max-width: 200mm; }
.marking { text-align: center; font-weight: 700; letter-spacing: .08em; color: #fff; background: #8b0000; padding: 1.5mm 0;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.sheet { width: 100%; border-collapse: collapse; }
.sheet > thead .marking { margin-bottom: 4mm; } .sheet > tfoot .marking { margin-top: 4mm; }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 12.5pt; margin: 7mm 0 2mm; border-bottom: 1px solid #999; break-after: avoid; }
p.note { color: #444; font-size: 9pt; }
main table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
main th, main td { border: 1px solid #bbb; padding: .8mm 1.4mm; text-align: left; vertical-align: top; }
main td.n, main th.n { text-align: right; font-variant-numeric: tabular-nums; }
h3 { font-size: 10pt; margin: 4mm 0 1mm; break-after: avoid; }
main th { background: #eef1f5; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
thead { display: table-header-group; } tfoot { display: table-footer-group; } main tr { break-inside: avoid; }
.figures { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2mm; }
.figures div { border: 1px solid #bbb; padding: 1.5mm 2.5mm; } .figures b { display: block; font-size: 14pt; }
code { font-size: 7.5pt; word-break: break-all; }
.provenance { font-size: 7pt; color: #333; display: flex; justify-content: space-between; gap: 4mm; margin-top: 1mm; }
@page { size: A4; margin: 10mm 12mm 14mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt "DejaVu Sans", Arial, sans-serif; } }
@media screen { body { padding: 9mm 0; } .sheet .marking { position: fixed; left: 0; right: 0; margin: 0; }
  .sheet > thead .marking { top: 0; } .sheet > tfoot .marking { bottom: 0; } }
`;

export function* debriefReport(state: OperationState, ctx: ReportContext): Generator<string> {
  const incidents = incidentsInOrder(state);
  yield `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${MARKING} — Debrief: ${esc(ctx.opName)}</title><style>${STYLE}</style></head><body>`;
  // The page is one table whose header and footer hold the marking: a printed table repeats both
  // on every page and keeps room for them, where fixed elements would print over the content.
  const opDate = state.operation ? dayOf(state.operation.openedAt) : "—";
  const provenance = `<div class="provenance"><span>${esc(ctx.opName)} · ${esc(opDate)} · times are London (${esc(zoneOf(state.at || ctx.exportedAt))})</span><span>events 1–${ctx.headSeq} · head <code>${esc((ctx.headHash ?? "—").slice(0, 16))}…</code> · key <code>${esc((ctx.keyId ?? "none").slice(0, 16))}…</code></span></div>`;
  const marking = `<tr><td><div class="marking">${MARKING}</div>${provenance}</td></tr>`;
  const footer = `<tr><td><div class="marking">${MARKING}</div></td></tr>`;
  yield `<table class="sheet"><thead>${marking}</thead><tfoot>${footer}</tfoot><tbody><tr><td><main>`;
  yield `<h1>Debrief report: ${esc(ctx.opName)}</h1><p>Operation <b>${esc(ctx.opId)}</b>, ${esc(opDate)}. Exported ${esc(dateTime(ctx.exportedAt))} (London, ${esc(zoneOf(ctx.exportedAt))}) by ${esc(ctx.exportedBy)} for ${esc(ctx.recipient)}. Reason: ${esc(ctx.reason)}.</p>`;
  yield `<p class="note">This report is tied to the log by its head: events 1–${ctx.headSeq}, head hash <code>${esc(ctx.headHash ?? "—")}</code>. Checkpoints and exports are signed with the Ed25519 key whose SHA-256 is <code>${esc(ctx.keyId ?? "none")}</code>; check an export with <code>npm run verify -- &lt;export&gt; --checkpoints &lt;dir&gt; --key &lt;public key&gt;</code>.</p>`;
  yield* summary(state, incidents.length);
  yield* responseTables(state, incidents);
  yield* perFiveMinutes(incidents);
  yield* committed(incidents);
  yield "<h2>Incident timeline</h2>";
  yield '<p class="note">One row per incident, in order of report. Every step of every incident, with who and when, is in the incident log export (CSV or JSON).</p>';
  yield '<table><thead><tr><th>First report</th><th>CAD</th><th>Type</th><th>Grade</th><th>Sector</th><th class="n">Triage (min)</th><th class="n">Assigned (min)</th><th class="n">On scene (min)</th><th>Status</th><th>Reported by</th></tr></thead><tbody>';
  for (const i of incidents) {
    const r = responseMinutes(state, i);
    yield `<tr><td>${clock(firstReportAt(state, i))}</td><td>${esc(i.ref)}</td><td>${esc(INCIDENT_TYPE_LABELS[i.type])}</td><td>${i.grade ?? "—"}</td><td>${esc(ctx.sectorName(i.sector))}</td><td class="n">${num(r.triage)}</td><td class="n">${num(r.assigned)}</td><td class="n">${num(r.onScene)}</td><td>${esc(i.status)}</td><td>${esc(i.reportedBy?.name ?? "—")}</td></tr>`;
  }
  yield "</tbody></table>";
  yield* methaneSection(incidents, esc, clock);
  yield* unhandledReports(state, ctx);
  yield "<h2>Decision log</h2>";
  yield "<table><thead><tr><th>Time</th><th>By</th><th>Decision</th><th>Rationale</th></tr></thead><tbody>";
  for (const d of state.decisions) {
    yield `<tr><td>${clock(d.at)}</td><td>${esc(d.actor.name)}</td><td>${esc(d.decision)}</td><td>${esc(d.rationale)}</td></tr>`;
  }
  if (state.decisions.length === 0) yield '<tr><td colspan="4">No decisions logged.</td></tr>';
  yield `</tbody></table><p class="note">${MARKING}. Produced by Cordon from the operation's hash-chained event log, events 1–${ctx.headSeq}, head hash <code>${esc(ctx.headHash ?? "—")}</code>.</p></main></td></tr></tbody></table></body></html>`;
}

function* summary(state: OperationState, incidentCount: number): Generator<string> {
  const incidents = valuesOf(state.incidents);
  const reports = valuesOf(state.reports);
  const figure = (n: number, label: string) => `<div><b>${n}</b>${esc(label)}</div>`;
  const span = state.operation ? `${dateTime(state.operation.openedAt)} to ${dateTime(state.at)}` : "—";
  yield `<h2>Summary</h2><p>From ${esc(span)} (London time).</p><div class="figures">`;
  yield figure(incidentCount, "incidents");
  for (const g of GRADE_COLUMNS)
    yield figure(incidents.filter((i) => (i.grade ?? "ungraded") === g).length, g === "ungraded" ? g : `grade ${g}`);
  yield figure(reports.length, "steward reports");
  for (const s of ["promoted", "merged", "dismissed"] as const) yield figure(reports.filter((r) => r.status === s).length, s);
  yield figure(valuesOf(state.units).length, "units");
  yield figure(state.alerts.length, "alerts sent");
  yield figure(state.decisions.length, "decisions logged");
  yield "</div>";
}

function* responseTables(state: OperationState, incidents: Parameters<typeof incidentsPer5Min>[0]): Generator<string> {
  const rows = responseByGrade(state, incidents);
  yield '<h2>Response times by grade</h2><p class="note">Minutes from the first report of the incident (the first steward report control received, or the call control took) to the incident being created (triage), to the first unit assigned and to the first unit on scene.</p>';
  yield '<table><thead><tr><th>Grade</th><th class="n">Incidents</th><th class="n">Triage: median</th><th class="n">90th percentile</th><th class="n">Assigned: median</th><th class="n">90th percentile</th><th class="n">On scene: median</th><th class="n">90th percentile</th></tr></thead><tbody>';
  for (const r of rows) {
    yield `<tr><td>${r.grade}</td><td class="n">${r.incidents}</td><td class="n">${num(r.triage.median)}</td><td class="n">${num(r.triage.p90)}</td><td class="n">${num(r.assigned.median)}</td><td class="n">${num(r.assigned.p90)}</td><td class="n">${num(r.onScene.median)}</td><td class="n">${num(r.onScene.p90)}</td></tr>`;
  }
  yield "</tbody></table><h2>Distribution of response times by grade</h2>";
  const head = BANDS.map((b) => `<th class="n">${bandLabel(b)}</th>`).join("");
  yield `<table><thead><tr><th>Grade</th><th>Step</th>${head}</tr></thead><tbody>`;
  for (const r of rows) {
    for (const [label, counts] of [
      ["assigned", r.assignedBands],
      ["on scene", r.onSceneBands],
    ] as const) {
      yield `<tr><td>${r.grade}</td><td>${label}</td>${counts.map((c) => `<td class="n">${c}</td>`).join("")}</tr>`;
    }
  }
  yield "</tbody></table>";
}

/** Steward reports control never triaged, and those it dismissed, with the reason. */
function* unhandledReports(state: OperationState, ctx: ReportContext): Generator<string> {
  const reports = valuesOf(state.reports).sort((a, b) => a.receivedAt - b.receivedAt);
  for (const [status, title, none] of [
    ["new", "Steward reports never triaged", "Every steward report was triaged."],
    ["dismissed", "Steward reports dismissed", "No steward report was dismissed."],
  ] as const) {
    const of = reports.filter((r) => r.status === status);
    yield `<h2>${title} (${of.length})</h2>`;
    if (of.length === 0) {
      yield `<p class="note">${none}</p>`;
      continue;
    }
    yield `<table><thead><tr><th>Received</th><th>Type</th><th>Sector</th><th>Where</th><th>Steward</th><th>Text</th>${status === "dismissed" ? "<th>Reason</th>" : ""}</tr></thead><tbody>`;
    for (const r of of) {
      yield `<tr><td>${clock(r.receivedAt)}</td><td>${esc(INCIDENT_TYPE_LABELS[r.type])}</td><td>${esc(ctx.sectorName(r.sector))}</td><td>${esc(r.post?.name ?? (r.location ? `${r.location.lat.toFixed(5)}, ${r.location.lng.toFixed(5)}` : "—"))}</td><td>${esc(r.steward.name)}</td><td>${esc(r.text || "—")}</td>${status === "dismissed" ? `<td>${esc(r.resolution ?? "—")}</td>` : ""}</tr>`;
    }
    yield "</tbody></table>";
  }
}

function* perFiveMinutes(incidents: Parameters<typeof incidentsPer5Min>[0]): Generator<string> {
  yield '<h2>Incidents per 5 minutes, by grade</h2><p class="note">Only the 5 minutes in which incidents were reported.</p>';
  yield `<table><thead><tr><th>From</th>${GRADE_COLUMNS.map((g) => `<th class="n">${g}</th>`).join("")}<th class="n">Total</th></tr></thead><tbody>`;
  for (const row of incidentsPer5Min(incidents)) {
    yield `<tr><td>${hhmm(row.t)}</td>${GRADE_COLUMNS.map((g) => `<td class="n">${row.counts[g] ?? 0}</td>`).join("")}<td class="n">${row.total}</td></tr>`;
  }
  yield "</tbody></table>";
}

function* committed(incidents: Parameters<typeof unitsCommitted>[0]): Generator<string> {
  const rows = unitsCommitted(incidents);
  yield '<h2>Units committed to incidents</h2><p class="note">At the start of each 5 minutes.</p>';
  yield '<table><thead><tr><th>Time</th><th class="n">Units committed</th></tr></thead><tbody>';
  for (const r of rows) yield `<tr><td>${hhmm(r.t)}</td><td class="n">${r.committed}</td></tr>`;
  if (rows.length === 0) yield '<tr><td colspan="2">No units were assigned.</td></tr>';
  yield "</tbody></table>";
}
