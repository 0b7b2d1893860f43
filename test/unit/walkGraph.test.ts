import type { FeatureCollection, Geometry } from "geojson";
import { describe, expect, it } from "vitest";
import { Random } from "../../server/demo/random";
import { buildWalkGraph, type WalkGraph } from "../../shared/dispatch/walkGraph";
import { routeBetween, walkRoute } from "../../shared/dispatch/walkRoute";
import type { LatLng } from "../../shared/events";
import { distanceMetres } from "../../shared/geo";
import { readVenue, type VenueProps } from "../../shared/venue";
import { venue } from "../support/events";

/** The walk graph (shared/dispatch/walkGraph.ts, walkRoute.ts) over the real plan and small made-up ones. */

const wembley = buildWalkGraph(venue);
const wembleyPark: LatLng = { lat: 51.5632, lng: -0.2793 };

const pointsOfKind = (kinds: readonly string[]) =>
  venue.features.features.flatMap((f) =>
    kinds.includes(f.properties.kind) && f.geometry.type === "Point"
      ? [{ name: f.properties.name, at: { lat: f.geometry.coordinates[1] ?? 0, lng: f.geometry.coordinates[0] ?? 0 } }]
      : [],
  );

/** Metres east and north of a corner near Wembley, as a [lng, lat] position. */
const EAST = 1 / 69_270;
const NORTH = 1 / 111_195;
const pos = (east: number, north: number): [number, number] => [-0.28 + east * EAST, 51.556 + north * NORTH];

function plan(lines: { name: string; coordinates: [number, number][] }[]) {
  const fc: FeatureCollection<Geometry, VenueProps> = {
    type: "FeatureCollection",
    features: [
      {
        type: "Feature",
        properties: { kind: "venue", id: "test", name: "Test", centre: [51.556, -0.28] },
        geometry: { type: "Point", coordinates: [-0.28, 51.556] },
      },
      ...lines.map((l, i) => ({
        type: "Feature" as const,
        properties: { kind: i % 2 ? "walkway" : "route", id: `line-${i}`, name: l.name },
        geometry: { type: "LineString" as const, coordinates: l.coordinates },
      })),
    ],
  };
  return buildWalkGraph(readVenue(fc));
}

const toLatLng = ([lng, lat]: [number, number]): LatLng => ({ lat, lng });

/** A reference shortest path over every point and edge (Dijkstra by array scan): the oracle. */
function reference(graph: WalkGraph, from: number): number[] {
  const dist = graph.points.map(() => Number.POSITIVE_INFINITY);
  const done = graph.points.map(() => false);
  dist[from] = 0;
  for (;;) {
    let u = -1;
    dist.forEach((d, i) => {
      if (!done[i] && Number.isFinite(d) && (u < 0 || d < (dist[u] as number))) u = i;
    });
    if (u < 0) return dist;
    done[u] = true;
    graph.full.forEachLinkedNode(u, (other, link) => {
      const v = Number(other.id);
      dist[v] = Math.min(dist[v] as number, (dist[u] as number) + link.data.metres);
    });
  }
}

describe("the Wembley walk graph", () => {
  it("W7: is one connected network: every entrance, station, RVP and landmark is reached from Wembley Park station along the routes", () => {
    const places = pointsOfKind(["entrance", "station", "rvp", "landmark"]);
    expect(places.filter((p) => p.name.startsWith("Entrance") || p.name.includes("Club Wembley"))).toHaveLength(12);
    for (const p of places) {
      const walk = walkRoute(wembley, wembleyPark, p.at);
      expect(walk.onRoutes, p.name).toBe(true);
      expect(walk.metres, p.name).toBeGreaterThanOrEqual(distanceMetres(wembleyPark, p.at) - 1);
      if (p.name.startsWith("Entrance "))
        expect(walk.via.slice(0, 1).concat(walk.via.slice(-1)), p.name).toEqual(["Olympic Way", "Stadium concourse"]);
    }
    const dist = reference(wembley, 0);
    expect(dist.filter((d) => !Number.isFinite(d))).toEqual([]);
  });

  it("W7: a walk's length is the length of its path, which starts and ends where asked", () => {
    const to = { lat: 51.5544, lng: -0.2856 };
    const walk = walkRoute(wembley, wembleyPark, to);
    expect(walk.path[0]).toEqual(wembleyPark);
    expect(walk.path[walk.path.length - 1]).toEqual(to);
    const length = walk.path.slice(1).reduce((sum, p, i) => sum + distanceMetres(walk.path[i] as LatLng, p), 0);
    expect(Math.abs(length - walk.metres)).toBeLessThan(0.5);
    expect(walk.via).toContain("White Horse Bridge");
  });

  it("W10: the A* over junctions finds the shortest walk: it equals a plain Dijkstra over every point, for 300 seeded pairs", () => {
    const random = new Random(20_231_017);
    const n = wembley.points.length;
    for (let k = 0; k < 20; k++) {
      const from = random.int(0, n - 1);
      const dist = reference(wembley, from);
      for (let j = 0; j < 15; j++) {
        const to = random.int(0, n - 1);
        expect(routeBetween(wembley, from, to).metres, `${from} → ${to}`).toBeCloseTo(dist[to] as number, 6);
      }
    }
  });
});

