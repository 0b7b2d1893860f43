import type { LatLngBounds, LeafletEventHandlerFnMap, Map as LeafletMap } from "leaflet";
import { memo, useMemo, useState } from "react";
import { CircleMarker, Tooltip, useMap, useMapEvents } from "react-leaflet";
import type { Fix, Unit } from "../../../shared/state";
import { usePositions, useSelect, useSelection, useUnitMap } from "../store/hooks";
import { DENSE_UNITS, SELECTED_UNIT, UNIT_STATUS_LABELS, unitRadius, unitStyle } from "./styles";

/** From this zoom, units in view carry permanent call-sign labels. */
const LABEL_ZOOM = 17;
/** Beyond this many labels in view, only busy units keep theirs (available units are the crowd). */
const MAX_LABELS = 250;

/**
 * Units with a known position. Thousands of them: each marker is memoised on its unit, fix and
 * label flag, so a positions frame only moves the markers whose fix changed. Permanent labels
 * are limited to the selected unit and, when zoomed in, units inside the view.
 */
export function UnitMarkers() {
  const units = useUnitMap();
  const positions = usePositions();
  const { unitId: selectedId } = useSelection();
  const select = useSelect();
  const map = useMap();
  const [view, setView] = useState(() => viewOf(map));
  useMapEvents({ moveend: () => setView(viewOf(map)) });
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
    markers.push(
      <UnitMarker
        key={unitId}
        unit={unit}
        fix={fix}
        radius={radius}
        dense={dense}
        labelled={labelled}
        selected={selected}
        onSelect={select}
      />,
    );
  }
  return <>{markers}</>;
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
  onSelect: (s: { unitId: string }) => void;
}

const UnitMarker = memo(function UnitMarker({ unit, fix, radius, dense, labelled, selected, onSelect }: UnitMarkerProps) {
  const { id } = unit;
  const center = useMemo(() => ({ lat: fix.lat, lng: fix.lng }), [fix.lat, fix.lng]);
  const handlers = useMemo<LeafletEventHandlerFnMap>(() => ({ click: () => onSelect({ unitId: id }) }), [id, onSelect]);
  return (
    <>
      <CircleMarker
        center={center}
        radius={radius}
        pathOptions={unitStyle(unit.status, dense)}
        eventHandlers={handlers}
        bubblingMouseEvents={false}
      >
        {/* `permanent` is fixed when a tooltip is made, so switching it means a new tooltip. */}
        <Tooltip
          key={labelled ? "label" : "hover"}
          permanent={labelled}
          direction="right"
          offset={[5, 0]}
          className={labelled ? "unit-label" : "unit-tip"}
        >
          {labelled ? unit.callSign : `${unit.callSign} · ${UNIT_STATUS_LABELS[unit.status]}`}
        </Tooltip>
      </CircleMarker>
      {selected && <CircleMarker center={center} radius={radius + 5} pathOptions={SELECTED_UNIT} interactive={false} />}
    </>
  );
});
