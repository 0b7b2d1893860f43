import type { LatLng } from "./events";

const EARTH_RADIUS_M = 6_371_000;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine); plenty for a few kilometres round a venue. */
export function distanceMetres(a: LatLng, b: LatLng): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A flat map of metres east (x) and north (y) of an origin (equirectangular). Within a couple
 * of kilometres it is off by well under a metre, and it lets a grid index use plain arithmetic.
 */
export interface LocalFrame {
  toXY(at: LatLng): { x: number; y: number };
}

export function localFrame(origin: LatLng): LocalFrame {
  const metresPerDegLat = (Math.PI / 180) * EARTH_RADIUS_M;
  const metresPerDegLng = metresPerDegLat * Math.cos(rad(origin.lat));
  return {
    toXY: (at) => ({ x: (at.lng - origin.lng) * metresPerDegLng, y: (at.lat - origin.lat) * metresPerDegLat }),
  };
}