describe("odd shapes", () => {
  const everyPair = (graph: WalkGraph) => {
    for (let from = 0; from < graph.points.length; from++) {
      const dist = reference(graph, from);
      for (let to = 0; to < graph.points.length; to++) {
        expect(routeBetween(graph, from, to).metres, `${from} → ${to}`).toBeCloseTo(dist[to] as number, 6);
      }
    }
  };

  it("W10: a ring with no junction at all gives the shorter way round, between every pair of points", () => {
    const ring = plan([{ name: "Ring", coordinates: [pos(0, 0), pos(150, 0), pos(150, 100), pos(0, 100), pos(0, 0)] }]);
    everyPair(ring);
    const walk = walkRoute(ring, toLatLng(pos(25, 0)), toLatLng(pos(0, 75)));
    expect(walk.metres).toBeCloseTo(100, -1);
  });

  it("W10: two paths between one pair of junctions, and a dead end, still give the shortest walk between every pair of points", () => {
    const graph = plan([
      { name: "Short", coordinates: [pos(0, 0), pos(100, 0)] },
      { name: "Long", coordinates: [pos(0, 0), pos(50, 80), pos(100, 0)] },
      { name: "Spur", coordinates: [pos(100, 0), pos(160, 0)] },
      { name: "Stub", coordinates: [pos(50, 80), pos(50, 140)] },
    ]);
    everyPair(graph);
    expect(walkRoute(graph, toLatLng(pos(0, 0)), toLatLng(pos(160, 0))).via).toEqual(["Short", "Spur"]);
  });
});

describe("joining lines", () => {
  it("W8: a line ending within a few metres of another line's middle is joined to it there", () => {
    const graph = plan([
      { name: "Main path", coordinates: [pos(0, 0), pos(200, 0)] },
      { name: "Spur", coordinates: [pos(100, 3), pos(100, 100)] },
    ]);
    const walk = walkRoute(graph, toLatLng(pos(0, 0)), toLatLng(pos(100, 100)));
    expect(walk.onRoutes).toBe(true);
    expect(walk.via).toEqual(["Main path", "Spur"]);
    expect(walk.metres).toBeGreaterThan(195);
    expect(walk.metres).toBeLessThan(205);
  });

  it("W8: lines that cross with no shared point (a bridge) are not joined; nor are ends 20 m apart", () => {
    const graph = plan([
      { name: "Road", coordinates: [pos(0, 0), pos(200, 0)] },
      { name: "Bridge", coordinates: [pos(100, -100), pos(100, 100)] },
      { name: "Far path", coordinates: [pos(220, 0), pos(300, 0)] },
    ]);
    const across = walkRoute(graph, toLatLng(pos(0, 0)), toLatLng(pos(100, 100)));
    expect(across.onRoutes).toBe(false);
    expect(across.via).toEqual([]);
    expect(across.metres).toBeCloseTo(distanceMetres(toLatLng(pos(0, 0)), toLatLng(pos(100, 100))), 6);
    expect(walkRoute(graph, toLatLng(pos(0, 0)), toLatLng(pos(300, 0))).onRoutes).toBe(false);
  });

  it("W8: vertices within a few metres are one point; a stretch two lines share keeps the first line's name", () => {
    const graph = plan([
      { name: "Bridge", coordinates: [pos(0, 0), pos(100, 0)] },
      { name: "High Road", coordinates: [pos(0, 2), pos(100, 1), pos(100, 200)] },
    ]);
    const walk = walkRoute(graph, toLatLng(pos(0, 0)), toLatLng(pos(100, 200)));
    expect(walk.onRoutes).toBe(true);
    expect(walk.via).toEqual(["Bridge", "High Road"]);
    expect(walk.metres).toBeCloseTo(300, -1);
  });
});
