import type { Agency, UnitKind } from "../../shared/domain";
import type { Actor, LatLng } from "../../shared/events";
import type { VenuePlan } from "../../shared/venue";
import { offsetMetres, type Place, placesBySector } from "./geo";
import type { Random } from "./random";

/** A unit the demo registers: the `unit:register` body plus where it stands when idle. */
export interface UnitSpec {
  unitId: string;
  callSign: string;
  kind: UnitKind;
  agency: Agency;
  sector: string;
  parentId: string | null;
  strength: number | null;
  home: LatLng;
}

export interface StewardSpec {
  actor: Actor;
  postId: string;
  sector: string;
}

type Named = [
  id: string,
  callSign: string,
  kind: UnitKind,
  agency: Agency,
  sector: string,
  parent: string | null,
  strength: number,
  home: string,
];

/**
 * The deployment for England v Italy (invented call signs, Met conventions). Parents come before
 * their serials; the demo officer account is bound to `psu-12a` on Olympic Way.
 */
const NAMED: readonly Named[] = [
  ["psu-12", "PSU 12", "psu", "MPS", "olympic-way", null, 25, "post-ow-engineers-way"],
  ["psu-12a", "12A", "serial", "MPS", "olympic-way", "psu-12", 7, "post-ow-boxpark"],
  ["psu-12b", "12B", "serial", "MPS", "olympic-way", "psu-12", 7, "post-ow-north"],
  ["psu-12c", "12C", "serial", "MPS", "stadium-north", "psu-12", 7, "post-steps-bottom"],
  ["psu-14", "PSU 14", "psu", "MPS", "wembley-park-station", null, 25, "post-bridge-road"],
  ["psu-14a", "14A", "serial", "MPS", "wembley-park-station", "psu-14", 7, "post-wp-queue-pen-1"],
  ["psu-14b", "14B", "serial", "MPS", "stadium-west", "psu-14", 7, "post-ts-entrance-h"],
  ["psu-14c", "14C", "serial", "MPS", "stadium-west", "psu-14", 7, "post-ts-entrance-j"],
  ["psu-16", "PSU 16", "psu", "MPS", "stadium-south", null, 25, "rvp-south"],
  ["psu-16a", "16A", "serial", "MPS", "stadium-west", "psu-16", 7, "club-wembley-west"],
  ["psu-16b", "16B", "serial", "MPS", "stadium-south", "psu-16", 7, "post-ts-entrance-e"],
  ["psu-16c", "16C", "serial", "MPS", "stadium-east", "psu-16", 7, "post-ts-entrance-c"],
  ["psu-21", "PSU 21", "psu", "MPS", "white-horse-bridge", null, 25, "post-wembley-triangle"],
  ["psu-21a", "21A", "serial", "MPS", "white-horse-bridge", "psu-21", 7, "post-whb-stadium-end"],
  ["psu-21b", "21B", "serial", "MPS", "wembley-central", "psu-21", 7, "post-high-road"],
  ["psu-21c", "21C", "serial", "MPS", "arena-car-parks", "psu-21", 7, "post-arena-square"],
  ["psu-23", "PSU 23", "psu", "MPS", "stadium-east", null, 25, "post-coach-park"],
  ["psu-23a", "23A", "serial", "MPS", "stadium-east", "psu-23", 7, "post-stairway-3"],
  ["psu-23b", "23B", "serial", "MPS", "stadium-north", "psu-23", 7, "post-ts-entrance-a"],
  ["psu-23c", "23C", "serial", "MPS", "wembley-park-station", "psu-23", 7, "post-wp-gateline"],
  ["psu-25", "PSU 25", "psu", "MPS", "wembley-central", null, 25, "post-wc-queue"],
  ["psu-25a", "25A", "serial", "MPS", "wembley-central", "psu-25", 7, "wembley-central-station"],
  ["psu-25b", "25B", "serial", "MPS", "arena-car-parks", "psu-25", 7, "post-green-gate"],
  ["psu-25c", "25C", "serial", "MPS", "olympic-way", "psu-25", 7, "post-ow-engineers-way"],
  ["mounted-2", "Mounted 2", "mounted", "MPS", "olympic-way", null, 2, "post-ow-north"],
  ["mounted-3", "Mounted 3", "mounted", "MPS", "white-horse-bridge", null, 2, "post-whb-station-end"],
  ["dog-5", "Dog 5", "dogs", "MPS", "stadium-east", null, 1, "post-coach-park"],
  ["dog-6", "Dog 6", "dogs", "MPS", "arena-car-parks", null, 1, "rvp-north"],
  ["fio-4", "FIO 4", "fio", "MPS", "stadium-west", null, 2, "post-ts-entrance-j"],
  ["fio-5", "FIO 5", "fio", "MPS", "stadium-north", null, 2, "post-steps-top"],
  ["btp-7", "BTP 7", "btp", "BTP", "wembley-park-station", null, 6, "wembley-park"],
  ["btp-8", "BTP 8", "btp", "BTP", "white-horse-bridge", null, 6, "wembley-stadium-station"],
  ["btp-9", "BTP 9", "btp", "BTP", "wembley-central", null, 6, "wembley-central-station"],
  ["las-1", "LAS 1", "las", "LAS", "stadium-north", null, 2, "entrance-a"],
  ["las-2", "LAS 2", "las", "LAS", "stadium-south", null, 2, "rvp-south"],
  ["qk-11", "QK 11", "response", "MPS", "wembley-central", null, 2, "post-high-road"],
  ["qk-12", "QK 12", "response", "MPS", "arena-car-parks", null, 2, "rvp-north"],
  ["qk-13", "QK 13", "response", "MPS", "stadium-south", null, 2, "post-south-way"],
  ["qk-14", "QK 14", "response", "MPS", "white-horse-bridge", null, 2, "post-wembley-triangle"],
  ["drone-1", "Drone 1", "drone", "MPS", "arena-car-parks", null, 3, "ovo-arena-wembley"],
];

