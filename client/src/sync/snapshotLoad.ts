import type { SnapshotPage, SnapshotPart, SyncReply } from "../../../shared/protocol";
import { assembleSnapshot, decodeSnapshotPart } from "../../../shared/snapshot";

/** Where a paged snapshot has got to: what the next hello asks for. */
export interface SnapshotCursor {
  seq: number;
  page: number;
}

/**
 * The pages of a snapshot too big for one hello reply (docs/protocol.md §3), kept until the last
 * one is in and then put together as one reset: the board never shows half a state. Survives a
 * reconnect: the next hello asks for the next page, and a server that no longer holds that
 * snapshot answers page 1 of a new one, which starts the load again.
 */
export interface SnapshotLoad {
  /** The next page to ask for, while a snapshot is loading; null otherwise. */
  cursor(): SnapshotCursor | null;
  /** Takes a page; the whole state as a reset once the last page is in, else null. */
  add(page: SnapshotPage): SyncReply | null;
}

export function createSnapshotLoad(): SnapshotLoad {
  let seq = 0;
  let pages = 0;
  let parts: SnapshotPart[] = [];
  return {
    cursor: () => (parts.length > 0 ? { seq, page: parts.length + 1 } : null),
    add(page) {
      if (page.page === 1) {
        seq = page.seq;
        pages = page.pages;
        parts = [decodeSnapshotPart(page.data)];
      } else if (parts.length > 0 && page.seq === seq && page.pages === pages && page.page === parts.length + 1) {
        parts.push(decodeSnapshotPart(page.data));
      } else {
        // Not the page asked for (should not happen): drop what we have, the next hello starts afresh.
        parts = [];
        return null;
      }
      if (parts.length < pages) return null;
      const state = assembleSnapshot(parts);
      parts = [];
      return { mode: "reset", state, head: page.head, positions: page.positions, complete: page.complete };
    },
  };
}
