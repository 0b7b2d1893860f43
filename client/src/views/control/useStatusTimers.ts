import { useMemo } from "react";
import { staleUnits } from "../../../../shared/statusTimers";
import { useBoardSettings } from "../../api/boardSettings";
import { useUnitMap } from "../../store/hooks";

/**
 * Units past their CAD status timer at `now` (STATUS_TIMERS, from the session reply), with how
 * far past (ms). Without settings (not yet signed in as control) nothing is flagged.
 */
export function useStatusTimers(now: number): ReadonlyMap<string, number> {
  const timers = useBoardSettings()?.statusTimersMs;
  const units = useUnitMap();
  return useMemo(() => (timers ? staleUnits(units, timers, now) : new Map<string, number>()), [units, now, timers]);
}
