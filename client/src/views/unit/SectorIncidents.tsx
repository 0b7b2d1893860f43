import { INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import type { Incident } from "../../../../shared/state";
import { Age } from "../../ui/Age";
import { GradeChip } from "../../ui/GradeChip";
import { INCIDENT_STATUS_LABELS } from "../../ui/labels";
import { shortTime } from "../../ui/time";
import { sectorLabel } from "../../venue/plan";

/**
 * Open incidents in the unit's sector, most urgent first, each with its age. From what this phone
 * kept (`asOf`), the list says so; with nothing known it says that, never "no incidents".
 */
export function SectorIncidents({
  sector,
  incidents,
  now,
  asOf,
  known,
}: {
  sector: string | null;
  incidents: readonly Incident[];
  now: number;
  /** Server time of the kept picture shown, or null when the list is live. */
  asOf: number | null;
  /** False when the phone has neither the board nor a kept picture. */
  known: boolean;
}) {
  return (
    <section className="card" aria-label="Incidents in my sector">
      <h2 className="m-title">
        In {sectorLabel(sector)}
        {asOf !== null && (
          <span className="as-of">
            {" "}
            — as of {shortTime(asOf)} (<Age from={asOf} now={now} /> ago)
          </span>
        )}
      </h2>
      {!known ? (
        <p className="empty">No signal, and nothing kept on this phone yet: the sector's incidents show when there is signal.</p>
      ) : incidents.length === 0 ? (
        <p className="empty">No open incidents in your sector{asOf !== null ? ` as of ${shortTime(asOf)}` : ""}.</p>
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
                  {shortTime(i.reportedAt)} (<Age from={i.reportedAt} now={now} /> ago) · {i.locationText || sectorLabel(i.sector)} ·{" "}
                  {INCIDENT_STATUS_LABELS[i.status]}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
