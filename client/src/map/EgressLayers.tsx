import { svg } from "leaflet";
import { useMemo } from "react";
import { Pane, Polygon, Polyline, Tooltip } from "react-leaflet";
import { isEgressMode } from "../../../shared/matchPhase";
import { useOperation } from "../store/hooks";
import { egressRoutes, holdingAreas, ROUTE_CASING } from "./egressLayers";

const PANE = "egress";

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
        <Polygon key={h.id} positions={h.ring} pathOptions={h.style} renderer={renderer} interactive={false}>
          <Tooltip permanent direction="center" className="egress-tag">
            {h.name.replace(/^[^:]*: /, "")} · {h.capacity.toLocaleString("en-GB")}
          </Tooltip>
        </Polygon>
      ))}
      {egressRoutes.map((r) => (
        <Polyline key={`${r.id}-casing`} positions={r.points} pathOptions={ROUTE_CASING} renderer={renderer} interactive={false} />
      ))}
      {egressRoutes.map((r) => (
        <Polyline key={r.id} positions={r.points} pathOptions={r.style} renderer={renderer} interactive={false} />
      ))}
    </>
  );
}
