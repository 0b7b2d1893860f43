import type { LatLng } from "../events";
import { distanceMetres, type LocalFrame } from "../geo";
import type { VenuePlan } from "../venue";

/**
 * The plan's walking lines turned into points and edges: vertices within SNAP_M of each other
 * become one point, a line ending on (or passing a vertex of) another line within SNAP_M is
 * joined to it there, and long edges are cut into pieces of at most STEP_M so that a unit or an
 * incident joins the graph close to where it is.
 *
 * Two lines that cross without a shared vertex are not joined: in a venue that is a bridge or
 * an underpass (White Horse Bridge crosses the railway).
 */

/** Feature kinds whose LineStrings are walkable. */
export const WALKABLE_KINDS: readonly string[] = ["route", "walkway"];
export const SNAP_M = 5;
export const STEP_M = 25;

export interface WalkPoint extends LatLng {
  /** Metres east and north of the plan's centre (LocalFrame). */
  x: number;
  y: number;
}

export interface WalkEdge {
  a: number;
  b: number;
  metres: number;
  /** The name of the route or walkway the edge belongs to. */
  name: string;
}

interface Line {
  name: string;
  points: number[];
}

export function walkLines(plan: VenuePlan, frame: LocalFrame): { points: WalkPoint[]; edges: WalkEdge[] } {
  const points: WalkPoint[] = [];
  const pointAt = (at: LatLng): number => {
    const { x, y } = frame.toXY(at);
    const near = points.findIndex((p) => Math.hypot(p.x - x, p.y - y) <= SNAP_M);
    if (near >= 0) return near;
    points.push({ lat: at.lat, lng: at.lng, x, y });
    return points.length - 1;
  };
  const lines: Line[] = [];
  for (const f of plan.features.features) {
    if (!WALKABLE_KINDS.includes(f.properties.kind) || f.geometry.type !== "LineString") continue;
    const ids = f.geometry.coordinates.map(([lng = 0, lat = 0]) => pointAt({ lat, lng }));
    lines.push({ name: f.properties.name, points: ids.filter((id, i) => id !== ids[i - 1]) });
  }
  const joined = lines.map((line) => ({ name: line.name, points: joinOnSegments(line.points, points) }));
  return { points, edges: densify(uniqueEdges(joined, points), points) };
}

/** Inserts into each segment the points lying on it (another line's end or vertex). */
function joinOnSegments(line: readonly number[], points: readonly WalkPoint[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < line.length; i++) {
    const a = line[i] as number;
    const b = line[i + 1] as number;
    out.push(a);
    const onSegment: { id: number; t: number }[] = [];
    points.forEach((p, id) => {
      if (id === a || id === b) return;
      const t = projection(points[a] as WalkPoint, points[b] as WalkPoint, p);
      if (t !== null) onSegment.push({ id, t });
    });
    out.push(...onSegment.sort((m, n) => m.t - n.t).map((s) => s.id));
  }
  out.push(line[line.length - 1] as number);
  return out;
}

/** Where p lies along a→b (0..1, ends excluded) when it is within SNAP_M of the segment; else null. */
function projection(a: WalkPoint, b: WalkPoint, p: WalkPoint): number | null {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return null;
  const t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2;
  if (t <= 0 || t >= 1) return null;
  return Math.hypot(a.x + t * dx - p.x, a.y + t * dy - p.y) <= SNAP_M ? t : null;
}

/** One edge per pair of points; where two lines share a stretch, the first line's name stays. */
function uniqueEdges(lines: readonly Line[], points: readonly WalkPoint[]): WalkEdge[] {
  const seen = new Set<string>();
  const edges: WalkEdge[] = [];
  for (const line of lines) {
    for (let i = 0; i + 1 < line.points.length; i++) {
      const a = line.points[i] as number;
      const b = line.points[i + 1] as number;
      const key = a < b ? `${a}:${b}` : `${b}:${a}`;
      if (a === b || seen.has(key)) continue;
      seen.add(key);
      edges.push({ a, b, metres: distanceMetres(points[a] as WalkPoint, points[b] as WalkPoint), name: line.name });
    }
  }
  return edges;
}

/** Cuts edges longer than STEP_M into equal pieces, adding their inner points. */
function densify(edges: readonly WalkEdge[], points: WalkPoint[]): WalkEdge[] {
  const out: WalkEdge[] = [];
  for (const e of edges) {
    const pieces = Math.ceil(e.metres / STEP_M);
    const a = points[e.a] as WalkPoint;
    const b = points[e.b] as WalkPoint;
    let prev = e.a;
    for (let k = 1; k <= pieces; k++) {
      let next = e.b;
      if (k < pieces) {
        const t = k / pieces;
        points.push({
          lat: a.lat + t * (b.lat - a.lat),
          lng: a.lng + t * (b.lng - a.lng),
          x: a.x + t * (b.x - a.x),
          y: a.y + t * (b.y - a.y),
        });
        next = points.length - 1;
      }
      out.push({ a: prev, b: next, metres: e.metres / pieces, name: e.name });
      prev = next;
    }
  }
  return out;
}
