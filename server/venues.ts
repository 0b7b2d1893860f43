import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FeatureCollection, Geometry } from "geojson";
import { readVenue, type VenuePlan, type VenueProps } from "../shared/venue";

const VENUE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../shared/venue");

/** Every venue plan shipped with the project (shared/venue/*.geojson), by venue id. */
export function loadVenues(dir = VENUE_DIR): Map<string, VenuePlan> {
  const venues = new Map<string, VenuePlan>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".geojson"))) {
    const plan = readVenue(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as FeatureCollection<Geometry, VenueProps>);
    venues.set(plan.id, plan);
  }
  return venues;
}
