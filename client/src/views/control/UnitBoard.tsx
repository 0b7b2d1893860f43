import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useMemo, useRef, useState } from "react";
import { UNIT_KINDS, UNIT_STATUSES, type UnitKind, type UnitStatus } from "../../../../shared/domain";
import type { Incident, Unit } from "../../../../shared/state";
import { UNIT_STATUS_COLOURS, UNIT_STATUS_LABELS } from "../../map/styles";
import { useIncidentMap, useSelect, useSelectedUnitId, useUnits } from "../../store/hooks";
import { Age } from "../../ui/Age";
import { SectorSelect } from "../../ui/SectorSelect";
import { age, useNow } from "../../ui/time";
import { VirtualRows } from "../../ui/VirtualRows";
import { sectorLabel } from "../../venue/plan";
import { KIND_LABELS } from "./unitKinds";
import { filterUnits, NO_UNIT_FILTER, type UnitFilter, unitRows } from "./unitRows";
import { useStatusTimers } from "./useStatusTimers";

type Grouping = "status" | "kind";

/** Pixel heights of a group heading and a unit row (`.unit-rows .virtual-row` in dispatch.css). */
const GROUP_HEIGHT = 34;
const ROW_HEIGHT = 30;

/**
 * Every unit, grouped by status or kind, filtered by kind, status, sector and call sign, with how
 * long it has held its status; a unit past its status timer is flagged. The rows are virtualised
 * (one scroll container, only the visible rows in the DOM), so 3,500 units stay smooth.
 */
export function UnitBoard() {
  const units = useUnits();
  const incidents = useIncidentMap();
  const unitId = useSelectedUnitId();
  const select = useSelect();
  const now = useNow(30_000);
  const overdue = useStatusTimers(now);
  const [grouping, setGrouping] = useState<Grouping>("status");
  const [filter, setFilter] = useState<UnitFilter>(NO_UNIT_FILTER);
  const shown = useMemo(() => filterUnits(units, filter, overdue), [units, filter, overdue]);
  const rows = useMemo(() => unitRows(shown, grouping), [shown, grouping]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    // Exact, not estimates: the rows' heights are fixed in dispatch.css, so none is measured.
    estimateSize: (i) => (rows[i]?.kind === "group" ? GROUP_HEIGHT : ROW_HEIGHT),
    overscan: 12,
  });
  const onSelect = useCallback((id: string) => select({ unitId: id }), [select]);
  const set = (patch: Partial<UnitFilter>) => setFilter((f) => ({ ...f, ...patch }));

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
          type="search"
          placeholder="Call sign…"
          value={filter.text}
          onChange={(e) => set({ text: e.target.value })}
          aria-label="Search units by call sign"
          data-search="units"
        />
        <select value={filter.kind} onChange={(e) => set({ kind: e.target.value as UnitKind | "" })} aria-label="Unit kind">
          <option value="">All kinds</option>
          {UNIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <select value={filter.status} onChange={(e) => set({ status: e.target.value as UnitStatus | "" })} aria-label="Unit status">
          <option value="">All statuses</option>
          {UNIT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {UNIT_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <SectorSelect value={filter.sector} onChange={(sector) => set({ sector })} label="Unit sector" />
        <span className="muted small" aria-live="polite">
          {shown.length === units.length ? `${units.length} units` : `${shown.length} of ${units.length} units`}
        </span>
        {overdue.size > 0 && (
          <button type="button" className="link text-alarm small" onClick={() => set({ overdueOnly: !filter.overdueOnly })}>
            ⚠ {overdue.size} overdue{filter.overdueOnly ? " (showing)" : ""}
          </button>
        )}
      </div>
      <div className="unit-rows" ref={scroller}>
        {rows.length === 0 ? (
          <p className="empty">No unit matches.</p>
        ) : (
          <VirtualRows
            virtualizer={virtual}
            fixed
            row={(n) => {
              const row = rows[n];
              if (!row) return null;
              return row.kind === "group" ? (
                <h3 className="group-head">
                  {grouping === "status" && <i className="dot" style={{ background: UNIT_STATUS_COLOURS[row.key as UnitStatus] }} />}
                  {grouping === "status" ? UNIT_STATUS_LABELS[row.key as UnitStatus] : KIND_LABELS[row.key as UnitKind]}{" "}
                  <span className="muted">{row.count}</span>
                </h3>
              ) : (
                <UnitRow
                  unit={row.unit}
                  incident={row.unit.incidentId ? incidents[row.unit.incidentId] : undefined}
                  now={now}
                  overdueMs={overdue.get(row.unit.id) ?? null}
                  selected={row.unit.id === unitId}
                  onSelect={onSelect}
                />
              );
            }}
          />
        )}
      </div>
    </div>
  );
}

interface RowProps {
  unit: Unit;
  incident: Incident | undefined;
  now: number;
  /** How far past its status timer the unit is, or null when it is not. */
  overdueMs: number | null;
  selected: boolean;
  onSelect(id: string): void;
}

const UnitRow = memo(function UnitRow({ unit: u, incident, now, overdueMs, selected, onSelect }: RowProps) {
  const overdue = overdueMs !== null;
  return (
    <button
      type="button"
      className={`unit-row row-click${selected ? " row-selected" : ""}${overdue ? " unit-overdue" : ""}`}
      onClick={() => onSelect(u.id)}
      aria-pressed={selected}
    >
      <span className="callsign nowrap">{u.callSign}</span>
      <span className="nowrap">
        <i className="dot" style={{ background: UNIT_STATUS_COLOURS[u.status] }} /> {UNIT_STATUS_LABELS[u.status]}
      </span>
      <span className="muted small ellipsis">{sectorLabel(u.sector)}</span>
      <span
        className={`nowrap num${overdue ? " text-alarm strong" : ""}`}
        title={overdue ? `No status update: ${age(now - overdueMs, now)} past its timer` : undefined}
      >
        <Age from={u.statusSince} now={now} />
        {overdue && (
          <>
            <span aria-hidden="true"> ⚠</span>
            <span className="visually-hidden"> status overdue</span>
          </>
        )}
      </span>
      <span className="mono nowrap small">{incident ? incident.ref.replace(/^CAD /, "") : (u.incidentId ?? "")}</span>
    </button>
  );
});
