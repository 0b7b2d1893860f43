import type { Feature, Geometry, Position } from "geojson";
import type { LatLngTuple, PathOptions } from "leaflet";
import type { VenueProps } from "../../../shared/venue";
import { venuePlan } from "../venue/plan";
import { PLAN_STYLES, POINT_STYLES, sectorStyle } from "./styles";

/**
 * The venue plan turned into map shapes once, at load. The arrays and style objects never
 * change, so React-Leaflet never has to update a plan layer after mounting it.
 */
export interface AreaShape {
  id: string;
  name: string;
  kind: string;
  rings: LatLngTuple[][];
  style: PathOptions;
  /** Permanent label (sectors, car parks). */
  label: string | null;
}

export interface LineShape {
  id: string;
  name: string;
  points: LatLngTuple[];
  style: PathOptions;
}

/** Stations and rendezvous points: named on the map at all times, as HTML labels. */
export interface LabelShape {
  id: string;
  name: string;
  kind: string;
  at: LatLngTuple;
}

const LABEL_KINDS = new Set(["station", "rvp"]);

export interface PointShape {
  id: string;
  name: string;
  kind: string;
  at: LatLngTuple;
  radius: number;
  style: PathOptions;
}

const toLatLng = (p: Position): LatLngTuple => [p[1] ?? 0, p[0] ?? 0];

/** Areas drawn bottom to top: sectors, then car parks, then the bowl and the pitch on top. */
const AREA_ORDER = ["sector", "car-park", "coach-park", "bowl", "pitch"];
const LABELLED = new Set(["sector", "car-park", "coach-park"]);

function areaOf(f: Feature<Geometry, VenueProps>, sectorIndex: number): AreaShape | null {
  const g = f.geometry;
  const p = f.properties;
  const rings =
    g.type === "Polygon"
      ? g.coordinates.map((r) => r.map(toLatLng))
      : g.type === "MultiPolygon"
        ? g.coordinates.flatMap((poly) => poly.map((r) => r.map(toLatLng)))
        : null;
  if (!rings) return null;
  const style = p.kind === "sector" ? sectorStyle(sectorIndex) : PLAN_STYLES[p.kind];
  if (!style) return null;
  return { id: p.id, name: p.name, kind: p.kind, rings, style, label: LABELLED.has(p.kind) ? p.name : null };
}

function build() {
  const features = venuePlan.features.features;
  const areas: AreaShape[] = [];
  const lines: LineShape[] = [];
  const points: PointShape[] = [];
  const labels: LabelShape[] = [];
  let sectorIndex = 0;
  for (const f of features) {
    const { kind, id, name } = f.properties;
    const g = f.geometry;
    if (g.type === "LineString" && PLAN_STYLES[kind]) {
      lines.push({ id, name, points: g.coordinates.map(toLatLng), style: PLAN_STYLES[kind] });
    } else if (g.type === "Point" && LABEL_KINDS.has(kind)) {
      labels.push({ id, name, kind, at: toLatLng(g.coordinates) });
    } else if (g.type === "Point" && POINT_STYLES[kind]) {
      const { radius, style } = POINT_STYLES[kind];
      points.push({ id, name, kind, at: toLatLng(g.coordinates), radius, style });
    } else {
      const area = areaOf(f, kind === "sector" ? sectorIndex++ : 0);
      if (area) areas.push(area);
    }
  }
  areas.sort((a, b) => AREA_ORDER.indexOf(a.kind) - AREA_ORDER.indexOf(b.kind));
  // Posts first, so entrances and stations draw over them.
  points.sort((a, b) => Number(b.kind === "post") - Number(a.kind === "post"));
  return { areas, lines, points, labels };
}

export const planLayers = build();

/** The plan's extent, for the map's first view. */
export const planBounds: [LatLngTuple, LatLngTuple] = (() => {
  const pts = planLayers.areas.flatMap((a) => a.rings.flat());
  const lats = pts.map((p) => p[0]);
  const lngs = pts.map((p) => p[1]);
  if (pts.length === 0)
    return [
      [venuePlan.centre.lat - 0.005, venuePlan.centre.lng - 0.008],
      [venuePlan.centre.lat + 0.005, venuePlan.centre.lng + 0.008],
    ];
  return [
    [Math.min(...lats), Math.min(...lngs)],
    [Math.max(...lats), Math.max(...lngs)],
  ];
})();
