import { memo } from "react";
import { ATTENDANCE_TARGET_LABELS, type AttendanceTarget, INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import type { Incident, Unit } from "../../../../shared/state";
import { useOpenIncidents, useSelect, useSelection, useUnitMap } from "../../store/hooks";
import { GradeChip } from "../../ui/GradeChip";
import { INCIDENT_STATUS_LABELS } from "../../ui/labels";
import { Age } from "../../ui/Age";
import { useNow } from "../../ui/time";
import { sectorLabel } from "../../venue/plan";

/** Open incidents, most urgent first (grade, then age). Clicking one opens its detail. */
export function IncidentQueue() {
  const incidents = useOpenIncidents();
  const units = useUnitMap();
  const { incidentId } = useSelection();
  const select = useSelect();
  const now = useNow(15_000);
  const live = incidents.filter((i) => i.status !== "resolved").length;
  return (
    <section className="panel queue" aria-label="Incident queue">
      <header className="panel-head">
        <h2>Incidents</h2>
        <span className="count">{live} open</span>
        {incidents.length > live && <span className="count muted">{incidents.length - live} resolved</span>}
      </header>
      <div className="panel-body">
        {incidents.length === 0 ? (
          <p className="empty">No open incidents.</p>
        ) : (
          <table className="grid-table">
            <thead>
              <tr>
                <th aria-label="Grade" />
                <th>Type · sector</th>
                <th>CAD · age</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {incidents.map((i) => (
                <QueueRow key={i.id} incident={i} units={units} now={now} selected={i.id === incidentId} onSelect={select} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

interface QueueRowProps {
  incident: Incident;
  units: Readonly<Record<string, Unit>>;
  now: number;
  selected: boolean;
  onSelect: (s: { incidentId: string }) => void;
}

const QueueRow = memo(function QueueRow({ incident: i, units, now, selected, onSelect }: QueueRowProps) {
  const callSigns = i.assigned.map((id) => units[id]?.callSign ?? id);
  const overdue = i.grade === "I" && i.assigned.length === 0 && now - i.reportedAt > 5 * 60_000;
  const missed = Object.keys(i.targetsMissed ?? {}) as AttendanceTarget[];
  return (
    <tr
      className={`row-click${selected ? " row-selected" : ""}${i.status === "resolved" ? " row-resolved" : ""}${missed.length ? " row-target-missed" : ""}`}
      onClick={() => onSelect({ incidentId: i.id })}
      onKeyDown={(e) => e.key === "Enter" && onSelect({ incidentId: i.id })}
      tabIndex={0}
      aria-selected={selected}
    >
      <td>
        <GradeChip grade={i.grade} />
      </td>
      <td className="ellipsis">
        <div className="cell-main">{INCIDENT_TYPE_LABELS[i.type]}</div>
        <div className="cell-sub">{sectorLabel(i.sector)}</div>
        {missed.length > 0 && <TargetMissed missed={missed} />}
      </td>
      <td className="nowrap">
        <div className="mono">{i.ref.replace(/^CAD /, "")}</div>
        <div
          className={`cell-sub${overdue ? " text-alarm strong" : ""}`}
          title={overdue ? "Grade I with no unit for over 5 min" : undefined}
        >
          <Age from={i.reportedAt} now={now} />
        </div>
      </td>
      <td className="ellipsis units-cell" title={callSigns.join(", ")}>
        <span className={`status status-${i.status}`}>{INCIDENT_STATUS_LABELS[i.status]}</span>
        <div className="cell-sub">{callSigns.length ? callSigns.join(", ") : "no units"}</div>
      </td>
    </tr>
  );
});

/**
 * The server's AttendanceTargetMissed on the row (issue 9): words and a symbol, not colour alone.
 * Issue 10 adds the banner and the sound.
 */
function TargetMissed({ missed }: { missed: AttendanceTarget[] }) {
  const what = missed.map((t) => ATTENDANCE_TARGET_LABELS[t]).join(", ");
  return (
    <div className="target-missed" role="status" title={`Attendance target missed: ${what} in time`}>
      <span aria-hidden="true">⚠ </span>Target missed: {what} in time
    </div>
  );
}
