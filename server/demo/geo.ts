import type { Position } from "geojson";
import type { LatLng } from "../../shared/events";
import { sectorAt, type VenuePlan } from "../../shared/venue";

/** Metres per degree of latitude; a degree of longitude is this times cos(latitude). */
export const M_PER_DEG_LAT = 111_320;

/** Metres per degree of longitude near a venue (flat-earth is fine across a few kilometres). */
export function metresPerDegLng(venue: VenuePlan): number {
  return M_PER_DEG_LAT * Math.cos((venue.centre.lat * Math.PI) / 180);
}

export function metresBetween(a: LatLng, b: LatLng): number {
  const dy = (a.lat - b.lat) * M_PER_DEG_LAT;
  const dx = (a.lng - b.lng) * M_PER_DEG_LAT * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

/** A point `north` and `east` metres from `p`, rounded to about 10 cm. */
export function offsetMetres(p: LatLng, north: number, east: number): LatLng {
  const lat = p.lat + north / M_PER_DEG_LAT;
  const lng = p.lng + east / (M_PER_DEG_LAT * Math.cos((p.lat * Math.PI) / 180));
  return { lat: round6(lat), lng: round6(lng) };
}

export const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** A named spot on the venue plan that the storyline can put things at. */
export interface Place {
  id: string;
  name: string;
  sector: string | null;
  location: LatLng;
}

const PLACE_KINDS = new Set(["post", "entrance", "station", "landmark", "rvp", "car-park", "coach-park"]);

/** Every post, entrance, station, landmark, RVP and car park of the plan, by id. */
export function venuePlaces(venue: VenuePlan): Map<string, Place> {
  const places = new Map<string, Place>();
  for (const f of venue.features.features) {
    const p = f.properties;
    if (!PLACE_KINDS.has(p.kind)) continue;
    let at: Position | undefined;
    if (f.geometry.type === "Point") at = f.geometry.coordinates;
    else if (f.geometry.type === "Polygon") at = centroid(f.geometry.coordinates[0] ?? []);
    if (!at) continue;
    const location = { lat: at[1] ?? 0, lng: at[0] ?? 0 };
    const sector = typeof p.sector === "string" ? p.sector : sectorAt(venue, location);
    places.set(p.id, { id: p.id, name: p.name, sector, location });
  }
  return places;
}

/** Places grouped by sector: where units of that sector stand. */
export function placesBySector(venue: VenuePlan, places: ReadonlyMap<string, Place>): Map<string, Place[]> {
  const by = new Map<string, Place[]>(venue.sectors.map((s) => [s.id, []]));
  for (const place of places.values()) if (place.sector) by.get(place.sector)?.push(place);
  for (const s of venue.sectors) {
    const list = by.get(s.id);
    if (list && list.length === 0) {
      const c = centroid(s.polygon.geometry.coordinates[0] ?? []);
      list.push({ id: s.id, name: s.name, sector: s.id, location: { lat: c[1] ?? 0, lng: c[0] ?? 0 } });
    }
  }
  return by;
}

function centroid(ring: readonly Position[]): Position {
  // The ring is closed: skip the repeated last vertex.
  const pts = ring.length > 1 ? ring.slice(0, -1) : ring;
  let x = 0;
  let y = 0;
  for (const p of pts) {
    x += p[0] ?? 0;
    y += p[1] ?? 0;
  }
  return pts.length ? [x / pts.length, y / pts.length] : [0, 0];
}
