import { useShallow } from "zustand/react/shallow";
import { INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import type { Incident } from "../../../../shared/state";
import { useBoard } from "../../store/hooks";
import { clockTime } from "../../ui/time";
import { sectorLabel } from "../../venue/plan";
import { notesForStewards, STEWARD_STATUS, stewardIncidents } from "./incidentView";

/** Incidents near the steward (their sector, their own reports): status, and what control wrote for stewards. */
export function StewardIncidents() {
  const incidents = useBoard(useShallow((b) => stewardIncidents(b.state)));
  return (
    <section className="card" aria-label="Incidents near me">
      <h2 className="m-title">Incidents near me</h2>
      {incidents.length === 0 ? (
        <p className="empty">No open incidents in your area.</p>
      ) : (
        <ul className="m-list">
          {incidents.map((i) => (
            <StewardIncident key={i.id} incident={i} />
          ))}
        </ul>
      )}
    </section>
  );
}

function StewardIncident({ incident: i }: { incident: Incident }) {
  const notes = notesForStewards(i);
  return (
    <li className={`steward-incident si-${i.status}`} data-incident={i.id}>
      <div className="m-list-main">
        <div>
          <span className="mono">{i.ref}</span> · {INCIDENT_TYPE_LABELS[i.type]}
        </div>
        <div className="muted small">
          {clockTime(i.reportedAt)} · {i.locationText || sectorLabel(i.sector)}
        </div>
        <div className="si-status">
          <strong>{STEWARD_STATUS[i.status]}</strong>
        </div>
        {notes.length > 0 && (
          <ul className="si-notes" aria-label="Messages for stewards">
            {notes.map((n) => (
              <li key={n.seq} className="small">
                <span className="mono">{clockTime(n.at)}</span> {n.who}: {n.text}
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}
