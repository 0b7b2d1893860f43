import type { LatLng } from "./events";
import type { VenuePlan } from "./venue";

/**
 * The venue plan's egress plan (issue 11 item 3): the routes from the stadium to each station
 * (`kind: "egress-route"`, a LineString naming its station in `to`) and the areas where crowds
 * are held and released in blocks (`kind: "holding-area"`, a Polygon naming its route, its
 * sector and how many people it holds). The board draws them in egress mode.
 */
export interface EgressRoute {
  id: string;
  name: string;
  /** The station it leads to (a station feature's id). */
  to: string;
  points: LatLng[];
}

export interface HoldingArea {
  id: string;
  name: string;
  sector: string;
  route: string;
  capacity: number;
  ring: LatLng[];
  /** Which side of the area its name goes on the map (`labelSide`), clear of the plan's own names. */
  labelSide: LabelSide;
}

export const LABEL_SIDES = ["left", "right", "top", "bottom"] as const;
export type LabelSide = (typeof LABEL_SIDES)[number];
const sideOf = (v: unknown): LabelSide => LABEL_SIDES.find((s) => s === v) ?? "left";

export interface EgressPlan {
  routes: EgressRoute[];
  holdingAreas: HoldingArea[];
}

const latLng = (p: number[]): LatLng => ({ lat: p[1] ?? 0, lng: p[0] ?? 0 });
const text = (v: unknown) => (typeof v === "string" ? v : "");

/** The egress plan held in a venue plan (empty for a plan that has none). */
export function readEgressPlan(plan: VenuePlan): EgressPlan {
  const routes: EgressRoute[] = [];
  const holdingAreas: HoldingArea[] = [];
  for (const f of plan.features.features) {
    const p = f.properties;
    const g = f.geometry;
    if (p.kind === "egress-route" && g.type === "LineString") {
      routes.push({ id: p.id, name: p.name, to: text(p.to), points: g.coordinates.map(latLng) });
    } else if (p.kind === "holding-area" && g.type === "Polygon") {
      const capacity = typeof p.capacity === "number" ? p.capacity : 0;
      const ring = (g.coordinates[0] ?? []).map(latLng);
      const labelSide = sideOf(p.labelSide);
      holdingAreas.push({ id: p.id, name: p.name, sector: text(p.sector), route: text(p.route), capacity, ring, labelSide });
    }
  }
  return { routes, holdingAreas };
}
