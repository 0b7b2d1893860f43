import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { LatLng } from "../../../../shared/events";

/** Which form is waiting for a click on the map, if any. */
export type PickFor = "create" | "correct" | "methane";

export interface ControlUiState {
  /** The "New incident" panel is open. */
  createOpen: boolean;
  /** Bumped by `focusIncidentSearch`: the queue's search box focuses itself when it changes. */
  searchFocus: number;
  /** A form asked for a location by clicking on the map. */
  picking: PickFor | null;
  /** The last point clicked in pick mode, with the form it was for. */
  picked: { for: PickFor; at: LatLng; n: number } | null;
  /** The point an open form would put the incident at, drawn on the map. */
  draft: LatLng | null;
}

export interface ControlUiActions {
  openCreate(): void;
  closeCreate(): void;
  focusIncidentSearch(): void;
  startPick(target: PickFor): void;
  cancelPick(): void;
  /** The map was clicked in pick mode: hand the point to the form that asked, leave pick mode. */
  pickAt(at: LatLng): void;
  setDraft(at: LatLng | null): void;
}

export type ControlUi = ControlUiState & ControlUiActions;

/**
 * UI state of the control board's incident forms that lives outside any one component: the
 * global keyboard handler (the lead's) calls `openCreate()` and `focusIncidentSearch()`, and the
 * map's pick mode talks to whichever form asked. Nothing here is operation data.
 */
export const controlUi = createStore<ControlUi>()((set, get) => ({
  createOpen: false,
  searchFocus: 0,
  picking: null,
  picked: null,
  draft: null,
  openCreate: () => set({ createOpen: true }),
  closeCreate: () => set({ createOpen: false, picking: get().picking === "create" ? null : get().picking }),
  focusIncidentSearch: () => set({ searchFocus: get().searchFocus + 1 }),
  startPick: (target) => set({ picking: target }),
  cancelPick: () => set({ picking: null }),
  pickAt(at) {
    const target = get().picking;
    if (!target) return;
    set({ picking: null, picked: { for: target, at, n: (get().picked?.n ?? 0) + 1 } });
  },
  setDraft: (at) => set({ draft: at }),
}));

export const openCreate = (): void => controlUi.getState().openCreate();
export const focusIncidentSearch = (): void => controlUi.getState().focusIncidentSearch();

export function useControlUi<T>(selector: (s: ControlUi) => T): T {
  return useStore(controlUi, selector);
}
