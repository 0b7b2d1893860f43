import type { LeafletEventHandlerFnMap, Map as LeafletMap, PathOptions } from "leaflet";
import { memo, useEffect, useMemo, useState } from "react";
import { CircleMarker, Tooltip, useMap, useMapEvents } from "react-leaflet";
import type { UnitStatus } from "../../../shared/domain";
import type { Fix, Unit } from "../../../shared/state";
import { useBoardContext } from "../store/BoardContext";
import type { Board } from "../store/boardStore";
import { usePosition, useSelect, useSelectedUnitId, useUnitMap } from "../store/hooks";
import type { PositionsStore } from "../store/positionsStore";
import { isFixStale } from "../sync/linkRules";
import { useIsFrozen } from "../sync/linkStore";
import { age, useNow } from "../ui/time";
import { DENSE_UNITS, SELECTED_UNIT, UNIT_STATUS_COLOURS, unitRadius, unitStyle } from "./styles";
import { unitText } from "./unitCanvasDraw";
import { UnitCanvasLayer } from "./unitCanvasLayer";

/** How often fix ages are looked at: a stale marker's "3 min" changes once a minute. */
const FIX_AGE_TICK_MS = 15_000;

/**
 * Units with a known position. Thousands of them, so all but the selected one are drawn on a
 * canvas of their own (unitCanvasLayer.ts): clustered with a count when zoomed out (U40), call
 * signs drawn beside the dots from LABEL_ZOOM (U41), each move tweened between fixes (U42). The
 * positions store feeds the canvas directly, so a positions frame renders no React at all.
 * The selected unit keeps a DOM marker with a permanent label.
 *
 * A marker whose last fix is old (`STALE_FIX_MS`), and every marker while the board is frozen
 * (offline or behind), is drawn grey and dashed with the fix's age in its label. That age keeps
 * running while the board is frozen (unlike the board's timers): "last fix 6 min ago" stays true
 * whatever happened since.
 */
export function UnitMarkers() {
  const units = useUnitMap();
  const selectedId = useSelectedUnitId();
  const select = useSelect();
  const map = useMap();
  const frozen = useIsFrozen();
  const { store, connection } = useBoardContext();
  // Re-render as fixes age; the time itself is read now, so a replay's seek (its clock is the
  // scrubbed moment) is measured against the new moment at once, not at the next tick.
  useNow(FIX_AGE_TICK_MS, { running: true });
  const now = connection.clock.now();
  const [zoom, setZoom] = useState(() => map.getZoom());
  useMapEvents({ zoomend: () => setZoom(map.getZoom()) });
  useFollowContainerSize(map);
  const layer = useUnitCanvas(map, store.getState().positionsStore, select);
  useEffect(() => layer.setData({ units, selectedId, now, frozen }), [layer, units, selectedId, now, frozen]);
  const selected = selectedId ? units[selectedId] : undefined;
  if (!selected || selected.status === "off-duty") return null;
  const dense = Object.keys(units).length > DENSE_UNITS;
  return <SelectedUnit unit={selected} radius={unitRadius(zoom, dense)} dense={dense} now={now} frozen={frozen} onSelect={select} />;
}

/** The canvas layer on the map for as long as the markers are shown, fed by the positions store. */
function useUnitCanvas(map: LeafletMap, positions: PositionsStore, select: Board["select"]): UnitCanvasLayer {
  const [layer] = useState(() => new UnitCanvasLayer((unitId) => select({ unitId })));
  useEffect(
    function drawPositions() {
      layer.addTo(map);
      layer.setPositions(positions.getState().positions);
      const unsubscribe = positions.subscribe((p) => layer.setPositions(p.positions));
      return () => {
        unsubscribe();
        layer.remove();
      };
    },
    [layer, map, positions],
  );
  return layer;
}

interface SelectedUnitProps {
  unit: Unit;
  radius: number;
  dense: boolean;
  now: number;
  frozen: boolean;
  onSelect: Board["select"];
}

/** The selected unit in the DOM: its marker follows its fix, with a permanent label. */
function SelectedUnit({ unit, radius, dense, now, frozen, onSelect }: SelectedUnitProps) {
  const fix = usePosition(unit.id);
  if (!fix) return null;
  const staleAge = isFixStale(fix.at, now, frozen) ? age(fix.at, Math.max(now, fix.at)) : null;
  return <UnitMarker unit={unit} fix={fix} radius={radius} dense={dense} labelled selected staleAge={staleAge} onSelect={onSelect} />;
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
          {unitText(unit, labelled, staleAge)}
        </Tooltip>
      </CircleMarker>
      {selected && <CircleMarker center={center} radius={radius + 5} pathOptions={SELECTED_UNIT} interactive={false} />}
    </>
  );
});

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
