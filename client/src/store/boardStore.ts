import { createStore, type StoreApi } from "zustand/vanilla";
import type { Role } from "../../../shared/domain";
import type { CordonEvent } from "../../../shared/events";
import { evolve, foldEvents } from "../../../shared/evolve";
import type { SyncReply } from "../../../shared/protocol";
import { type Fix, initialState, type OperationState } from "../../../shared/state";
import { decodeFix, type PositionTuple } from "../../../shared/wire";
import type { User } from "../api/session";

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
  positions: Readonly<Record<string, Fix>>;
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
  /** A live positions frame: latest wins per unit; untouched units keep their Fix object. */
  applyPositions(fixes: readonly PositionTuple[]): void;
  setStatus(status: ConnectionStatus): void;
  setHead(seq: number): void;
  select(selection: Partial<Selection>): void;
}

export type Board = BoardData & BoardActions;
export type BoardStore = StoreApi<Board>;

/**
 * The control audience receives every event, so its seqs are contiguous and a skipped seq is a
 * gap to repair; stewards and officers see only what they are entitled to, so holes are normal.
 */
export function hasContiguousSeqs(role: Role | undefined): boolean {
  return role === "commander" || role === "controller";
}

export function createBoardStore(init: { user?: User | null; opId?: string | null } = {}): BoardStore {
  const contiguous = hasContiguousSeqs(init.user?.role);
  return createStore<Board>()((set, get) => ({
    state: initialState,
    positions: {},
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
      set({
        state,
        positions: decodePositions(reply.positions),
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
      const current = get().positions;
      let next: Record<string, Fix> | null = null;
      for (const tuple of fixes) {
        const fix = decodeFix(tuple);
        const known = (next ?? current)[fix.unitId];
        // Latest wins: a fix older than the one held (a late frame) changes nothing.
        if (known && known.at > fix.at) continue;
        if (known && known.at === fix.at && known.lat === fix.lat && known.lng === fix.lng) continue;
        next ??= { ...current };
        next[fix.unitId] = fix;
      }
      if (next) set({ positions: next });
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

function decodePositions(tuples: readonly PositionTuple[]): Record<string, Fix> {
  const out: Record<string, Fix> = {};
  for (const t of tuples) out[t[0]] = decodeFix(t);
  return out;
}
