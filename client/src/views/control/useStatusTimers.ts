import { useMemo } from "react";
import type { UnitStatus } from "../../../../shared/domain";
import type { Unit } from "../../../../shared/state";

/** Minutes each status may be held before the unit is flagged (CAD status timers). */
const TIMERS: Partial<Record<UnitStatus, number>> = {
  "en-route": 10 * 60_000,
  "on-scene": 45 * 60_000,
  committed: 60 * 60_000,
  refreshment: 45 * 60_000,
  returning: 15 * 60_000,
};

/** Units past their status timer at `now`, with how far past (ms). */
export function useStatusTimers(units: readonly Unit[], now: number): ReadonlyMap<string, number> {
  return useMemo(() => {
    const out = new Map<string, number>();
    for (const u of units) {
      const limit = TIMERS[u.status];
      if (limit !== undefined && now - u.statusSince > limit) out.set(u.id, now - u.statusSince - limit);
    }
    return out;
  }, [units, now]);
}
