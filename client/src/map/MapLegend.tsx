import { GRADES, UNIT_STATUSES } from "../../../shared/domain";
import { GRADE_COLOURS, UNIT_STATUS_COLOURS, UNIT_STATUS_LABELS } from "./styles";

/** A compact key in the map's corner: incident grades and unit statuses. */
export function MapLegend() {
  return (
    <aside className="map-legend" aria-label="Map key">
      <div className="legend-row">
        <span className="legend-title">Incidents</span>
        {GRADES.map((g) => (
          <span key={g} className="legend-item">
            <i className="dot dot-lg" style={{ background: GRADE_COLOURS[g] }} />
            {g}
          </span>
        ))}
        <span className="legend-item">
          <i className="dot dot-lg" style={{ background: GRADE_COLOURS.none }} />
          ungraded
        </span>
        <span className="legend-item">
          <i className="dot dot-lg dot-hollow" />
          resolved
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
