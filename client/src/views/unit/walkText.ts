import { TRAVEL } from "../../../../shared/dispatch/suitability";
import type { WalkRoute } from "../../../../shared/dispatch/walkRoute";
import type { UnitKind } from "../../../../shared/domain";
import { distanceMetres } from "../../../../shared/geo";

/** Closer than this, as the crow flies, the officer is there: no walk to speak of. */
const HERE_M = 30;

/**
 * "4 min on foot via Olympic Way": the walk to the job in the words control's recommender uses,
 * at the unit kind's speed through a crowd; "no route nearby" when either end is off the plan's
 * routes (the line on the map is then straight); "Here" within a few metres.
 */
export function walkText(route: WalkRoute, kind: UnitKind): string {
  const travel = TRAVEL[kind];
  const minutes = Math.max(1, Math.round(route.metres / travel.metresPerSecond / 60));
  const from = route.path[0];
  const to = route.path[route.path.length - 1];
  if (from && to && distanceMetres(from, to) < HERE_M) return "Here";
  const time = `${minutes} min ${travel.words}`;
  if (!route.onRoutes) return `${time}, no route nearby (${Math.round(route.metres / 10) * 10} m straight line)`;
  const via = route.via.filter((name) => name.length > 0).slice(0, 2);
  return via.length > 0 ? `${time} via ${via.join(" and ")}` : time;
}
