import type { UnitKind } from "./domain";
import type { OperationState, Unit } from "./state";
import type { Sector } from "./venue";
import { openWarning } from "./warningFold";

/**
 * Sector cover (issue 11 item 2): each sector of the plan names the kinds of unit it must always
 * have available (`requires` on the sector's feature). A unit counts for its assigned sector when
 * it is available, holds no incident, and is not out of its sector (no open warning says so).
 * Pure: decide and the server's watcher read the same answer from the same state.
 */
export function availableFor(state: OperationState, u: Unit, sector: string): boolean {
  return u.sector === sector && u.status === "available" && u.incidentId === null && !openWarning(state, "unit-left-sector", u.id);
}

/**
 * The kinds the sector requires that it has units of, none of them available now, in the plan's
 * order. A kind the sector was never given a unit of is a gap in the deployment plan, not cover
 * lost during the operation: counting it would raise a warning for every sector the moment an
 * operation opens, before its units are registered.
 */
export function missingKinds(state: OperationState, sector: Pick<Sector, "id" | "requires">): UnitKind[] {
  if (sector.requires.length === 0) return [];
  const deployed = new Set<UnitKind>();
  const available = new Set<UnitKind>();
  for (const u of Object.values(state.units)) {
    if (u.sector !== sector.id) continue;
    deployed.add(u.kind);
    if (availableFor(state, u, sector.id)) available.add(u.kind);
  }
  return sector.requires.filter((k) => deployed.has(k) && !available.has(k));
}
