import type { LatLngBounds, LeafletEventHandlerFnMap, Map as LeafletMap, PathOptions } from "leaflet";
import { memo, useEffect, useMemo, useState } from "react";
import { CircleMarker, Tooltip, useMap, useMapEvents } from "react-leaflet";
import type { UnitStatus } from "../../../shared/domain";
import type { Fix, Unit } from "../../../shared/state";
import { useBoardContext } from "../store/BoardContext";
import { usePositions, useSelect, useSelection, useUnitMap } from "../store/hooks";
import { isFixStale } from "../sync/linkRules";
import { useIsFrozen } from "../sync/linkStore";
import { age, useNow } from "../ui/time";
import { DENSE_UNITS, SELECTED_UNIT, UNIT_STATUS_COLOURS, UNIT_STATUS_LABELS, unitRadius, unitStyle } from "./styles";

/** From this zoom, units in view carry permanent call-sign labels. */
const LABEL_ZOOM = 17;
/** Beyond this many labels in view, only busy units keep theirs (available units are the crowd). */
const MAX_LABELS = 250;

/** How often fix ages are looked at: a stale marker's "3 min" changes once a minute. */
const FIX_AGE_TICK_MS = 15_000;

/**
 * Units with a known position. Thousands of them: each marker is memoised on its unit, fix,
 * label flag and stale age, so a positions frame only moves the markers whose fix changed.
 * Permanent labels are limited to the selected unit and, when zoomed in, units inside the view.
 *
 * A marker whose last fix is old (`STALE_FIX_MS`), and every marker while the board is frozen
 * (offline or behind), is drawn grey and dashed with the fix's age in its label and tooltip. That
 * age keeps running while the board is frozen (unlike the board's timers): "last fix 6 min ago"
 * stays true whatever happened since.
 */
export function UnitMarkers() {
  const units = useUnitMap();
  const positions = usePositions();
  const { unitId: selectedId } = useSelection();
  const select = useSelect();
  const map = useMap();
  const frozen = useIsFrozen();
  // Re-render as fixes age; the time itself is read now, so a replay's seek (its clock is the
  // scrubbed moment) is measured against the new moment at once, not at the next tick.
  useNow(FIX_AGE_TICK_MS, { running: true });
  const now = useBoardContext().connection.clock.now();
  const [view, setView] = useState(() => viewOf(map));
  useMapEvents({ moveend: () => setView(viewOf(map)) });
  useFollowContainerSize(map);
  const dense = Object.keys(units).length > DENSE_UNITS;
  const radius = unitRadius(view.zoom, dense);
  const inView = new Set<string>();
  if (view.zoom >= LABEL_ZOOM) {
    for (const unitId in positions) {
      const fix = positions[unitId];
      if (fix && view.bounds.contains(fix)) inView.add(unitId);
    }
  }
  const crowded = inView.size > MAX_LABELS;
  const markers = [];
  for (const unitId in positions) {
    const unit = units[unitId];
    const fix = positions[unitId];
    if (!unit || !fix || unit.status === "off-duty") continue;
    const selected = unitId === selectedId;
    const labelled = selected || (inView.has(unitId) && !(crowded && unit.status === "available"));
    const staleAge = isFixStale(fix.at, now, frozen) ? age(fix.at, Math.max(now, fix.at)) : null;
    markers.push(
      <UnitMarker
        key={unitId}
        unit={unit}
        fix={fix}
        radius={radius}
        dense={dense}
        labelled={labelled}
        selected={selected}
        staleAge={staleAge}
        onSelect={select}
      />,
    );
  }
  return <>{markers}</>;
}

/**
 * The stale banner takes a row above the board while it is up, so the map's box changes height
 * with no window resize: tell Leaflet, or its canvas keeps the old size (a blank strip).
 */
function useFollowContainerSize(map: LeafletMap): void {
  useEffect(
    function followContainerSize() {
      const observer = new ResizeObserver(() => map.invalidateSize({ pan: false }));
      observer.observe(map.getContainer());
      return () => observer.disconnect();
    },
    [map],
  );
}

function viewOf(map: LeafletMap): { zoom: number; bounds: LatLngBounds } {
  return { zoom: map.getZoom(), bounds: map.getBounds().pad(0.2) };
}

interface UnitMarkerProps {
  unit: Unit;
  fix: Fix;
  radius: number;
  dense: boolean;
  labelled: boolean;
  selected: boolean;
  /** The last fix's age ("3 min") when the position is stale, else null. */
  staleAge: string | null;
  onSelect: (s: { unitId: string }) => void;
}

const UnitMarker = memo(function UnitMarker({ unit, fix, radius, dense, labelled, selected, staleAge, onSelect }: UnitMarkerProps) {
  const { id } = unit;
  const center = useMemo(() => ({ lat: fix.lat, lng: fix.lng }), [fix.lat, fix.lng]);
  const handlers = useMemo<LeafletEventHandlerFnMap>(() => ({ click: () => onSelect({ unitId: id }) }), [id, onSelect]);
  return (
    <>
      <CircleMarker
        center={center}
        radius={radius}
        pathOptions={staleAge === null ? unitStyle(unit.status, dense) : staleStyle(unit.status)}
        eventHandlers={handlers}
        bubblingMouseEvents={false}
      >
        {/* `permanent` and `className` are fixed when a tooltip is made, so switching one means a new tooltip. */}
        <Tooltip
          key={`${labelled ? "label" : "hover"}${staleAge === null ? "" : ":stale"}`}
          permanent={labelled}
          direction="right"
          offset={[5, 0]}
          className={`${labelled ? "unit-label" : "unit-tip"}${staleAge === null ? "" : " unit-stale"}`}
        >
          {labelText(unit, labelled, staleAge)}
        </Tooltip>
      </CircleMarker>
      {selected && <CircleMarker center={center} radius={radius + 5} pathOptions={SELECTED_UNIT} interactive={false} />}
    </>
  );
});

/** "12A", or on hover "12A · On scene"; a stale position adds the fix's age. */
function labelText(unit: Unit, labelled: boolean, staleAge: string | null): string {
  const name = labelled ? unit.callSign : `${unit.callSign} · ${UNIT_STATUS_LABELS[unit.status]}`;
  if (staleAge === null) return name;
  return labelled ? `${name} · fix ${staleAge} old` : `${name} · position stale: last fix ${staleAge} ago`;
}

/* Built once per status (React-Leaflet compares path options by reference). */
const staleStyles = new Map<UnitStatus, PathOptions>();

/** Grey and dashed, the status kept as a thin ring: where the unit was, not where it is. */
function staleStyle(status: UnitStatus): PathOptions {
  let style = staleStyles.get(status);
  if (!style) {
    style = { color: UNIT_STATUS_COLOURS[status], weight: 1.5, opacity: 0.8, dashArray: "2 2", fillColor: "#9ca3af", fillOpacity: 0.5 };
    staleStyles.set(status, style);
  }
  return style;
}
