import { entityOf } from "../../shared/collection";
import type { OperationState } from "../../shared/state";

interface Memo {
  /** The operation's units collection the sectors were read from. */
  units: OperationState["units"];
  sectors: Map<string, string | null>;
}

/**
 * A unit's sector by id (undefined for a unit the operation does not have), as the positions lane
 * asks it for every fix: up to 3,500 a second, twice each (issue 14). The answers are kept while
 * the operation's units are the same collection: the fold makes a new one on any change to any
 * unit, so a unit moved to another sector is never answered from an older state. Unknown ids are
 * not kept (made-up ids must cost no memory).
 */
export function unitSectors(
  stateOf: (opId: string) => OperationState | undefined,
): (opId: string, unitId: string) => string | null | undefined {
  const memos = new Map<string, Memo>();
  return (opId, unitId) => {
    const state = stateOf(opId);
    if (!state) {
      memos.delete(opId);
      return undefined;
    }
    let memo = memos.get(opId);
    if (memo?.units !== state.units) {
      memo = { units: state.units, sectors: new Map() };
      memos.set(opId, memo);
    }
    const known = memo.sectors.get(unitId);
    if (known !== undefined) return known;
    const unit = entityOf(state.units, unitId);
    if (!unit) return undefined;
    memo.sectors.set(unitId, unit.sector);
    return unit.sector;
  };
}
