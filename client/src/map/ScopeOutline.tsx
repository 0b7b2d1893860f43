import { svg } from "leaflet";
import { useMemo } from "react";
import { Polygon } from "react-leaflet";
import { useScopeSector } from "../store/sectorScope";
import { venuePlan } from "../venue/plan";

const OUTLINE = { color: "#f3d977", weight: 3, dashArray: "8 6", fill: false } as const;

/**
 * The sector a Bronze's board is filtered to, outlined on the map (issue 11): the queue and the
 * markers show its incidents only, and this says which part of the plan that is. Nothing when
 * the board shows the whole ground.
 */
export function ScopeOutline() {
  const scope = useScopeSector();
  // Drawn as SVG, not on the board's canvas: one path, above the plan, findable in the page.
  const renderer = useMemo(() => svg(), []);
  const ring = useMemo(() => {
    const coords = venuePlan.sectors.find((s) => s.id === scope)?.polygon.geometry.coordinates[0];
    return coords?.map(([lng = 0, lat = 0]) => [lat, lng] as [number, number]) ?? null;
  }, [scope]);
  return ring ? (
    <Polygon key={scope} positions={ring} pathOptions={OUTLINE} renderer={renderer} className="scope-outline" interactive={false} />
  ) : null;
}
