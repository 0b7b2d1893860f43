import { svg } from "leaflet";
import { useMemo } from "react";
import { Pane, Polygon, Polyline, Tooltip } from "react-leaflet";
import type { LabelSide } from "../../../shared/egressPlan";
import { isEgressMode } from "../../../shared/matchPhase";
import { useOperation } from "../store/hooks";
import { egressRoutes, HOLDING_AREA, holdingAreas, ROUTE_CASING, ROUTE_LINE } from "./egressLayers";

const PANE = "egress";
/** Names beside the areas (west by default: the stations' own names sit to their east). */
const LABEL_OFFSET: Record<LabelSide, [number, number]> = { left: [-6, 0], right: [6, 0], top: [0, -6], bottom: [0, 6] };

/**
 * In egress mode (full time, egress): the routes to the stations and the holding areas, over the
 * plan and under the markers. A handful of shapes, so SVG (the board's canvas is for the many
 * markers): each can be named in the page, and the dashes stay crisp.
 */
export function EgressLayers() {
  const phase = useOperation()?.currentPhase ?? null;
  if (!isEgressMode(phase)) return null;
  return (
    <Pane name={PANE} style={{ zIndex: 360, pointerEvents: "none" }}>
      <EgressShapes />
    </Pane>
  );
}

function EgressShapes() {
  // One renderer per map: a Leaflet renderer belongs to the map it was first added to.
  const renderer = useMemo(() => svg({ pane: PANE }), []);
  return (
    <>
      {holdingAreas.map((h) => (
        <Polygon key={h.id} positions={h.ring} pathOptions={HOLDING_AREA} className={h.className} renderer={renderer} interactive={false}>
          <Tooltip permanent direction={h.labelSide} offset={LABEL_OFFSET[h.labelSide]} className="egress-tag">
            {h.name.replace(/^[^:]*: /, "")} · {h.capacity.toLocaleString("en-GB")}
          </Tooltip>
        </Polygon>
      ))}
      {egressRoutes.map((r) => (
        <Polyline key={`${r.id}-casing`} positions={r.points} pathOptions={ROUTE_CASING} renderer={renderer} interactive={false} />
      ))}
      {egressRoutes.map((r) => (
        <Polyline
          key={r.id}
          positions={r.points}
          pathOptions={ROUTE_LINE}
          className={r.className}
          renderer={renderer}
          interactive={false}
        />
      ))}
    </>
  );
}
