import type { IncidentType, UnitKind } from "../domain";
import { KIND_WORDS, SUITABILITY, TRAVEL } from "./suitability";
import type { Stretch } from "./walkRoute";

/** How a unit would get there: along the routes, in a straight line (no route near), flying, or unknown. */
export type TripMode = "route" | "straight" | "air";

export interface Trip {
  mode: TripMode;
  metres: number;
  seconds: number;
  stretches: readonly Stretch[];
}

/** What the reason needs to know about one ranked unit. */
export interface ReasonFacts {
  kind: UnitKind;
  status: "available" | "returning" | "refreshment";
  tier: number | null;
  trip: Trip | null;
  /** The first available, suitable unit of its kind with a known position in the ranking. */
  nearestOfKind: boolean;
  /** The first of the ranking: the recommended pick. */
  pick: boolean;
}

/**
 * The reason shown beside a recommended unit, e.g. "nearest available PSU for a missile, 3 min on
 * foot via Olympic Way" or "dog unit, no route nearby, 400 m straight line, ~5 min".
 */
export function reasonFor(type: IncidentType, facts: ReasonFacts): string {
  return `${who(type, facts)}, ${how(facts)}`;
}

function who(type: IncidentType, f: ReasonFacts): string {
  const kind = KIND_WORDS[f.kind];
  const phrase = SUITABILITY[type].phrase;
  if (f.tier === null) return `${kind}, not suited to ${phrase}`;
  if (f.status !== "available") return `${kind}, ${f.status === "returning" ? "returning" : "on refreshment"}`;
  if (f.nearestOfKind) return f.pick ? `nearest available ${kind} for ${phrase}` : `nearest available ${kind}`;
  return `${kind} for ${phrase}`;
}

function how(f: ReasonFacts): string {
  const trip = f.trip;
  if (!trip) return "position unknown";
  if (trip.mode === "air") return `${distanceWords(trip.metres)} straight line, ~${wholeMinutes(trip.seconds)} min ${TRAVEL[f.kind].words}`;
  if (trip.mode === "straight") return `no route nearby, ${distanceWords(trip.metres)} straight line, ~${wholeMinutes(trip.seconds)} min`;
  const time = trip.seconds < 60 ? "under 1 min" : `${wholeMinutes(trip.seconds)} min`;
  const via = mainStretches(trip.stretches);
  return `${time} ${TRAVEL[f.kind].words}${via.length > 0 ? ` via ${via.join(" and ")}` : ""}`;
}

/** The two longest stretches of a walk, in the order walked: the names a controller would say. */
export function mainStretches(stretches: readonly Stretch[]): string[] {
  const longest = [...stretches].sort((a, b) => b.metres - a.metres).slice(0, 2);
  return stretches.filter((s) => longest.includes(s)).map((s) => s.name);
}

const wholeMinutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));

function distanceWords(metres: number): string {
  return metres < 1000 ? `${Math.round(metres / 10) * 10} m` : `${(metres / 1000).toFixed(1)} km`;
}
