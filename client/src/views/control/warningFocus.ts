import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { Warning } from "../../../../shared/warnings";
import type { Board } from "../../store/boardStore";

/**
 * A sector to show on the map, asked for by the Warnings panel's "Show" (a sector's cover, a hot
 * entrance). `n` counts requests, so asking for the same sector again moves the map again.
 */
const focus = createStore<{ sector: string | null; n: number }>()(() => ({ sector: null, n: 0 }));

export function focusSector(sector: string): void {
  focus.setState((s) => ({ sector, n: s.n + 1 }));
}

export const useSectorFocus = () => useStore(focus);

/**
 * What "Show" does for a warning: the unit or incident it is about is selected (the map follows
 * the selection), and a sector-wide warning moves the map to the sector.
 */
export function showWarning(w: Warning, select: Board["select"]): void {
  switch (w.kind) {
    case "unit-left-sector":
      select({ unitId: w.subject, incidentId: null });
      return;
    case "bronze-unacknowledged":
      select({ incidentId: w.subject });
      return;
    case "sector-cover":
    case "entrance-hot":
      if (w.sector) focusSector(w.sector);
      return;
  }
}
