import { loadVenues } from "../server/venues";
import { signedDistanceM } from "../shared/geofence";

/**
 * Where the stadium bench's devices move: each unit wanders a small circle well inside its own
 * sector (units are registered round the venue's sectors in order, bench/stadiumProfile.ts
 * `unitsOf`), as units on a match day mostly do. Wandering the whole ground instead made every
 * unit "leave its sector" and flooded the log with UnitLeftSector warnings (sector watch) that a
 * real stadium does not raise every second.
 */
export interface Spot {
  lat: number;
  lng: number;
  /** Radius of the wander, metres: at most half the spot's depth inside the sector, and 30 m. */
  radiusM: number;
}

/** Per sector, in the venue's order: the deepest point inside it on a 24 × 24 grid over its box. */
export function sectorSpots(venueId = "wembley"): Spot[] {
  const sectors = [...(loadVenues().get(venueId)?.sectors ?? [])];
  return sectors.map((s) => {
    const ring = s.polygon.geometry.coordinates[0] ?? [];
    const lngs = ring.map((c) => c[0] ?? 0);
    const lats = ring.map((c) => c[1] ?? 0);
    const [w, e, so, n] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
    let best = { lat: (so + n) / 2, lng: (w + e) / 2, depth: 0 };
    for (let i = 1; i < 24; i++)
      for (let j = 1; j < 24; j++) {
        const at = { lat: so + ((n - so) * i) / 24, lng: w + ((e - w) * j) / 24 };
        const depth = -signedDistanceM(s.polygon, at);
        if (depth > best.depth) best = { ...at, depth };
      }
    return { lat: best.lat, lng: best.lng, radiusM: Math.min(30, best.depth / 2) };
  });
}

/** Device `i`'s position at wall time `t` (ms): round its sector's spot, once every minute or so. */
export function spotOf(spots: readonly Spot[], i: number, t: number): { lat: number; lng: number } {
  const s = spots[i % Math.max(1, spots.length)];
  if (!s) return { lat: 51.556 + 0.004 * Math.sin(i + t / 60_000), lng: -0.2796 + 0.006 * Math.cos(i + t / 45_000) };
  const r = s.radiusM / 111_320;
  return { lat: s.lat + r * Math.sin(i + t / 60_000), lng: s.lng + (r / Math.cos((s.lat * Math.PI) / 180)) * Math.cos(i + t / 60_000) };
}
