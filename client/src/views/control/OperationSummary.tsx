import { useShallow } from "zustand/react/shallow";
import { GRADES, UNIT_STATUSES } from "../../../../shared/domain";
import { phaseLabel } from "../../../../shared/matchPhase";
import type { OperationState } from "../../../../shared/state";
import { GRADE_COLOURS, UNIT_STATUS_COLOURS, UNIT_STATUS_LABELS } from "../../map/styles";
import { useBoard } from "../../store/hooks";
import { useScopeSector } from "../../store/sectorScope";
import { clockTime } from "../../ui/time";
import { sectorLabel } from "../../venue/plan";

/**
 * Counts, as a flat array so useShallow can compare them: grades, ungraded, reports, statuses.
 * A Bronze's board counts the incidents and reports of the sector it is filtered to (`scope`).
 */
function counts(s: OperationState, scope: string | null): number[] {
  const byGrade = [0, 0, 0, 0, 0];
  for (const i of Object.values(s.incidents)) {
    if (i.status === "closed" || i.status === "resolved" || (scope !== null && i.sector !== scope)) continue;
    byGrade[i.grade ? GRADES.indexOf(i.grade) : 4]! += 1;
  }
  const reports = Object.values(s.reports).filter((r) => r.status === "new" && (scope === null || r.sector === scope)).length;
  const byStatus = UNIT_STATUSES.map(() => 0);
  for (const u of Object.values(s.units)) byStatus[UNIT_STATUSES.indexOf(u.status)]! += 1;
  return [...byGrade, reports, ...byStatus];
}

const NO_PHASES: readonly { name: string; at: number }[] = [];

/** What the incident tab shows with nothing selected: the operation at a glance. */
export function OperationSummary() {
  const scope = useScopeSector();
  const c = useBoard(useShallow((b) => counts(b.state, scope)));
  const phases = useBoard((b) => b.state.operation?.phases ?? NO_PHASES);
  return (
    <div className="summary">
      <p className="muted">Select an incident in the queue or on the map.</p>
      <h3 className="section-title">Open incidents{scope ? ` · ${sectorLabel(scope)}` : ""}</h3>
      <div className="summary-tiles">
        {GRADES.map((g, k) => (
          <div key={g} className="tile" style={{ borderTopColor: GRADE_COLOURS[g] }}>
            <span className="tile-n">{c[k]}</span>
            <span className="tile-l">Grade {g}</span>
          </div>
        ))}
        <div className="tile" style={{ borderTopColor: GRADE_COLOURS.none }}>
          <span className="tile-n">{c[4]}</span>
          <span className="tile-l">Ungraded</span>
        </div>
        <div className="tile" style={{ borderTopColor: "#7b1fa2" }}>
          <span className="tile-n">{c[5]}</span>
          <span className="tile-l">Reports</span>
        </div>
      </div>
      <h3 className="section-title">Units</h3>
      <table className="grid-table compact">
        <tbody>
          {UNIT_STATUSES.map((s, k) => (
            <tr key={s}>
              <td>
                <i className="dot" style={{ background: UNIT_STATUS_COLOURS[s] }} /> {UNIT_STATUS_LABELS[s]}
              </td>
              <td className="num strong right">{c[6 + k]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {phases.length > 0 && (
        <>
          <h3 className="section-title">Plan</h3>
          <ul className="phases">
            {phases.map((p) => (
              <li key={`${p.name}-${p.at}`}>
                <span className="mono">{clockTime(p.at)}</span> {phaseLabel(p.name)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
