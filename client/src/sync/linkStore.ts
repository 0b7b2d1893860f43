import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import { useOptionalBoardContext } from "../store/BoardContext";
import { hasContiguousSeqs } from "../store/boardStore";
import { commandBlock, initialLink, isFrozen, type LinkObservation, type LinkState, nextLink } from "./linkRules";

/**
 * Whether the board is the server's present (linkRules.ts), one small vanilla store per
 * connection, fed by `connection.ts` from outside React. Kept apart from the board store: it
 * describes the link, not the operation, and changes on its own clock (the lag grace, the fade).
 */
export type LinkStore = StoreApi<LinkState>;

export function createLinkStore(): LinkStore {
  return createStore<LinkState>()(() => initialLink);
}

/** Folds one observation in; the store notifies only when something changed. */
export function observeLink(store: LinkStore, o: LinkObservation): void {
  const prev = store.getState();
  const next = nextLink(prev, o);
  if (next !== prev) store.setState(next, true);
}

/** Pages with no board (sign-in) read a link that is never frozen. */
const noBoard = createLinkStore();

export function useLink<T>(select: (link: LinkState) => T): T {
  return useStore(useOptionalBoardContext()?.connection.link ?? noBoard, select);
}

/** The server time the board froze at, or null while it is current. */
export function useFrozenAt(): number | null {
  return useLink((l) => l.frozenAt);
}

export function useIsFrozen(): boolean {
  return useLink(isFrozen);
}

/** Why this screen may not send a command now (control only), or null. */
export function useCommandBlock(): string | null {
  const board = useOptionalBoardContext();
  const control = board ? hasContiguousSeqs(board.store.getState().user?.role) : false;
  return useLink((l) => commandBlock(l, control));
}
