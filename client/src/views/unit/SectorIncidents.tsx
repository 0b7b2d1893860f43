import { INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import { useSectorIncidents } from "../../store/hooks";
import { GradeChip } from "../../ui/GradeChip";
import { INCIDENT_STATUS_LABELS } from "../../ui/labels";
import { clockTime } from "../../ui/time";
import { sectorLabel } from "../../venue/plan";

/** Open incidents in the unit's sector, most urgent first. */
export function SectorIncidents({ sector, exclude }: { sector: string | null; exclude: string | null }) {
  const incidents = useSectorIncidents(sector).filter((i) => i.id !== exclude);
  return (
    <section className="card" aria-label="Incidents in my sector">
      <h2 className="m-title">In {sectorLabel(sector)}</h2>
      {incidents.length === 0 ? (
        <p className="empty">No open incidents in your sector.</p>
      ) : (
        <ul className="m-list">
          {incidents.map((i) => (
            <li key={i.id}>
              <GradeChip grade={i.grade} />
              <div className="m-list-main">
                <div>
                  <span className="mono">{i.ref}</span> · {INCIDENT_TYPE_LABELS[i.type]}
                </div>
                <div className="muted small">
                  {clockTime(i.reportedAt)} · {i.locationText || "—"} · {INCIDENT_STATUS_LABELS[i.status]}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
