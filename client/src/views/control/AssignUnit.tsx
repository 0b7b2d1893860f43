import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import type { Incident } from "../../../../shared/state";
import { UNIT_STATUS_LABELS } from "../../map/styles";
import { formatDistance } from "../../store/distance";
import { useBoard } from "../../store/hooks";
import { availableUnits } from "../../store/selectors";
import { useCommand } from "../../ui/useCommand";

const SHOWN = 40;

/** A picker of deployable units, nearest first where positions are known. */
export function AssignUnit({ incident }: { incident: Incident }) {
  const [filter, setFilter] = useState("");
  const { run, busy } = useCommand();
  // Distances change with every positions frame; round them so the list only re-renders when it would look different.
  const options = useBoard(
    useShallow((b) =>
      availableUnits(b.state, b.positions, incident.location).map(
        (o) => `${o.unit.id}|${o.metres === null ? "" : Math.round(o.metres / 10)}`,
      ),
    ),
  );
  const units = useBoard((b) => b.state.units);
  const needle = filter.trim().toLowerCase();
  const rows = options
    .map((key) => {
      const [id = "", tens] = key.split("|");
      return { unit: units[id], metres: tens ? Number(tens) * 10 : null };
    })
    .filter((o) => o.unit && (!needle || o.unit.callSign.toLowerCase().includes(needle)))
    .slice(0, SHOWN);

  return (
    <div className="assign">
      <h3 className="section-title">
        Assign unit <span className="muted small">({options.length} available)</span>
      </h3>
      <input
        className="filter"
        placeholder="Filter call signs…"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        aria-label="Filter available units"
      />
      <ul className="assign-list">
        {rows.map(({ unit, metres }) =>
          unit ? (
            <li key={unit.id}>
              <span className="callsign">{unit.callSign}</span>
              <span className="muted small">{UNIT_STATUS_LABELS[unit.status]}</span>
              <span className="mono small dist">{metres === null ? "no fix" : formatDistance(metres)}</span>
              <button
                type="button"
                className="btn btn-xs btn-primary"
                disabled={busy}
                onClick={() => void run("incident:assign", { incidentId: incident.id, unitId: unit.id })}
              >
                Assign
              </button>
            </li>
          ) : null,
        )}
        {rows.length === 0 && <li className="muted small">No available unit{needle ? " matches" : ""}.</li>}
      </ul>
    </div>
  );
}
