import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { BoardSettings } from "../../../shared/statusTimers";

/**
 * The control board's settings (status timers, attendance targets), as the session routes gave
 * them at sign-in; null for other roles, and until the first session reply.
 */
export const boardSettings = createStore<{ settings: BoardSettings | null }>()(() => ({ settings: null }));

export function setBoardSettings(settings: BoardSettings | null | undefined): void {
  boardSettings.setState({ settings: settings ?? null });
}

export function useBoardSettings(): BoardSettings | null {
  return useStore(boardSettings, (s) => s.settings);
}
