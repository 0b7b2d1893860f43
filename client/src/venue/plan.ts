import type { FeatureCollection, Geometry } from "geojson";
import { type Post, readVenue, type VenuePlan, type VenueProps } from "../../../shared/venue";
import planText from "../../../shared/venue/wembley.geojson?raw";

/**
 * The venue plan ships with the app (DESIGN §7: the map works with no internet). It is read
 * once; every view shares the same object, so map layers built from it never change.
 */
export const venuePlan: VenuePlan = readVenue(JSON.parse(planText) as FeatureCollection<Geometry, VenueProps>);

const sectorNames = new Map(venuePlan.sectors.map((s) => [s.id, s.name]));

export function sectorLabel(id: string | null): string {
  if (!id) return "—";
  return sectorNames.get(id) ?? id;
}

/** Posts grouped by sector, in the plan's sector order, for pickers. */
export function postsBySector(): { sector: string; name: string; posts: Post[] }[] {
  return venuePlan.sectors
    .map((s) => ({ sector: s.id, name: s.name, posts: venuePlan.posts.filter((p) => p.sector === s.id) }))
    .filter((g) => g.posts.length > 0);
}

export function postById(id: string | null): Post | null {
  return venuePlan.posts.find((p) => p.id === id) ?? null;
}
