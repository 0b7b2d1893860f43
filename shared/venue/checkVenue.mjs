#!/usr/bin/env node
// Standalone check of a venue plan (GeoJSON). No dependencies.
// Usage: node shared/venue/checkVenue.mjs [path/to/venue.geojson]
// Exits non-zero if any check fails.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const file = process.argv[2] ?? join(here, "wembley.geojson");

const SECTOR_IDS = [
  "wembley-park-station",
  "olympic-way",
  "stadium-north",
  "stadium-east",
  "stadium-south",
  "stadium-west",
  "white-horse-bridge",
  "wembley-central",
  "arena-car-parks",
];
const POINT_KINDS_WITH_SECTOR = ["entrance", "station", "landmark", "post", "rvp"];
const POST_TYPES = ["gate", "turnstile", "block", "stairway", "route"];
const GRID = 60;
const MAX_OVERLAP = 0.02;

const errors = [];
const fail = (msg) => errors.push(msg);

let fc;
try {
  fc = JSON.parse(readFileSync(file, "utf8"));
} catch (e) {
  console.error(`cannot read ${file}: ${e.message}`);
  process.exit(2);
}

// Ray casting: is [x, y] inside the ring (array of [x, y])?
function inRing(pt, ring) {
  const [x, y] = pt;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
// Polygon = outer ring minus holes.
function inPolygon(pt, rings) {
  if (!inRing(pt, rings[0])) return false;
  for (let k = 1; k < rings.length; k++) if (inRing(pt, rings[k])) return false;
  return true;
}
const isPos = (p) => Array.isArray(p) && p.length >= 2 && p.every((v) => typeof v === "number" && Number.isFinite(v));

// 1. FeatureCollection shape
if (fc?.type !== "FeatureCollection" || !Array.isArray(fc.features)) {
  console.error("not a GeoJSON FeatureCollection");
  process.exit(1);
}
const features = fc.features;
const counts = {};
const ids = new Map();
for (const [i, f] of features.entries()) {
  const where = `feature #${i}`;
  if (f?.type !== "Feature" || !f.geometry || typeof f.properties !== "object" || f.properties === null) {
    fail(`${where}: not a Feature with geometry and properties`);
    continue;
  }
  const { kind, id, name } = f.properties;
  if (typeof kind !== "string" || !kind) fail(`${where}: missing properties.kind`);
  if (typeof id !== "string" || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) fail(`${where}: id ${JSON.stringify(id)} is not lowercase-kebab`);
  if (typeof name !== "string" || !name) fail(`${where} (${id}): missing properties.name`);
  if (ids.has(id)) fail(`duplicate id ${id}`);
  ids.set(id, f);
  counts[kind] = (counts[kind] ?? 0) + 1;

  const g = f.geometry;
  if (g.type === "Point") {
    if (!isPos(g.coordinates)) fail(`${id}: bad Point coordinates`);
  } else if (g.type === "LineString") {
    if (!Array.isArray(g.coordinates) || g.coordinates.length < 2 || !g.coordinates.every(isPos)) fail(`${id}: bad LineString`);
  } else if (g.type === "Polygon") {
    if (!Array.isArray(g.coordinates) || g.coordinates.length < 1) fail(`${id}: Polygon without rings`);
    else
      for (const [k, ring] of g.coordinates.entries()) {
        if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isPos)) {
          fail(`${id}: ring ${k} needs at least 4 positions`);
          continue;
        }
        const a = ring[0];
        const b = ring[ring.length - 1];
        if (a[0] !== b[0] || a[1] !== b[1]) fail(`${id}: ring ${k} is not closed (first != last)`);
      }
  } else {
    fail(`${id}: unexpected geometry type ${g.type}`);
  }
}

