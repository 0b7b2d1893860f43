import type { Geometry } from "geojson";
import type { LatLng } from "../../../../shared/events";
import type { VenuePlan } from "../../../../shared/venue";

/** A named place of the venue plan a controller can put an incident at. */
export interface Place {
  id: string;
  name: string;
  /** What kind of place, in words ("Entrance", "Steward post"). */
  kind: string;
  sector: string | null;
  location: LatLng;
}

const KIND_LABELS: Record<string, string> = {
  entrance: "Entrance",
  station: "Station",
  landmark: "Landmark",
  post: "Steward post",
  rvp: "RVP",
  "car-park": "Car park",
  "coach-park": "Coach park",
};

/** Where on a feature an incident "at" it goes: a point as is, an area at its vertices' mean. */
function anchor(g: Geometry): LatLng | null {
  if (g.type === "Point") {
    const [lng, lat] = g.coordinates;
    return lng === undefined || lat === undefined ? null : { lat, lng };
  }
  if (g.type !== "Polygon") return null;
  const ring = g.coordinates[0] ?? [];
  // The first and last vertices of a closed ring are the same point: count it once.
  const pts = ring.slice(0, -1);
  if (pts.length === 0) return null;
  const sum = pts.reduce((acc, [lng = 0, lat = 0]) => ({ lat: acc.lat + lat, lng: acc.lng + lng }), { lat: 0, lng: 0 });
  return { lat: sum.lat / pts.length, lng: sum.lng / pts.length };
}

/**
 * The plan's named places (entrances, stations, landmarks, steward posts, RVPs, car and coach
 * parks), in a stable order: the kinds above, then by name. The plan is data, so another venue
 * gets its own list with no code change.
 */
export function namedPlaces(plan: VenuePlan): Place[] {
  const order = Object.keys(KIND_LABELS);
  const places: Place[] = [];
  for (const f of plan.features.features) {
    const label = KIND_LABELS[f.properties.kind];
    const location = label ? anchor(f.geometry) : null;
    if (!label || !location) continue;
    places.push({ id: f.properties.id, name: f.properties.name, kind: label, sector: f.properties.sector ?? null, location });
  }
  const rank = (p: Place) => order.findIndex((k) => KIND_LABELS[k] === p.kind);
  return places.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, "en-GB", { numeric: true }));
}

/**
 * Places matching what was typed: every word must start a word of the name or the kind
 * ("ent j" finds "Entrance J"); names that start with the text come first.
 */
export function matchPlaces(places: readonly Place[], text: string, limit = 8): Place[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return places.slice(0, limit);
  const whole = text.trim().toLowerCase();
  const hits = places.filter((p) => {
    const tokens = `${p.name} ${p.kind}`.toLowerCase().split(/[\s()/,-]+/);
    return words.every((w) => tokens.some((t) => t.startsWith(w)));
  });
  const starts = (p: Place) => (p.name.toLowerCase().startsWith(whole) ? 0 : 1);
  return hits.sort((a, b) => starts(a) - starts(b)).slice(0, limit);
}
