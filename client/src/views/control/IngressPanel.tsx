import "../../styles/ingress.css";
import { useMemo } from "react";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useStore } from "zustand";
import { entranceGroups } from "../../../../shared/entrances";
import { warningsOf } from "../../../../shared/warningFold";
import { useBoardContext } from "../../store/BoardContext";
import { useBoard } from "../../store/hooks";
import { venuePlan } from "../../venue/plan";
import { type IngressRow, ingressRows, ingressTotals } from "./ingressRows";

const GROUPS = entranceGroups(venuePlan);
const ROW_PX = 19;
const fmt = (n: number) => n.toLocaleString("en-GB");

/** The entrance groups the server says run hot now (state.warnings, open). */
function useHotGroups(): ReadonlySet<string> {
  const warnings = useBoard((b) => warningsOf(b.state));
  return useMemo(
    () => new Set(Object.values(warnings).flatMap((w) => (w.kind === "entrance-hot" && w.clearedAt === null ? [w.subject] : []))),
    [warnings],
  );
}

/**
 * Crowd ingress (issue 11 item 7): each entrance group's count against its capacity, and its
 * rate a minute against its turnstiles' throughput, with the ground's total. Fed by the counts'
 * own store, so a counts frame re-renders this panel and nothing else.
 */
export function IngressPanel() {
  const countsStore = useBoardContext().store.getState().countsStore;
  const latest = useStore(countsStore, (c) => c.latest);
  const recent = useStore(countsStore, (c) => c.recent);
  const hot = useHotGroups();
  const rows = useMemo(() => ingressRows(GROUPS, latest, recent, hot), [latest, recent, hot]);
  const total = ingressTotals(rows);
  const share = total.capacity > 0 ? Math.round((total.count / total.capacity) * 100) : 0;
  const height = rows.length * ROW_PX + 40;

  return (
    <section className="tab-body ingress-panel" aria-label="Ingress">
      <div className="ingress-total" data-testid="ingress-total">
        <strong>{fmt(total.count)}</strong> in of {fmt(total.capacity)} ({share} %)
        <span className="muted"> · {total.rate === null ? "rate —" : `${fmt(total.rate)} a minute`}</span>
        {hot.size > 0 && <span className="ingress-hot-count"> · {hot.size} running hot</span>}
      </div>
      <h3 className="section-title">Through the turnstiles, against capacity</h3>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={rows} layout="vertical" margin={{ left: 4, right: 12, top: 4, bottom: 4 }} barCategoryGap={3}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" fontSize={11} tickFormatter={(n: number) => `${Math.round(n / 1000)}k`} />
          <YAxis type="category" dataKey="name" width={128} fontSize={11} interval={0} />
          <Tooltip formatter={(v, key) => [fmt(Number(v)), key === "count" ? "in" : "capacity left"]} />
          <Bar dataKey="count" stackId="c" name="in" isAnimationActive={false}>
            {rows.map((r) => (
              <Cell key={r.id} fill={r.hot ? "var(--alarm)" : "var(--accent)"} />
            ))}
          </Bar>
          <Bar dataKey="left" stackId="c" name="capacity left" fill="var(--line)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <h3 className="section-title">Rate a minute, against the turnstiles' throughput</h3>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={rows} layout="vertical" margin={{ left: 4, right: 12, top: 4, bottom: 4 }} barCategoryGap={3}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" fontSize={11} />
          <YAxis type="category" dataKey="name" width={128} fontSize={11} interval={0} />
          <Tooltip formatter={(v, key) => [fmt(Number(v)), key === "rate" ? "a minute" : "throughput spare"]} />
          <Bar dataKey="rate" stackId="r" name="a minute" isAnimationActive={false}>
            {rows.map((r) => (
              <Cell key={r.id} fill={r.hot ? "var(--alarm)" : "var(--ok)"} />
            ))}
          </Bar>
          <Bar dataKey="spare" stackId="r" name="throughput spare" fill="var(--line)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <IngressTable rows={rows} />
    </section>
  );
}

/** The figures behind the bars, for reading out on the radio (and for screen readers). */
function IngressTable({ rows }: { rows: readonly IngressRow[] }) {
  return (
    <table className="ingress-table">
      <thead>
        <tr>
          <th scope="col">Entrance</th>
          <th scope="col">In / capacity</th>
          <th scope="col">A minute</th>
          <th scope="col">Queue</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} className={r.hot ? "ingress-hot" : undefined} data-group={r.id}>
            <th scope="row">
              {r.name}
              {r.hot && <span className="ingress-hot-tag"> HOT</span>}
            </th>
            <td>
              {r.count === null ? "—" : fmt(r.count)} / {fmt(r.capacity)}
            </td>
            <td>
              {r.rate === null ? "—" : r.rate} / {r.perMinute}
            </td>
            <td>{r.queue === null ? "—" : fmt(r.queue)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
