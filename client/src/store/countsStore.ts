import { createStore, type StoreApi } from "zustand/vanilla";
import { type GateCount, mergeCount, RATE_WINDOW_MS } from "../../../shared/ingress";
import { type CountTuple, decodeCount } from "../../../shared/wire";

export interface CountsData {
  /** The latest reading per entrance group (count and queue merged, as the server holds it). */
  latest: Readonly<Record<string, GateCount>>;
  /** Per group, the counted readings of the last few minutes, oldest first: the rate is read from them. */
  recent: Readonly<Record<string, readonly GateCount[]>>;
}

export interface CountsActions {
  /** A `counts` frame: latest wins per group; a reading older than the one held changes nothing. */
  applyCounts(counts: readonly CountTuple[]): void;
  /** Replay's seek: the readings as they stood, replacing all (oldest first). */
  resetCounts(counts: readonly CountTuple[]): void;
}

export type Counts = CountsData & CountsActions;
export type CountsStore = StoreApi<Counts>;

/**
 * Turnstile counts (issue 11 item 7), apart from the board store like the positions: a counts
 * frame re-renders the ingress chart, not every incident and unit selector.
 */
export function createCountsStore(): CountsStore {
  return createStore<Counts>()((set, get) => ({
    latest: {},
    recent: {},

    applyCounts(tuples) {
      const { latest, recent } = get();
      let nextLatest: Record<string, GateCount> | null = null;
      let nextRecent: Record<string, readonly GateCount[]> | null = null;
      for (const t of tuples) {
        const c = decodeCount(t);
        const held = (nextLatest ?? latest)[c.groupId];
        if (held && held.at > c.at) continue;
        nextLatest ??= { ...latest };
        nextLatest[c.groupId] = held ? mergeCount(held, c) : c;
        if (c.count === null) continue;
        nextRecent ??= { ...recent };
        const kept = (nextRecent[c.groupId] ?? []).filter((r) => r.at >= c.at - RATE_WINDOW_MS && r.at < c.at);
        nextRecent[c.groupId] = [...kept, c];
      }
      if (nextLatest) set({ latest: nextLatest, ...(nextRecent ? { recent: nextRecent } : {}) });
    },

    resetCounts(tuples) {
      set({ latest: {}, recent: {} });
      get().applyCounts([...tuples].sort((a, b) => a[1] - b[1]));
    },
  }));
}
