import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { Feature, Polygon } from "geojson";
import type { LatLng } from "./events";
import { localFrame } from "./geo";

/**
 * Sectors of the plan as geofences (issue 11 item 2): where a unit's fix is against its sector's
 * polygon, and when that counts as having left it or come back. Pure: the server's watcher
 * (server/system/sectorWatch.ts) feeds it fixes; the tests feed it tracks.
 */

/**
 * Metres from the sector's edge: positive outside, negative inside, 0 on the line. Inside or
 * out is turf's point in polygon (holes included); the distance is to the nearest edge of any
 * ring, on a flat frame round the point (well under a metre off at a venue's size).
 */
export function signedDistanceM(polygon: Feature<Polygon> | Polygon, at: LatLng): number {
  const geometry = "coordinates" in polygon ? polygon : polygon.geometry;
  const inside = booleanPointInPolygon([at.lng, at.lat], geometry);
  const frame = localFrame(at);
  let nearest = Number.POSITIVE_INFINITY;
  for (const ring of geometry.coordinates) {
    for (let i = 1; i < ring.length; i++) {
      const [aLng = 0, aLat = 0] = ring[i - 1] ?? [];
      const [bLng = 0, bLat = 0] = ring[i] ?? [];
      const a = frame.toXY({ lat: aLat, lng: aLng });
      const b = frame.toXY({ lat: bLat, lng: bLng });
      nearest = Math.min(nearest, distanceToSegment(a, b));
    }
  }
  return inside ? -nearest : nearest;
}

/** Distance from the origin (the point, in its own frame) to the segment a–b. */
function distanceToSegment(a: { x: number; y: number }, b: { x: number; y: number }): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(a.x * dx + a.y * dy) / len2));
  return Math.hypot(a.x + t * dx, a.y + t * dy);
}

/**
 * The hysteresis (docs/architecture.md, "Geofences"). Two bands and a count, because GPS fails
 * in two ways: a unit standing on a boundary jitters a few metres either side of it (the bands:
 * it has left only once more than `leaveMarginM` outside, and is back only once more than
 * `returnMarginM` inside, so jitter smaller than the gap between them never flips it), and a
 * fix now and then jumps tens of metres in a concrete concourse (the count: `confirmFixes`
 * fixes in a row beyond the band, so one stray fix does not raise a warning).
 */
export interface Hysteresis {
  leaveMarginM: number;
  returnMarginM: number;
  confirmFixes: number;
}

export const DEFAULT_HYSTERESIS: Hysteresis = { leaveMarginM: 25, returnMarginM: 10, confirmFixes: 2 };

/** What one fix did: nothing, or the unit has now left / come back (as the log should say). */
export type Crossing = "left" | "returned" | null;

/**
 * One fix's step. `out` is what the log says now (an open "out of its sector" warning): the log,
 * not this process's memory, is the truth, so every process agrees on which way a crossing goes.
 * `streak` is this process's count of fixes in a row beyond the band (its only memory).
 */
export function stepGeofence(out: boolean, streak: number, distanceM: number, h: Hysteresis = DEFAULT_HYSTERESIS) {
  const beyond = out ? distanceM < -h.returnMarginM : distanceM > h.leaveMarginM;
  const next = beyond ? streak + 1 : 0;
  const crossing: Crossing = next >= h.confirmFixes ? (out ? "returned" : "left") : null;
  return { streak: crossing ? 0 : next, crossing };
}

/**
 * A whole track through the hysteresis, the log following each crossing at once: the crossings
 * in order, with the index of the fix that made each. For tests and for reasoning about tracks.
 */
export function crossingsOf(distancesM: readonly number[], startOut = false, h: Hysteresis = DEFAULT_HYSTERESIS) {
  let out = startOut;
  let streak = 0;
  const crossings: { at: number; crossing: "left" | "returned" }[] = [];
  distancesM.forEach((d, i) => {
    const step = stepGeofence(out, streak, d, h);
    streak = step.streak;
    if (step.crossing) {
      crossings.push({ at: i, crossing: step.crossing });
      out = step.crossing === "left";
    }
  });
  return crossings;
}
