import { UNIT_KINDS, UNIT_STATUSES, type UnitKind, type UnitStatus } from "../../../../shared/domain";
import type { Unit } from "../../../../shared/state";

/** The unit board's filters: empty strings mean "any". */
export interface UnitFilter {
  text: string;
  kind: UnitKind | "";
  status: UnitStatus | "";
  sector: string;
  /** Only units past their status timer (needs the overdue set). */
  overdueOnly: boolean;
}

export const NO_UNIT_FILTER: UnitFilter = { text: "", kind: "", status: "", sector: "", overdueOnly: false };

/** Units that pass every filter, in the order given (call sign order from the store). */
export function filterUnits(units: readonly Unit[], f: UnitFilter, overdue?: ReadonlySet<string> | ReadonlyMap<string, unknown>): Unit[] {
  const needle = f.text.trim().toLowerCase();
  return units.filter(
    (u) =>
      (!needle || u.callSign.toLowerCase().includes(needle)) &&
      (!f.kind || u.kind === f.kind) &&
      (!f.status || u.status === f.status) &&
      (!f.sector || u.sector === f.sector) &&
      (!f.overdueOnly || !overdue || overdue.has(u.id)),
  );
}

export type UnitListRow = { kind: "group"; key: string; count: number } | { kind: "unit"; unit: Unit };

/** One flat list of group headings and unit rows, for a virtualised list. Empty groups are left out. */
export function unitRows(units: readonly Unit[], grouping: "status" | "kind"): UnitListRow[] {
  const keys: readonly string[] = grouping === "status" ? UNIT_STATUSES : UNIT_KINDS;
  const groups = new Map<string, Unit[]>(keys.map((k) => [k, []]));
  for (const u of units) groups.get(grouping === "status" ? u.status : u.kind)?.push(u);
  const rows: UnitListRow[] = [];
  for (const [key, group] of groups) {
    if (group.length === 0) continue;
    rows.push({ kind: "group", key, count: group.length });
    for (const unit of group) rows.push({ kind: "unit", unit });
  }
  return rows;
}
