import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";

export type CardMode = "merge" | "dismiss";

export interface TriageUi {
  /** The report card with its merge picker or dismiss form open, if any. */
  open: { reportId: string; mode: CardMode } | null;
  /** What the grade keys act on: the report in focus, or the selected incident. */
  target: "report" | "incident";
  /** The help overlay of keyboard shortcuts is showing. */
  help: boolean;
  openCard(reportId: string, mode: CardMode): void;
  closeCard(): void;
  setTarget(target: "report" | "incident"): void;
  toggleHelp(show?: boolean): void;
}

/**
 * Triage state that the keyboard and the report cards share. Screen state only: nothing here is
 * operation data, and nothing here is sent.
 */
export const triageUi = createStore<TriageUi>()((set, get) => ({
  open: null,
  target: "incident",
  help: false,
  openCard: (reportId, mode) => set({ open: { reportId, mode } }),
  closeCard: () => set({ open: null }),
  setTarget: (target) => set({ target }),
  toggleHelp: (show) => set({ help: show ?? !get().help }),
}));

export function useTriageUi<T>(selector: (s: TriageUi) => T): T {
  return useStore(triageUi, selector);
}
