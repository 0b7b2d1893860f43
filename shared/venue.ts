import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { Feature, FeatureCollection, Geometry, Polygon } from "geojson";
import { UNIT_KINDS, type UnitKind } from "./domain";
import type { LatLng } from "./events";

/**
 * The venue plan is data (DOMAIN.md: "another venue is another file"): a GeoJSON
 * FeatureCollection whose features carry `kind`, `id` and `name`. This module reads it into
 * the shapes the domain rules and the map need.
 */

export interface VenueProps {
  kind: string;
  id: string;
  name: string;
  sector?: string;
  bronze?: string;
  post?: string;
  [key: string]: unknown;
}

export interface Sector {
  id: string;
  name: string;
  bronze: string;
  /** The kinds of unit the sector must always have available (`requires`; shared/sectorCover.ts). */
  requires: UnitKind[];
  polygon: Feature<Polygon, VenueProps>;
}

export interface Post {
  id: string;
  name: string;
  sector: string;
  kind: string;
  location: LatLng;
}

export interface VenuePlan {
  id: string;
  name: string;
  centre: LatLng;
  zoom: number;
  sectors: Sector[];
  posts: Post[];
  features: FeatureCollection<Geometry, VenueProps>;
}

export function readVenue(features: FeatureCollection<Geometry, VenueProps>): VenuePlan {
  const venue = features.features.find((f) => f.properties.kind === "venue");
  const centre = venue?.properties.centre as [number, number] | undefined;
  const sectors: Sector[] = [];
  const posts: Post[] = [];
  for (const f of features.features) {
    const p = f.properties;
    if (p.kind === "sector" && f.geometry.type === "Polygon") {
      const requires = Array.isArray(p.requires)
        ? p.requires.filter((k): k is UnitKind => (UNIT_KINDS as readonly unknown[]).includes(k))
        : [];
      sectors.push({ id: p.id, name: p.name, bronze: p.bronze ?? "", requires, polygon: f as Feature<Polygon, VenueProps> });
    } else if (p.kind === "post" && f.geometry.type === "Point") {
      const [lng, lat] = f.geometry.coordinates;
      posts.push({ id: p.id, name: p.name, sector: p.sector ?? "", kind: p.post ?? "post", location: { lat: lat ?? 0, lng: lng ?? 0 } });
    }
  }
  return {
    id: venue?.properties.id ?? "venue",
    name: venue?.properties.name ?? "Venue",
    centre: centre ? { lat: centre[0], lng: centre[1] } : { lat: 0, lng: 0 },
    zoom: typeof venue?.properties.defaultZoom === "number" ? venue.properties.defaultZoom : 16,
    sectors,
    posts,
    features,
  };
}

/** The sector containing a point, or null outside the plan. */
export function sectorAt(plan: VenuePlan, at: LatLng): string | null {
  const point: [number, number] = [at.lng, at.lat];
  return plan.sectors.find((s) => booleanPointInPolygon(point, s.polygon))?.id ?? null;
}

export function sectorName(plan: VenuePlan, id: string | null): string {
  if (!id) return "Outside the plan";
  return plan.sectors.find((s) => s.id === id)?.name ?? id;
}