export const NAMED_UNIT_COUNT = NAMED.length;

/**
 * The first `count` units: the named deployment, then (for load tests) more PSUs with three
 * serials each and a response car every fourth PSU, spread across the sectors.
 */
export function buildRoster(count: number, venue: VenuePlan, places: ReadonlyMap<string, Place>, rng: Random): UnitSpec[] {
  const units: UnitSpec[] = [];
  for (const [unitId, callSign, kind, agency, sector, parentId, strength, home] of NAMED.slice(0, count)) {
    const at = places.get(home)?.location ?? venue.centre;
    units.push({ unitId, callSign, kind, agency, sector, parentId, strength, home: scatter(at, rng, 12) });
  }
  const bySector = placesBySector(venue, places);
  const sectors = venue.sectors.map((s) => s.id);
  let cars = 100;
  for (let psu = 30; units.length < count; psu++) {
    const sector = sectors[psu % sectors.length] ?? "olympic-way";
    const spots = bySector.get(sector) ?? [];
    const spot = () => scatter(spots.length ? rng.pick(spots).location : venue.centre, rng, 40);
    const parent = `psu-${psu}`;
    units.push({ unitId: parent, callSign: `PSU ${psu}`, kind: "psu", agency: "MPS", sector, parentId: null, strength: 25, home: spot() });
    for (const serial of ["a", "b", "c"]) {
      if (units.length >= count) break;
      const callSign = `${psu}${serial.toUpperCase()}`;
      units.push({
        unitId: `${parent}${serial}`,
        callSign,
        kind: "serial",
        agency: "MPS",
        sector,
        parentId: parent,
        strength: 7,
        home: spot(),
      });
    }
    if (psu % 4 === 0 && units.length < count) {
      const n = cars++;
      units.push({
        unitId: `qk-${n}`,
        callSign: `QK ${n}`,
        kind: "response",
        agency: "MPS",
        sector,
        parentId: null,
        strength: 2,
        home: spot(),
      });
    }
  }
  return units;
}

/** About 60 stewards, one or two a post; more when the deployment is scaled up. */
export function stewardCount(units: number): number {
  return Math.max(60, Math.round(units / 10));
}

export function buildStewards(count: number, venue: VenuePlan): StewardSpec[] {
  const stewards: StewardSpec[] = [];
  for (let i = 1; i <= count && venue.posts.length > 0; i++) {
    const post = venue.posts[(i - 1) % venue.posts.length];
    if (!post) continue;
    const number = String(i).padStart(4, "0");
    stewards.push({
      actor: { userId: `sim-steward-${number}`, role: "steward", name: `Steward ${number}` },
      postId: post.id,
      sector: post.sector,
    });
  }
  return stewards;
}

function scatter(at: LatLng, rng: Random, metres: number): LatLng {
  return offsetMetres(at, rng.jitter(0, metres / 2), rng.jitter(0, metres / 2));
}
