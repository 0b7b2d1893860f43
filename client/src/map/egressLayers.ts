import type { LatLngTuple, PathOptions } from "leaflet";
import { readEgressPlan } from "../../../shared/egressPlan";
import type { LatLng } from "../../../shared/events";
import { venuePlan } from "../venue/plan";

/**
 * The egress plan (shared/egressPlan.ts) as map shapes, built once at load: React-Leaflet leaves a
 * layer alone while its positions and style objects keep their identity. Drawn only in egress mode.
 */
const tuple = (p: LatLng): LatLngTuple => [p.lat, p.lng];

const plan = readEgressPlan(venuePlan);

/** Station names the routes lead to, for the banner ("to Wembley Park, …"). */
const stationNames = new Map(
  venuePlan.features.features.filter((f) => f.properties.kind === "station").map((f) => [f.properties.id, f.properties.name]),
);
export const egressDestinations = plan.routes.map((r) => stationNames.get(r.to) ?? r.to);

/** A white casing under a green dashed line: readable over sectors of any colour, in either theme. */
export const ROUTE_CASING: PathOptions = { color: "#ffffff", weight: 9, opacity: 0.85, lineCap: "round", lineJoin: "round" };
export const ROUTE_LINE: PathOptions = { color: "#15803d", weight: 5, opacity: 1, dashArray: "12 8", lineCap: "butt", lineJoin: "round" };
export const HOLDING_AREA: PathOptions = {
  color: "#b45309",
  weight: 2,
  dashArray: "5 4",
  fillColor: "#f59e0b",
  fillOpacity: 0.45,
};

/** Each shape, made once, with a class that names it in the page (Leaflet reads a class only when it creates the path). */
export const egressRoutes = plan.routes.map((r) => ({
  id: r.id,
  name: r.name,
  points: r.points.map(tuple),
  className: `egress-route egress-${r.id}`,
}));
export const holdingAreas = plan.holdingAreas.map((h) => ({
  ...h,
  ring: h.ring.map(tuple),
  className: `holding-area holding-${h.id}`,
}));