// 2. Expected kinds and geometry types
const byKind = (k) => features.filter((f) => f.properties?.kind === k);
const expectGeom = {
  sector: "Polygon",
  bowl: "Polygon",
  pitch: "Polygon",
  "car-park": "Polygon",
  "coach-park": "Polygon",
  route: "LineString",
  // Footways the dispatch recommender's walk graph joins to the routes (shared/dispatch/walkGraph.ts).
  walkway: "LineString",
  // The egress plan (issue 11 item 3), drawn when the match phase is full time or egress.
  "egress-route": "LineString",
  "holding-area": "Polygon",
  venue: "Point",
};
for (const k of POINT_KINDS_WITH_SECTOR) expectGeom[k] = "Point";
for (const f of features) {
  const want = expectGeom[f.properties?.kind];
  if (want && f.geometry?.type !== want) fail(`${f.properties.id}: kind ${f.properties.kind} should be a ${want}`);
}
const venue = byKind("venue");
if (venue.length !== 1) fail(`expected exactly one venue feature, found ${venue.length}`);
else {
  const p = venue[0].properties;
  if (!Array.isArray(p.centre) || p.centre.length !== 2) fail("venue: properties.centre should be [lat, lng]");
  if (typeof p.defaultZoom !== "number") fail("venue: properties.defaultZoom should be a number");
}
if (byKind("bowl").length !== 1) fail("expected exactly one bowl");
else if (byKind("bowl")[0].geometry.coordinates[0].length - 1 < 24) fail("bowl needs at least 24 vertices");
if (byKind("pitch").length !== 1) fail("expected exactly one pitch");

// 3. Sectors
// The unit kinds of shared/domain.ts (UNIT_KINDS): this script runs as plain Node, without TypeScript.
const REQUIRABLE_KINDS = ["psu", "serial", "mounted", "dogs", "fio", "btp", "las", "response", "drone"];
const sectors = byKind("sector").filter((f) => f.geometry?.type === "Polygon");
const sectorById = new Map(sectors.map((s) => [s.properties.id, s]));
for (const id of SECTOR_IDS) if (!sectorById.has(id)) fail(`missing sector ${id}`);
for (const s of sectors) {
  if (!SECTOR_IDS.includes(s.properties.id)) fail(`unexpected sector ${s.properties.id}`);
  if (typeof s.properties.bronze !== "string" || !s.properties.bronze) fail(`sector ${s.properties.id}: missing properties.bronze`);
  // Cover (shared/sectorCover.ts): the unit kinds the sector must keep available, if any.
  const req = s.properties.requires;
  if (req !== undefined && (!Array.isArray(req) || req.some((k) => !REQUIRABLE_KINDS.includes(k)))) {
    fail(`sector ${s.properties.id}: properties.requires should list unit kinds (${REQUIRABLE_KINDS.join(", ")})`);
  }
}

// 4. Every point feature lies in the sector it names
let placed = 0;
for (const f of features) {
  const p = f.properties ?? {};
  if (!POINT_KINDS_WITH_SECTOR.includes(p.kind) || f.geometry?.type !== "Point") continue;
  if (p.kind === "post" && !POST_TYPES.includes(p.post)) fail(`${p.id}: properties.post should be one of ${POST_TYPES.join("|")}`);
  if (p.kind === "station" && typeof p.lines !== "string") fail(`${p.id}: station needs properties.lines`);
  const sector = sectorById.get(p.sector);
  if (!sector) {
    fail(`${p.id}: properties.sector ${JSON.stringify(p.sector)} is not a sector`);
    continue;
  }
  const pt = f.geometry.coordinates;
  if (!inPolygon(pt, sector.geometry.coordinates)) {
    const actual = sectors.find((s) => inPolygon(pt, s.geometry.coordinates))?.properties.id ?? "no sector";
    fail(`${p.id}: not inside ${p.sector} (it is in ${actual})`);
  } else placed++;
}
// Polygons that name a sector should at least have their first vertex and centroid-ish inside it.
for (const f of features) {
  const p = f.properties ?? {};
  if (f.geometry?.type !== "Polygon" || p.kind === "sector" || !p.sector) continue;
  const sector = sectorById.get(p.sector);
  if (!sector) {
    fail(`${p.id}: properties.sector ${JSON.stringify(p.sector)} is not a sector`);
    continue;
  }
  const ring = f.geometry.coordinates[0].slice(0, -1);
  const c = [ring.reduce((a, q) => a + q[0], 0) / ring.length, ring.reduce((a, q) => a + q[1], 0) / ring.length];
  if (!inPolygon(c, sector.geometry.coordinates)) fail(`${p.id}: centre not inside ${p.sector}`);
}

