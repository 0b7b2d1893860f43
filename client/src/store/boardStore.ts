import { createStore, type StoreApi } from "zustand/vanilla";
import { WHOLE_BOARD_ROLES } from "../../../shared/commandRoles";
import type { Role } from "../../../shared/domain";
import type { CordonEvent } from "../../../shared/events";
import { evolve, foldEvents } from "../../../shared/evolve";
import type { SyncReply } from "../../../shared/protocol";
import { initialState, type OperationState } from "../../../shared/state";
import type { PositionTuple } from "../../../shared/wire";
import type { User } from "../api/session";
import { type CountsStore, createCountsStore } from "./countsStore";
import { createPositionsStore, type Positions, type PositionsStore } from "./positionsStore";

export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "offline";

export interface Connection {
  status: ConnectionStatus;
  /** The log's head as the server last announced it. */
  head: number;
  /** Seq of the last event the store applied (equals state.seq). */
  lastSeq: number;
}

export interface Selection {
  incidentId: string | null;
  unitId: string | null;
  /** The steward report in focus in triage (keyboard: next report). */
  reportId: string | null;
}

export interface BoardData {
  state: OperationState;
  /**
   * The unit positions' own store, made with this one and never replaced: a positions frame
   * notifies its subscribers (the markers), not this store's (positionsStore.ts).
   */
  positionsStore: PositionsStore;
  /** Turnstile counts' own store (countsStore.ts): a counts frame re-renders only the ingress chart. */
  countsStore: CountsStore;
  connection: Connection;
  user: User | null;
  opId: string | null;
  selection: Selection;
}

/** What happened to a live event: folded in, already had it, or it skipped one (resync). */
export type ApplyResult = "applied" | "stale" | "gap";

export interface BoardActions {
  /** A `sync:hello` reply: replace the state wholesale (reset) or fold the missed events. */
  applySync(reply: SyncReply): void;
  applyEvent(event: CordonEvent): ApplyResult;
  /** A live positions frame, passed to the positions store: this store's subscribers hear nothing. */
  applyPositions(fixes: readonly PositionTuple[]): void;
  setStatus(status: ConnectionStatus): void;
  setHead(seq: number): void;
  select(selection: Partial<Selection>): void;
}

export type Board = BoardData & BoardActions;
export type BoardStore = StoreApi<Board>;

/**
 * The control audience (Gold, Silver, control) receives every event, so its seqs are contiguous
 * and a skipped seq is a gap to repair; Bronzes, stewards and officers see only what they are
 * entitled to, so holes are normal.
 */
export function hasContiguousSeqs(role: Role | undefined): boolean {
  return role !== undefined && WHOLE_BOARD_ROLES.includes(role);
}

export function createBoardStore(init: { user?: User | null; opId?: string | null } = {}): BoardStore {
  const contiguous = hasContiguousSeqs(init.user?.role);
  const positionsStore = createPositionsStore();
  const countsStore = createCountsStore();
  return createStore<Board>()((set, get) => ({
    state: initialState,
    positionsStore,
    countsStore,
    connection: { status: "connecting", head: 0, lastSeq: 0 },
    user: init.user ?? null,
    opId: init.opId ?? null,
    selection: { incidentId: null, unitId: null, reportId: null },

    applySync(reply) {
      const { state: current, connection } = get();
      const folded = reply.mode === "reset" ? reply.state : foldEvents(current, reply.events);
      const head = Math.max(reply.head ?? 0, folded.seq);
      // A filtered audience was sent everything it may see up to the head: the events in
      // between are not for it, so the next hello need not ask for them again.
      const state = contiguous ? folded : { ...folded, seq: head };
      positionsStore.getState().resetPositions(reply.positions);
      set({
        state,
        connection: { ...connection, head, lastSeq: state.seq },
      });
    },

    applyEvent(event) {
      const { state, connection } = get();
      if (event.seq <= state.seq) return "stale";
      if (contiguous && event.seq > state.seq + 1) return "gap";
      const next = evolve(state, event);
      set({
        state: next,
        connection: { ...connection, head: Math.max(connection.head, event.seq), lastSeq: next.seq },
      });
      return "applied";
    },

    applyPositions(fixes) {
      positionsStore.getState().applyPositions(fixes);
    },

    setStatus(status) {
      const { connection } = get();
      if (connection.status !== status) set({ connection: { ...connection, status } });
    },

    setHead(seq) {
      const { connection } = get();
      if (seq > connection.head) set({ connection: { ...connection, head: seq } });
    },

    select(selection) {
      set({ selection: { ...get().selection, ...selection } });
    },
  }));
}

/** The positions as they are now, for readers that sample rather than subscribe. */
export function positionsOf(store: BoardStore): Positions["positions"] {
  return store.getState().positionsStore.getState().positions;
}
