import { GRADES, UNIT_STATUSES } from "../../../shared/domain";
import { UNIT_STATUS_COLOURS, UNIT_STATUS_LABELS } from "./styles";

/** The map's key: the same shapes as the markers (markerIcons.ts), so shape alone tells them apart. */
function IncidentSwatch({ grade, resolved = false }: { grade: string; resolved?: boolean }) {
  return (
    <span className={`map-incident map-incident-${grade} legend-swatch${resolved ? " map-incident-resolved" : ""}`} aria-hidden="true">
      <span className="map-incident-shape" />
      <span className="map-incident-letter">{grade === "none" ? "?" : grade}</span>
    </span>
  );
}

/** A compact key in the map's corner: incidents by grade, steward reports, unit statuses. */
export function MapLegend() {
  return (
    <aside className="map-legend" aria-label="Map key">
      <div className="legend-row">
        <span className="legend-title">Incidents</span>
        {GRADES.map((g) => (
          <span key={g} className="legend-item">
            <IncidentSwatch grade={g} />
            <span className="visually-hidden">grade {g}</span>
          </span>
        ))}
        <span className="legend-item">
          <IncidentSwatch grade="none" />
          ungraded
        </span>
        <span className="legend-item">
          <IncidentSwatch grade="I" resolved />
          resolved
        </span>
      </div>
      <div className="legend-row">
        <span className="legend-title">Reports</span>
        <span className="legend-item">
          <span className="map-report legend-swatch" aria-hidden="true">
            <span className="map-report-shape">R</span>
          </span>
          steward report awaiting triage
        </span>
      </div>
      <div className="legend-row">
        <span className="legend-title">Units</span>
        {UNIT_STATUSES.filter((s) => s !== "off-duty").map((s) => (
          <span key={s} className="legend-item">
            <i className="dot" style={{ background: UNIT_STATUS_COLOURS[s] }} />
            {UNIT_STATUS_LABELS[s]}
          </span>
        ))}
      </div>
    </aside>
  );
}