// 4c. Entrance groups (issue 11 item 7): the banks of turnstiles counted per group, with their throughput and capacity
const groupIds = new Set();
for (const f of byKind("entrance")) {
  const groups = f.properties.groups;
  if (!Array.isArray(groups) || groups.length === 0) {
    fail(`${f.properties.id}: properties.groups should list its turnstile banks`);
    continue;
  }
  for (const g of groups) {
    if (typeof g?.id !== "string" || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(g.id)) fail(`${f.properties.id}: a group id is not lowercase-kebab`);
    else if (groupIds.has(g.id)) fail(`duplicate entrance group ${g.id}`);
    groupIds.add(g?.id);
    if (typeof g?.name !== "string" || !g.name) fail(`${f.properties.id}/${g?.id}: missing name`);
    for (const k of ["turnstiles", "perMinute", "capacity"]) {
      if (!Number.isInteger(g?.[k]) || g[k] <= 0) fail(`${f.properties.id}/${g?.id}: ${k} should be a positive whole number`);
    }
  }
}

// 4b. The egress plan: each route leads to a station, each holding area belongs to a route and says how many it holds
const stationIds = new Set(byKind("station").map((f) => f.properties.id));
const egressIds = new Set(byKind("egress-route").map((f) => f.properties.id));
for (const f of byKind("egress-route"))
  if (!stationIds.has(f.properties.to)) fail(`${f.properties.id}: properties.to should name a station`);
for (const f of byKind("holding-area")) {
  const p = f.properties;
  if (!egressIds.has(p.route)) fail(`${p.id}: properties.route should name an egress-route`);
  if (!Number.isInteger(p.capacity) || p.capacity <= 0) fail(`${p.id}: properties.capacity should be a positive whole number`);
  if (!sectorById.has(p.sector)) fail(`${p.id}: properties.sector should name the sector it is in`);
}
if (egressIds.size > 0 && byKind("holding-area").length === 0) fail("an egress plan needs holding areas");

// 5. Sector overlap and coverage on a grid across the sectors' bounding box
let minX = Infinity,
  minY = Infinity,
  maxX = -Infinity,
  maxY = -Infinity;
for (const s of sectors)
  for (const [x, y] of s.geometry.coordinates[0]) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
let overlap = 0,
  uncovered = 0,
  total = 0;
if (sectors.length) {
  for (let i = 0; i < GRID; i++)
    for (let j = 0; j < GRID; j++) {
      // sample cell centres so grid points do not sit on the bbox edge
      const pt = [minX + ((i + 0.5) / GRID) * (maxX - minX), minY + ((j + 0.5) / GRID) * (maxY - minY)];
      const n = sectors.reduce((a, s) => a + (inPolygon(pt, s.geometry.coordinates) ? 1 : 0), 0);
      total++;
      if (n > 1) overlap++;
      if (n === 0) uncovered++;
    }
  if (overlap / total > MAX_OVERLAP) fail(`sectors overlap at ${overlap}/${total} grid points (> ${MAX_OVERLAP * 100}%)`);
}

// Summary
console.log(`venue plan: ${file}`);
console.log(
  `features: ${features.length} (${Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")})`,
);
console.log(`sectors: ${sectors.length}; bbox lng ${minX.toFixed(4)}..${maxX.toFixed(4)}, lat ${minY.toFixed(4)}..${maxY.toFixed(4)}`);
console.log(`points in their named sector: ${placed}`);
console.log(`grid ${GRID}x${GRID}: ${overlap} in more than one sector, ${uncovered} in none`);
if (errors.length) {
  console.error(`\nFAILED (${errors.length}):`);
  for (const e of errors) console.error(`  - ${e}`);
  process.exit(1);
}
console.log("OK");
