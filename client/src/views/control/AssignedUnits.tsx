import type { Incident } from "../../../../shared/state";
import { UNIT_STATUS_COLOURS, UNIT_STATUS_LABELS } from "../../map/styles";
import { useSelect, useUnitMap } from "../../store/hooks";
import { useMayIn } from "../../store/sectorScope";
import { shortTime } from "../../ui/time";
import { useCommand } from "../../ui/useCommand";

/** Units on the incident now, each with a release button. */
export function AssignedUnits({ incident }: { incident: Incident }) {
  const units = useUnitMap();
  const select = useSelect();
  const { run, busy } = useCommand();
  const mayRelease = useMayIn("incident:release", incident.sector);
  return (
    <div className="assigned">
      <h3 className="section-title">Assigned units</h3>
      {incident.assigned.length === 0 ? (
        <p className="muted small">None assigned.</p>
      ) : (
        <ul className="assigned-list">
          {incident.assigned.map((id) => {
            const u = units[id];
            const ackAt = incident.acknowledged?.[id];
            return (
              <li key={id}>
                <button type="button" className="link" onClick={() => select({ unitId: id })}>
                  {u?.callSign ?? id}
                </button>
                {u && (
                  <span className="unit-status" style={{ color: UNIT_STATUS_COLOURS[u.status] }}>
                    {UNIT_STATUS_LABELS[u.status]}
                  </span>
                )}
                {ackAt !== undefined && <span className="unit-ack muted small">acknowledged {shortTime(ackAt)}</span>}
                {incident.status !== "closed" && mayRelease && u && (
                  <button
                    type="button"
                    className="btn btn-xs"
                    disabled={busy}
                    onClick={() => void run("incident:release", { incidentId: incident.id, unitId: id })}
                  >
                    Release
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
