import { useMemo, useState } from "react";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { INCIDENT_TYPE_LABELS, type IncidentType } from "../../../../shared/domain";
import type { OperationState } from "../../../../shared/state";
import { shortTime } from "../../ui/time";
import { incidentsPer5Min, responseTimes, unitsCommitted } from "./debrief";
import { usePrintLogged } from "./usePrintLogged";

const GRADE_COLOURS: Record<string, string> = { I: "#d32f2f", S: "#f9a825", E: "#1976d2", R: "#757575", ungraded: "#7b1fa2" };
const TYPE_COLOURS = ["#1b5e20", "#0d47a1", "#b71c1c", "#e65100", "#4a148c", "#006064", "#827717", "#3e2723", "#880e4f", "#263238"];

/** The debrief's charts (issue 3), drawn with recharts from the operation's final state. */
export function DebriefCharts({ opId, state, startAt, endAt }: { opId: string; state: OperationState; startAt: number; endAt: number }) {
  const [by, setBy] = useState<"grade" | "type">("grade");
  const print = usePrintLogged(opId);
  const per5 = useMemo(() => incidentsPer5Min(state, startAt, endAt, by), [state, startAt, endAt, by]);
  const keys = useMemo(() => [...new Set(per5.flatMap((r) => Object.keys(r).filter((k) => k !== "t")))].sort(), [per5]);
  const response = useMemo(() => responseTimes(state), [state]);
  const committed = useMemo(() => unitsCommitted(state, startAt, endAt), [state, startAt, endAt]);
  const colour = (k: string, i: number) => GRADE_COLOURS[k] ?? TYPE_COLOURS[i % TYPE_COLOURS.length] ?? "#555";
  return (
    <section className="debrief" aria-label="Debrief charts">
      <div className="marking-bar">OFFICIAL-SENSITIVE</div>
      <div className="print-only print-marking top">OFFICIAL-SENSITIVE</div>
      <div className="print-only print-marking bottom">OFFICIAL-SENSITIVE</div>
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
      <h3 className="section-title">Response times by grade (minutes from report)</h3>
      <ResponsiveContainer width="100%" height={170}>
        <BarChart data={response} margin={{ left: -20, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="grade" fontSize={11} />
          <YAxis fontSize={11} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 11 }} />
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
  const incidents = Object.values(state.incidents).sort((a, b) => a.reportedAt - b.reportedAt);
  const mins = (from: number, to: number | undefined) => (to === undefined ? "—" : ((to - from) / 60_000).toFixed(1));
  return (
    <div className="print-only">
      <h3 className="section-title">Incident timeline</h3>
      <table className="decisions-print">
        <thead>
          <tr>
            <th>Reported</th>
            <th>CAD</th>
            <th>Type</th>
            <th>Grade</th>
            <th>Assigned (min)</th>
            <th>On scene (min)</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((i) => (
            <tr key={i.id}>
              <td className="mono">{shortTime(i.reportedAt)}</td>
              <td className="mono">{i.ref}</td>
              <td>{INCIDENT_TYPE_LABELS[i.type]}</td>
              <td>{i.grade ?? "—"}</td>
              <td>{mins(i.reportedAt, i.steps.resourced)}</td>
              <td>{mins(i.reportedAt, i.steps["on-scene"])}</td>
              <td>{i.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
      <h2 className="print-only">Debrief: {state.operation?.name}</h2>
      {figures.map(([label, n]) => (
        <div key={label}>
          <b>{n}</b> {label}
        </div>
      ))}
    </div>
  );
}
