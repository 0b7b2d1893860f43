import { createStore, type StoreApi } from "zustand/vanilla";
import type { Fix } from "../../../shared/state";
import { decodeFix, type PositionTuple } from "../../../shared/wire";

export interface PositionsData {
  /** The newest fix per unit id. */
  positions: Readonly<Record<string, Fix>>;
}

export interface PositionsActions {
  /** A live positions frame: latest wins per unit; untouched units keep their Fix object. */
  applyPositions(fixes: readonly PositionTuple[]): void;
  /** A hello reply or a replay's seek: the fixes as the server holds them, replacing all. */
  resetPositions(fixes: readonly PositionTuple[]): void;
}

export type Positions = PositionsData & PositionsActions;
export type PositionsStore = StoreApi<Positions>;

/**
 * Unit positions, apart from the board store: a frame arrives every 50 ms, and only the markers
 * (and the few readers that sample it) should hear of it, not every incident and unit selector.
 */
export function createPositionsStore(): PositionsStore {
  return createStore<Positions>()((set, get) => ({
    positions: {},

    applyPositions(fixes) {
      const current = get().positions;
      let next: Record<string, Fix> | null = null;
      for (const tuple of fixes) {
        const fix = decodeFix(tuple);
        const known = (next ?? current)[fix.unitId];
        // Latest wins: a fix older than the one held (a late frame) changes nothing.
        if (known && known.at > fix.at) continue;
        if (known && known.at === fix.at && known.lat === fix.lat && known.lng === fix.lng) continue;
        next ??= { ...current };
        next[fix.unitId] = fix;
      }
      if (next) set({ positions: next });
    },

    resetPositions(fixes) {
      const out: Record<string, Fix> = {};
      for (const t of fixes) out[t[0]] = decodeFix(t);
      set({ positions: out });
    },
  }));
}
