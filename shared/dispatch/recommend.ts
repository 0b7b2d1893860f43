import { DEPLOYABLE_STATUSES, type IncidentType } from "../domain";
import type { LatLng } from "../events";
import { distanceMetres } from "../geo";
import type { Fix, Unit } from "../state";
import { type ReasonFacts, reasonFor, type Trip, type TripMode } from "./reasons";
import { STATION_RADIUS_M, suitabilityTier, TRAVEL } from "./suitability";
import type { WalkGraph } from "./walkGraph";
import { type Joined, joinGraph, legStretches, routeBetween, type Stretch } from "./walkRoute";

export type { TripMode } from "./reasons";

/** What the recommender needs of an incident (an Incident will do). */
export interface DispatchIncident {
  type: IncidentType;
  location: LatLng;
}

export interface RecommendInput {
  incident: DispatchIncident;
  /** Every unit of the operation; those not free to deploy are left out of the answer. */
  units: Iterable<Unit>;
  /** Latest fix per unit id (the positions lane). */
  positions: Readonly<Record<string, Fix>>;
  /** `buildWalkGraph(plan)`, built once per plan. */
  graph: WalkGraph;
}

export interface Recommendation {
  unit: Unit;
  /** Seconds to get there at the kind's speed (TRAVEL); null when the position is unknown. */
  etaSeconds: number | null;
  /** Metres to get there (along the routes, or straight for `mode` "straight"/"air"); null when unknown. */
  metres: number | null;
  /** How: along the routes, a straight line (no route within 150 m, or none joins), flying; null: unknown. */
  mode: TripMode | null;
  /** Names of the routes and walkways walked, in order, each once; empty unless `mode` is "route". */
  via: readonly string[];
  /** Preference tier for the incident type (0 = first choice); null = unsuitable. */
  suitability: number | null;
  /** Status "available"; false for a unit returning or on refreshment (deployable, second choice). */
  available: boolean;
  /** One line for control: "nearest available PSU for a missile, 3 min on foot via Olympic Way". */
  reason: string;
}

interface Row {
  unit: Unit;
  tier: number | null;
  trip: Trip | null;
}

/**
 * Units to send to an incident, best first; the first is the recommended pick. Only units free to
 * deploy are listed (no incident, status in DEPLOYABLE_STATUSES). Order: suitable before
 * unsuitable (unsuitable kinds are listed last, marked `suitability: null`, so control can still
 * overrule); status "available" before returning or on refreshment; known position before
 * unknown; preference tier; then the estimated time to get there; then call sign.
 *
 * Pure, no clock. One path search per distinct point units join the graph at (and those are
 * memoised per graph), so a thousand units cost a thousand raster look-ups and a sort: about
 * 1 ms (`npm run bench -- dispatch`). Call `recommendedPick` for the unit to offer first.
 */
export function recommendUnits(input: RecommendInput): Recommendation[] {
  const { incident, graph } = input;
  const atStation = graph.stations.some((s) => distanceMetres(s, incident.location) <= STATION_RADIUS_M);
  const trips = tripPlanner(graph, incident.location);
  const rows: Row[] = [];
  for (const unit of input.units) {
    if (unit.incidentId !== null || !DEPLOYABLE_STATUSES.includes(unit.status)) continue;
    const fix = input.positions[unit.id];
    rows.push({ unit, tier: suitabilityTier(incident.type, unit.kind, atStation), trip: fix ? trips(fix, unit) : null });
  }
  rows.sort(compareRows);
  const seenKinds = new Set<string>();
  return rows.map((row, i) => {
    const { unit, tier, trip } = row;
    const nearestOfKind = tier !== null && unit.status === "available" && trip !== null && !seenKinds.has(unit.kind);
    if (nearestOfKind) seenKinds.add(unit.kind);
    const facts: ReasonFacts = { kind: unit.kind, status: unit.status as ReasonFacts["status"], tier, trip, nearestOfKind, pick: i === 0 };
    return {
      unit,
      etaSeconds: trip ? Math.round(trip.seconds) : null,
      metres: trip ? Math.round(trip.metres) : null,
      mode: trip?.mode ?? null,
      via: trip ? trip.stretches.map((s) => s.name) : [],
      suitability: tier,
      available: unit.status === "available",
      reason: reasonFor(incident.type, facts),
    };
  });
}

/**
 * The unit to offer as "assign recommended": the first of the ranking when it suits the incident
 * (it may be returning or on refreshment if nothing better is free); null when no suitable unit
 * is free, so an unsuitable one is never recommended.
 */
export function recommendedPick(ranking: readonly Recommendation[]): Recommendation | null {
  const first = ranking[0];
  return first && first.suitability !== null ? first : null;
}

const rank = (b: boolean) => (b ? 0 : 1);
/** One collator for every ranking: localeCompare with options builds one per comparison (issue 14). */
const callSignOrder = new Intl.Collator("en-GB", { numeric: true }).compare;

function compareRows(a: Row, b: Row): number {
  return (
    rank(a.tier !== null) - rank(b.tier !== null) ||
    rank(a.unit.status === "available") - rank(b.unit.status === "available") ||
    rank(a.trip !== null) - rank(b.trip !== null) ||
    (a.tier ?? 0) - (b.tier ?? 0) ||
    (a.trip?.seconds ?? 0) - (b.trip?.seconds ?? 0) ||
    callSignOrder(a.unit.callSign, b.unit.callSign) ||
    (a.unit.id < b.unit.id ? -1 : a.unit.id > b.unit.id ? 1 : 0)
  );
}

/**
 * Trips to one incident. The incident joins the graph once; each point a unit joins at is
 * routed once per call (and its junction pairs once per graph).
 */
function tripPlanner(graph: WalkGraph, to: LatLng): (from: LatLng, unit: Unit) => Trip {
  const target = joinGraph(graph, to);
  const walks = new Map<number, { metres: number; stretches: readonly Stretch[] } | null>();
  const walkFrom = (start: Joined, end: Joined) => {
    if (!walks.has(start.node)) {
      const route = routeBetween(graph, start.node, end.node);
      walks.set(start.node, Number.isFinite(route.metres) ? { metres: route.metres, stretches: legStretches(graph, route.legs) } : null);
    }
    return walks.get(start.node) ?? null;
  };
  return (from, unit) => {
    const travel = TRAVEL[unit.kind];
    const straight = (mode: TripMode): Trip => {
      const metres = distanceMetres(from, to);
      return { mode, metres, seconds: metres / travel.metresPerSecond, stretches: [] };
    };
    if (travel.flies) return straight("air");
    const start = target ? joinGraph(graph, from) : null;
    const walk = start && target ? walkFrom(start, target) : null;
    if (!start || !target || !walk) return straight("straight");
    const metres = start.metres + walk.metres + target.metres;
    return { mode: "route", metres, seconds: metres / travel.metresPerSecond, stretches: walk.stretches };
  };
}
