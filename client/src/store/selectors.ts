import { DEPLOYABLE_STATUSES, type Grade } from "../../../shared/domain";
import type { LatLng } from "../../../shared/events";
import type { Fix, Incident, OperationState, StewardReport, Unit } from "../../../shared/state";
import { distanceMetres } from "./distance";

/**
 * Pure views of the operation state that panels share. They build new arrays, so the hooks
 * that use them wrap them in useShallow: the items keep their identity from the fold.
 */

const GRADE_RANK: Record<Grade, number> = { I: 0, S: 1, E: 2, R: 3 };
const gradeRank = (g: Grade | null) => (g ? GRADE_RANK[g] : 4);

/** Queue order: live before resolved, then grade I, S, E, R, ungraded, then oldest first. */
export function compareIncidents(a: Incident, b: Incident): number {
  const resolved = Number(a.status === "resolved") - Number(b.status === "resolved");
  if (resolved !== 0) return resolved;
  return gradeRank(a.grade) - gradeRank(b.grade) || a.reportedAt - b.reportedAt || a.id.localeCompare(b.id);
}

/** Incidents not yet closed (resolved ones stay until control closes them), in queue order. */
export function openIncidents(state: OperationState): Incident[] {
  return Object.values(state.incidents)
    .filter((i) => i.status !== "closed")
    .sort(compareIncidents);
}

/** Steward reports awaiting triage, newest first. */
export function newReports(state: OperationState): StewardReport[] {
  return Object.values(state.reports)
    .filter((r) => r.status === "new")
    .sort((a, b) => b.receivedAt - a.receivedAt);
}

export function reportsBy(state: OperationState, userId: string): StewardReport[] {
  return Object.values(state.reports)
    .filter((r) => r.steward.userId === userId)
    .sort((a, b) => b.receivedAt - a.receivedAt);
}

/** Incidents a report could be merged into: same type first, then nearest, then newest. */
export function mergeCandidates(state: OperationState, report: StewardReport): Incident[] {
  const far = Number.POSITIVE_INFINITY;
  const distance = (i: Incident) => (report.location ? distanceMetres(report.location, i.location) : far);
  return Object.values(state.incidents)
    .filter((i) => i.status !== "closed" && i.status !== "resolved")
    .map((i) => ({ i, same: i.type === report.type ? 0 : 1, d: distance(i) }))
    .sort((a, b) => a.same - b.same || a.d - b.d || b.i.reportedAt - a.i.reportedAt)
    .map((x) => x.i);
}

export interface UnitOption {
  unit: Unit;
  metres: number | null;
}

/** Units free to take an incident at `at`: nearest first where positions are known. */
export function availableUnits(state: OperationState, positions: Readonly<Record<string, Fix>>, at: LatLng): UnitOption[] {
  return Object.values(state.units)
    .filter((u) => u.incidentId === null && DEPLOYABLE_STATUSES.includes(u.status))
    .map((unit) => {
      const fix = positions[unit.id];
      return { unit, metres: fix ? distanceMetres(fix, at) : null };
    })
    .sort(
      (a, b) =>
        (a.metres ?? Number.POSITIVE_INFINITY) - (b.metres ?? Number.POSITIVE_INFINITY) ||
        a.unit.callSign.localeCompare(b.unit.callSign, "en-GB", { numeric: true }),
    );
}

export function unitsByCallSign(state: OperationState): Unit[] {
  return Object.values(state.units).sort((a, b) => a.callSign.localeCompare(b.callSign, "en-GB", { numeric: true }));
}

/** Incidents a unit should know about in its sector, in queue order. */
export function sectorIncidents(state: OperationState, sector: string | null): Incident[] {
  if (!sector) return [];
  return openIncidents(state).filter((i) => i.sector === sector);
}
