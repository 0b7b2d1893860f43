import { memo, useState } from "react";
import { UNIT_KINDS, UNIT_STATUSES } from "../../../../shared/domain";
import type { Incident, Unit } from "../../../../shared/state";
import { UNIT_STATUS_COLOURS, UNIT_STATUS_LABELS } from "../../map/styles";
import { useIncidentMap, useSelect, useSelection, useUnits } from "../../store/hooks";
import { age, useNow } from "../../ui/time";

/** CAD status timer: a unit busy this long without a status update is flagged. */
const STALE_MS = 30 * 60_000;
const TIMED = new Set(["en-route", "on-scene", "committed", "refreshment", "returning"]);
const ROWS_PER_GROUP = 60;

const KIND_LABELS: Record<string, string> = {
  psu: "PSU",
  serial: "Serials",
  mounted: "Mounted",
  dogs: "Dogs",
  fio: "Football intelligence",
  btp: "BTP",
  las: "Ambulance (LAS)",
  response: "Response",
  drone: "Drone",
};

type Grouping = "status" | "kind";

/** Every unit, grouped by status or kind, with how long it has held its status. */
export function UnitBoard() {
  const units = useUnits();
  const incidents = useIncidentMap();
  const { unitId } = useSelection();
  const select = useSelect();
  const now = useNow(30_000);
  const [grouping, setGrouping] = useState<Grouping>("status");
  const [filter, setFilter] = useState("");
  const needle = filter.trim().toLowerCase();
  const shown = needle ? units.filter((u) => u.callSign.toLowerCase().includes(needle)) : units;
  const keys: readonly string[] = grouping === "status" ? UNIT_STATUSES : UNIT_KINDS;
  const stale = units.filter((u) => TIMED.has(u.status) && now - u.statusSince > STALE_MS).length;

  return (
    <div className="unit-board">
      <div className="toolbar">
        <fieldset className="seg">
          <legend className="visually-hidden">Group units by</legend>
          {(["status", "kind"] as const).map((g) => (
            <button key={g} type="button" className={`seg-btn${grouping === g ? " seg-on" : ""}`} onClick={() => setGrouping(g)}>
              By {g}
            </button>
          ))}
        </fieldset>
        <input
          className="filter"
          placeholder="Call sign…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Filter units"
        />
        <span className="muted small">{units.length} units</span>
        {stale > 0 && <span className="text-alarm small">{stale} overdue</span>}
      </div>
      {keys.map((key) => {
        const group = shown.filter((u) => (grouping === "status" ? u.status : u.kind) === key);
        if (group.length === 0) return null;
        return (
          <UnitGroup
            key={key}
            title={grouping === "status" ? UNIT_STATUS_LABELS[key as Unit["status"]] : (KIND_LABELS[key] ?? key)}
            colour={grouping === "status" ? UNIT_STATUS_COLOURS[key as Unit["status"]] : null}
            units={group}
            incidents={incidents}
            now={now}
            selectedId={unitId}
            onSelect={(id) => select({ unitId: id })}
          />
        );
      })}
    </div>
  );
}

interface GroupProps {
  title: string;
  colour: string | null;
  units: Unit[];
  incidents: Readonly<Record<string, Incident>>;
  now: number;
  selectedId: string | null;
  onSelect(id: string): void;
}

function UnitGroup({ title, colour, units, incidents, now, selectedId, onSelect }: GroupProps) {
  const [all, setAll] = useState(false);
  const rows = all ? units : units.slice(0, ROWS_PER_GROUP);
  return (
    <section className="unit-group">
      <h3 className="group-head">
        {colour && <i className="dot" style={{ background: colour }} />}
        {title} <span className="muted">{units.length}</span>
      </h3>
      <table className="grid-table compact">
        <tbody>
          {rows.map((u) => (
            <UnitRow
              key={u.id}
              unit={u}
              incident={u.incidentId ? incidents[u.incidentId] : undefined}
              now={now}
              selected={u.id === selectedId}
              onSelect={onSelect}
            />
          ))}
        </tbody>
      </table>
      {units.length > rows.length && (
        <button type="button" className="link small" onClick={() => setAll(true)}>
          Show all {units.length}
        </button>
      )}
    </section>
  );
}

interface RowProps {
  unit: Unit;
  incident: Incident | undefined;
  now: number;
  selected: boolean;
  onSelect(id: string): void;
}

const UnitRow = memo(function UnitRow({ unit: u, incident, now, selected, onSelect }: RowProps) {
  const overdue = TIMED.has(u.status) && now - u.statusSince > STALE_MS;
  return (
    <tr className={`row-click${selected ? " row-selected" : ""}`} onClick={() => onSelect(u.id)}>
      <td className="callsign nowrap">{u.callSign}</td>
      <td className="nowrap">
        <i className="dot" style={{ background: UNIT_STATUS_COLOURS[u.status] }} /> {UNIT_STATUS_LABELS[u.status]}
      </td>
      <td className={`nowrap num${overdue ? " text-alarm strong" : ""}`} title={overdue ? "No status update for over 30 min" : undefined}>
        {age(u.statusSince, now)}
        {overdue && " ⚠"}
      </td>
      <td className="mono nowrap small">{incident ? incident.ref.replace(/^CAD /, "") : u.incidentId ? u.incidentId : ""}</td>
    </tr>
  );
});
