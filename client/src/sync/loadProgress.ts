import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";

/**
 * How far a paged snapshot has loaded (docs/protocol.md §3), for the connection badge: a board
 * that loads a long operation says "Loading the operation… 3 of 14" instead of sitting blank.
 * Kept apart from the board store: it describes the connection, not the operation's state.
 */
export interface LoadProgress {
  page: number;
  pages: number;
}

const progress = createStore<{ loading: LoadProgress | null }>()(() => ({ loading: null }));

/** A page came in: shown while pages remain, cleared with the last. */
export function setLoadProgress(page: number, pages: number): void {
  progress.setState({ loading: page < pages ? { page, pages } : null });
}

export function clearLoadProgress(): void {
  progress.setState({ loading: null });
}

export function useLoadProgress(): LoadProgress | null {
  return useStore(progress, (s) => s.loading);
}

export function loadingText(p: LoadProgress): string {
  return `Loading the operation… ${p.page} of ${p.pages}`;
}
