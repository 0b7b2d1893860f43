import type { LatLng } from "./events";
import type { VenuePlan } from "./venue";

/**
 * The venue plan's entrance groups (issue 11 item 7): each entrance feature lists its banks of
 * turnstiles in `properties.groups` ({id, name, turnstiles, perMinute, capacity}); a small
 * entrance is one group, a big one (Bobby Moore, the away end's H) two. Turnstile counts are
 * read per group. `perMinute` is the bank's throughput (people a minute at full flow),
 * `capacity` the seats it serves (the most that should pass it in a match).
 */
export interface EntranceGroup {
  id: string;
  name: string;
  entranceId: string;
  entranceName: string;
  sector: string;
  turnstiles: number;
  perMinute: number;
  capacity: number;
  location: LatLng;
}

interface GroupProps {
  id?: unknown;
  name?: unknown;
  turnstiles?: unknown;
  perMinute?: unknown;
  capacity?: unknown;
}

const positive = (x: unknown): number => (typeof x === "number" && Number.isFinite(x) && x > 0 ? x : 0);

/** Every entrance group of the plan, in the plan's order. */
export function entranceGroups(plan: Pick<VenuePlan, "features">): EntranceGroup[] {
  const out: EntranceGroup[] = [];
  for (const f of plan.features.features) {
    const p = f.properties;
    if (p.kind !== "entrance" || f.geometry.type !== "Point" || !Array.isArray(p.groups)) continue;
    const [lng, lat] = f.geometry.coordinates;
    for (const g of p.groups as GroupProps[]) {
      if (typeof g.id !== "string" || typeof g.name !== "string") continue;
      out.push({
        id: g.id,
        name: g.name,
        entranceId: p.id,
        entranceName: p.name,
        sector: p.sector ?? "",
        turnstiles: positive(g.turnstiles),
        perMinute: positive(g.perMinute),
        capacity: positive(g.capacity),
        location: { lat: lat ?? 0, lng: lng ?? 0 },
      });
    }
  }
  return out;
}

/** The plan's groups by id, built once per plan object (a count frame looks one up per reading). */
const byPlan = new WeakMap<object, ReadonlyMap<string, EntranceGroup>>();
export function entranceGroupById(plan: Pick<VenuePlan, "features">): ReadonlyMap<string, EntranceGroup> {
  let map = byPlan.get(plan.features);
  if (!map) {
    map = new Map(entranceGroups(plan).map((g) => [g.id, g]));
    byPlan.set(plan.features, map);
  }
  return map;
}
