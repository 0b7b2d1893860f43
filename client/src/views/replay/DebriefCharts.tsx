import { useMemo, useState } from "react";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { INCIDENT_TYPE_LABELS, type IncidentType } from "../../../../shared/domain";
import type { ReplayMeta } from "../../../../shared/replay";
import { firstReportAt, responseMinutes } from "../../../../shared/responseTimes";
import type { OperationState } from "../../../../shared/state";
import { shortTime } from "../../ui/time";
import { incidentsPer5Min, responseTimes, unitsCommitted } from "./debrief";
import { usePrintLogged } from "./usePrintLogged";

const GRADE_COLOURS: Record<string, string> = { I: "#d32f2f", S: "#f9a825", E: "#1976d2", R: "#757575", ungraded: "#7b1fa2" };
const TYPE_COLOURS = ["#1b5e20", "#0d47a1", "#b71c1c", "#e65100", "#4a148c", "#006064", "#827717", "#3e2723", "#880e4f", "#263238"];

/** The debrief's charts (issue 3), drawn with recharts from the operation's final state. */
export function DebriefCharts({ meta, state }: { meta: ReplayMeta; state: OperationState }) {
  const { opId, startAt, endAt } = meta;
  const [by, setBy] = useState<"grade" | "type">("grade");
  const print = usePrintLogged(opId);
  const per5 = useMemo(() => incidentsPer5Min(state, startAt, endAt, by), [state, startAt, endAt, by]);
  const keys = useMemo(() => [...new Set(per5.flatMap((r) => Object.keys(r).filter((k) => k !== "t")))].sort(), [per5]);
  const response = useMemo(() => responseTimes(state), [state]);
  const committed = useMemo(() => unitsCommitted(state, startAt, endAt), [state, startAt, endAt]);
  const colour = (k: string, i: number) => GRADE_COLOURS[k] ?? TYPE_COLOURS[i % TYPE_COLOURS.length] ?? "#555";
  return (
    <section className="debrief" aria-label="Debrief charts">
      <PrintedPage meta={meta} />
      <div className="marking-bar">OFFICIAL-SENSITIVE</div>
      <button type="button" className="btn btn-xs no-print" onClick={print.run} disabled={print.busy}>
        Print debrief
      </button>
      {print.error && <span className="text-alarm small no-print">Not printed: {print.error}</span>}
      <Summary state={state} />
      <h3 className="section-title">
        Incidents per 5 minutes, by{" "}
        <select aria-label="Group incidents by" value={by} onChange={(e) => setBy(e.target.value as "grade" | "type")}>
          <option value="grade">grade</option>
          <option value="type">type</option>
        </select>
      </h3>
      <ResponsiveContainer width="100%" height={190}>
        <BarChart data={per5} margin={{ left: -20, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" tickFormatter={shortTime} fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} />
          <Tooltip labelFormatter={(t) => shortTime(Number(t))} />
          <Legend wrapperStyle={{ fontSize: 11 }} formatter={(k: string) => INCIDENT_TYPE_LABELS[k as IncidentType] ?? k} />
          {keys.map((k, i) => (
            <Bar key={k} dataKey={k} stackId="a" fill={colour(k, i)} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <h3 className="section-title">Response times by grade (minutes from the first report)</h3>
      <ResponsiveContainer width="100%" height={170}>
        <BarChart data={response} margin={{ left: -20, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="grade" fontSize={11} />
          <YAxis fontSize={11} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Bar dataKey="triageMedian" name="triage, median" fill="#ce93d8" isAnimationActive={false} />
          <Bar dataKey="assignedMedian" name="assigned, median" fill="#90a4ae" isAnimationActive={false} />
          <Bar dataKey="assignedP90" name="assigned, 90th pct" fill="#546e7a" isAnimationActive={false} />
          <Bar dataKey="onSceneMedian" name="on scene, median" fill="#ffb74d" isAnimationActive={false} />
          <Bar dataKey="onSceneP90" name="on scene, 90th pct" fill="#e65100" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <h3 className="section-title">Units committed to incidents</h3>
      <ResponsiveContainer width="100%" height={150}>
        <AreaChart data={committed} margin={{ left: -20, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" tickFormatter={shortTime} fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} />
          <Tooltip labelFormatter={(t) => shortTime(Number(t))} />
          <Area dataKey="committed" name="units committed" stroke="#1976d2" fill="#bbdefb" isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
      <IncidentTimeline state={state} />
      <UnhandledReports state={state} />
      <h3 className="section-title">Decision log</h3>
      <table className="decisions-print">
        <tbody>
          {state.decisions.map((d) => (
            <tr key={d.id}>
              <td className="mono">{shortTime(d.at)}</td>
              <td>{d.actor.name}</td>
              <td>
                <strong>{d.decision}</strong> — {d.rationale}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The incident timeline, for the printed debrief (on screen the queue and detail show it). */
function IncidentTimeline({ state }: { state: OperationState }) {
  const incidents = Object.values(state.incidents).sort((a, b) => firstReportAt(state, a) - firstReportAt(state, b));
  const mins = (m: number | null) => (m === null ? "—" : m.toFixed(1));
  return (
    <div className="print-only">
      <h3 className="section-title">Incident timeline</h3>
      <table className="decisions-print">
        <thead>
          <tr>
            <th>First report</th>
            <th>CAD</th>
            <th>Type</th>
            <th>Grade</th>
            <th>Triage (min)</th>
            <th>Assigned (min)</th>
            <th>On scene (min)</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((i) => {
            const r = responseMinutes(state, i);
            return (
              <tr key={i.id}>
                <td className="mono">{shortTime(firstReportAt(state, i))}</td>
                <td className="mono">{i.ref}</td>
                <td>{INCIDENT_TYPE_LABELS[i.type]}</td>
                <td>{i.grade ?? "—"}</td>
                <td>{mins(r.triage)}</td>
                <td>{mins(r.assigned)}</td>
                <td>{mins(r.onScene)}</td>
                <td>{i.status}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Steward reports control never triaged, and those it dismissed with the reason (issue 13). */
function UnhandledReports({ state }: { state: OperationState }) {
  const reports = Object.values(state.reports).sort((a, b) => a.receivedAt - b.receivedAt);
  return (
    <>
      {(["new", "dismissed"] as const).map((status) => {
        const of = reports.filter((r) => r.status === status);
        return (
          <div key={status}>
            <h3 className="section-title">
              {status === "new" ? "Steward reports never triaged" : "Steward reports dismissed"} ({of.length})
            </h3>
            {of.length > 0 && (
              <table className="decisions-print">
                <tbody>
                  {of.map((r) => (
                    <tr key={r.id}>
                      <td className="mono">{shortTime(r.receivedAt)}</td>
                      <td>{INCIDENT_TYPE_LABELS[r.type]}</td>
                      <td>{r.post?.name ?? "GPS"}</td>
                      <td>{r.steward.name}</td>
                      <td>{r.text || "—"}</td>
                      {status === "dismissed" && <td>{r.resolution ?? "—"}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        );
      })}
    </>
  );
}

/**
 * What every printed page carries, in the page's own margins (so no row can sit under it): the
 * marking at top and bottom, page numbers, and what ties the paper to the log — the operation,
 * its date and time zone, the head seq and hash, and the signing key's SHA-256.
 */
const BAND =
  "color: #fff; background: #8b0000; font: 700 10pt sans-serif; letter-spacing: .08em; vertical-align: middle; -webkit-print-color-adjust: exact; print-color-adjust: exact;";

function PrintedPage({ meta }: { meta: ReplayMeta }) {
  const day = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" }).format(
    meta.startAt,
  );
  const zone =
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", timeZoneName: "short" })
      .formatToParts(meta.startAt)
      .find((p) => p.type === "timeZoneName")?.value ?? "London";
  // Short enough for the page's corner; page 1 prints both hashes in full.
  const provenance = `${meta.name} · ${day} · London (${zone})\\A events 1–${meta.headSeq} · head ${(meta.headHash ?? "—").slice(0, 12)}…\\A signing key ${(meta.keyId ?? "none").slice(0, 12)}…`;
  return (
    <>
      <style>{`@media print { @page { size: A4; margin: 18mm 10mm 14mm;
        @top-left { content: "${provenance.replace(/"/g, "'")}"; white-space: pre; width: 68mm; font: 6.5pt sans-serif; color: #333; vertical-align: middle; }
        @top-center { content: "OFFICIAL-SENSITIVE"; width: 54mm; height: 9mm; ${BAND} }
        @top-right { content: "Page " counter(page) " of " counter(pages); width: 30mm; font: 8pt sans-serif; vertical-align: middle; }
        @bottom-center { content: "OFFICIAL-SENSITIVE"; width: 190mm; height: 8mm; ${BAND} } } }`}</style>
      <div className="print-only print-provenance">
        <h1>Debrief: {meta.name}</h1>
        <p>
          {day}. Times are London time ({zone}). Events 1–{meta.headSeq}, head hash <code>{meta.headHash ?? "—"}</code>. Signing key SHA-256{" "}
          <code>{meta.keyId ?? "none"}</code>: check an export with <code>npm run verify</code>.
        </p>
      </div>
    </>
  );
}

function Summary({ state }: { state: OperationState }) {
  const incidents = Object.values(state.incidents);
  const reports = Object.values(state.reports);
  const figures: [string, number][] = [
    ["incidents", incidents.length],
    ...(["I", "S", "E", "R"] as const).map((g): [string, number] => [`grade ${g}`, incidents.filter((i) => i.grade === g).length]),
    ["steward reports", reports.length],
    ["merged", reports.filter((r) => r.status === "merged").length],
    ["decisions", state.decisions.length],
  ];
  return (
    <div className="debrief-figures">
      {figures.map(([label, n]) => (
        <div key={label}>
          <b>{n}</b> {label}
        </div>
      ))}
    </div>
  );
}
