import type { Feature, Geometry, Position } from "geojson";
import type { LatLngTuple, PathOptions } from "leaflet";
import type { VenueProps } from "../../../shared/venue";
import { venuePlan } from "../venue/plan";
import { PLAN_STYLES, type PlanTheme, POINT_STYLES, type PointStyle, sectorStyle } from "./styles";

/**
 * The venue plan turned into map shapes once, at load. The arrays and style objects never
 * change (one per theme), so React-Leaflet only restyles a plan layer when the theme changes.
 */
export interface AreaShape {
  id: string;
  name: string;
  kind: string;
  rings: LatLngTuple[][];
  styles: Record<PlanTheme, PathOptions>;
  /**
   * Where its name may go (sectors, car parks), roomiest first: points well inside the outer ring,
   * so a ring-shaped sector is not named on the bowl it wraps. Empty if unnamed on the map.
   */
  labelSpots: LatLngTuple[];
}

export interface LineShape {
  id: string;
  name: string;
  points: LatLngTuple[];
  styles: Record<PlanTheme, PathOptions>;
}

/** Stations and rendezvous points: named on the map at all times, with a mark of their own. */
export interface LabelShape {
  id: string;
  name: string;
  kind: string;
  at: LatLngTuple;
}

const LABEL_KINDS = new Set(["station", "rvp"]);

/** Entrances, steward posts and landmarks: small dots, named from a zoom that depends on the kind. */
export interface PointShape {
  id: string;
  name: string;
  kind: string;
  at: LatLngTuple;
  styles: Record<PlanTheme, PointStyle>;
}

const toLatLng = (p: Position): LatLngTuple => [p[1] ?? 0, p[0] ?? 0];

/** Areas drawn bottom to top: sectors, then car parks, then the bowl and the pitch on top. */
const AREA_ORDER = ["sector", "car-park", "coach-park", "bowl", "pitch"];
const LABELLED = new Set(["sector", "car-park", "coach-park"]);

function inside(ring: readonly LatLngTuple[], lat: number, lng: number): boolean {
  let odd = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [yi, xi] = ring[i] ?? [0, 0];
    const [yj, xj] = ring[j] ?? [0, 0];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

/** Distance from a point to the ring's nearest edge, in metres-like units (longitude scaled by latitude). */
function edgeDistance(ring: readonly LatLngTuple[], lat: number, lng: number, kx: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ay, ax] = ring[j] ?? [0, 0];
    const [by, bx] = ring[i] ?? [0, 0];
    const dx = (bx - ax) * kx;
    const dy = by - ay;
    const len = dx * dx + dy * dy;
    const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((lng - ax) * kx * dx + (lat - ay) * dy) / len));
    const ex = (lng - ax) * kx - t * dx;
    const ey = lat - ay - t * dy;
    best = Math.min(best, Math.hypot(ex, ey));
  }
  return best;
}

/**
 * Up to `count` roomy interior points of a ring, roomiest first and spread apart: a grid over its
 * extent, scored by the distance to the nearest edge (a cheap pole of inaccessibility).
 */
export function interiorSpots(ring: readonly LatLngTuple[], count = 5, grid = 24): LatLngTuple[] {
  const lats = ring.map((p) => p[0]);
  const lngs = ring.map((p) => p[1]);
  const [s, n, w, e] = [Math.min(...lats), Math.max(...lats), Math.min(...lngs), Math.max(...lngs)];
  const kx = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const scored: { at: LatLngTuple; d: number }[] = [];
  for (let i = 0; i <= grid; i++) {
    for (let j = 0; j <= grid; j++) {
      const lat = s + ((n - s) * (i + 0.5)) / (grid + 1);
      const lng = w + ((e - w) * (j + 0.5)) / (grid + 1);
      if (inside(ring, lat, lng)) scored.push({ at: [lat, lng], d: edgeDistance(ring, lat, lng, kx) });
    }
  }
  scored.sort((a, b) => b.d - a.d);
  const spread = Math.max(n - s, (e - w) * kx) / 6;
  const picked: LatLngTuple[] = [];
  for (const c of scored) {
    if (picked.length >= count) break;
    if (picked.every((p) => Math.hypot(p[0] - c.at[0], (p[1] - c.at[1]) * kx) >= spread)) picked.push(c.at);
  }
  return picked;
}

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
  const styles =
    p.kind === "sector"
      ? { light: sectorStyle(sectorIndex, "light"), dark: sectorStyle(sectorIndex, "dark") }
      : PLAN_STYLES.light[p.kind] && PLAN_STYLES.dark[p.kind]
        ? { light: PLAN_STYLES.light[p.kind] as PathOptions, dark: PLAN_STYLES.dark[p.kind] as PathOptions }
        : null;
  if (!styles) return null;
  const outer = rings[0];
  const labelSpots = LABELLED.has(p.kind) && outer ? interiorSpots(outer) : [];
  return { id: p.id, name: p.name, kind: p.kind, rings, styles, labelSpots };
}

function pointStyles(kind: string): Record<PlanTheme, PointStyle> | null {
  const light = POINT_STYLES.light[kind];
  const dark = POINT_STYLES.dark[kind];
  return light && dark ? { light, dark } : null;
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
    const light = PLAN_STYLES.light[kind];
    const dark = PLAN_STYLES.dark[kind];
    const styles = pointStyles(kind);
    if (g.type === "LineString" && light && dark) {
      lines.push({ id, name, points: g.coordinates.map(toLatLng), styles: { light, dark } });
    } else if (g.type === "Point" && LABEL_KINDS.has(kind)) {
      labels.push({ id, name, kind, at: toLatLng(g.coordinates) });
    } else if (g.type === "Point" && styles) {
      points.push({ id, name, kind, at: toLatLng(g.coordinates), styles });
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

/** Where each plan point is, by id: a steward report made at a post with no GPS is drawn at its post. */
export const planPointAt: ReadonlyMap<string, LatLngTuple> = new Map(planLayers.points.map((p) => [p.id, p.at]));

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
