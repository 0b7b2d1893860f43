import { INCIDENT_TYPE_LABELS } from "../../shared/domain";
import { MARKING } from "../../shared/replay";
import type { OperationState } from "../../shared/state";
import { minutesTo, responseTimes } from "./incidentLog";

/**
 * The printable debrief report (issue 3): one HTML page laid out for print, marked
 * OFFICIAL-SENSITIVE at the top and bottom of every printed page. Produced in parts so it is
 * written out as it is made.
 */

const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

const clock = (ms: number | null | undefined) =>
  ms == null
    ? "—"
    : new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(ms);

const STYLE = `
body { font: 11pt/1.4 "DejaVu Sans", Arial, sans-serif; color: #111; margin: 0 18mm; }
.marking { position: fixed; left: 0; right: 0; text-align: center; font-weight: 700; letter-spacing: .08em;
  color: #fff; background: #8b0000; padding: 2mm 0; }
.marking.top { top: 0; } .marking.bottom { bottom: 0; }
main { padding: 14mm 0; }
h1 { font-size: 18pt; margin: 0 0 2mm; } h2 { font-size: 13pt; margin: 8mm 0 2mm; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; page-break-inside: auto; }
th, td { border: 1px solid #bbb; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eef1f5; } tr { page-break-inside: avoid; }
.figures { display: flex; gap: 6mm; flex-wrap: wrap; } .figures div { border: 1px solid #bbb; padding: 2mm 4mm; }
.figures b { display: block; font-size: 16pt; }
@page { size: A4; margin: 16mm 0; }
@media screen { body { max-width: 210mm; margin: 0 auto; } }
`;

export interface ReportContext {
  opName: string;
  opId: string;
  exportedAt: number;
  exportedBy: string;
  reason: string;
  recipient: string;
  /** A sector's name from the venue plan. */
  sectorName(id: string | null): string;
}

export function* debriefReport(state: OperationState, ctx: ReportContext): Generator<string> {
  const incidents = Object.values(state.incidents).sort((a, b) => a.reportedAt - b.reportedAt);
  const reports = Object.values(state.reports);
  const count = (xs: readonly unknown[]) => xs.length;
  yield `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${esc(MARKING)} — Debrief: ${esc(ctx.opName)}</title><style>${STYLE}</style></head><body>`;
  yield `<div class="marking top">${MARKING}</div><div class="marking bottom">${MARKING}</div><main>`;
  yield `<h1>Debrief report: ${esc(ctx.opName)}</h1><p>Operation ${esc(ctx.opId)}. Exported ${esc(new Date(ctx.exportedAt).toISOString())} by ${esc(ctx.exportedBy)} for ${esc(ctx.recipient)}: ${esc(ctx.reason)}.</p>`;
  yield `<h2>Summary</h2><div class="figures">
    <div><b>${count(incidents)}</b>incidents</div>
    ${["I", "S", "E", "R"].map((g) => `<div><b>${count(incidents.filter((i) => i.grade === g))}</b>grade ${g}</div>`).join("")}
    <div><b>${count(reports)}</b>steward reports</div>
    <div><b>${count(reports.filter((r) => r.status === "promoted"))}</b>promoted</div>
    <div><b>${count(reports.filter((r) => r.status === "merged"))}</b>merged</div>
    <div><b>${count(reports.filter((r) => r.status === "dismissed"))}</b>dismissed</div>
    <div><b>${count(state.decisions)}</b>decisions logged</div></div>`;
  yield "<h2>Response times by grade (minutes from report)</h2><table><tr><th>Grade</th><th>Incidents</th><th>Assigned: median</th><th>90th pct</th><th>On scene: median</th><th>90th pct</th></tr>";
  for (const r of responseTimes(state)) {
    yield `<tr><td>${r.grade}</td><td>${r.incidents}</td><td>${r.assigned.median ?? "—"}</td><td>${r.assigned.p90 ?? "—"}</td><td>${r.onScene.median ?? "—"}</td><td>${r.onScene.p90 ?? "—"}</td></tr>`;
  }
  yield "</table><h2>Incident timeline</h2><table><tr><th>Reported</th><th>CAD</th><th>Type</th><th>Grade</th><th>Sector</th><th>Assigned (min)</th><th>On scene (min)</th><th>Status</th></tr>";
  for (const i of incidents) {
    yield `<tr><td>${clock(i.reportedAt)}</td><td>${esc(i.ref)}</td><td>${esc(INCIDENT_TYPE_LABELS[i.type])}</td><td>${i.grade ?? "—"}</td><td>${esc(ctx.sectorName(i.sector))}</td><td>${minutesTo(i, "resourced") ?? "—"}</td><td>${minutesTo(i, "on-scene") ?? "—"}</td><td>${esc(i.status)}</td></tr>`;
  }
  yield "</table><h2>Decision log</h2><table><tr><th>Time</th><th>By</th><th>Decision</th><th>Rationale</th></tr>";
  for (const d of state.decisions) {
    yield `<tr><td>${clock(d.at)}</td><td>${esc(d.actor.name)}</td><td>${esc(d.decision)}</td><td>${esc(d.rationale)}</td></tr>`;
  }
  yield `</table><p>${MARKING}. Produced by Cordon from the operation's hash-chained event log.</p></main></body></html>`;
}
