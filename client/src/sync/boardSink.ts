import type { BoardStore } from "../store/boardStore";
import type { SyncSink } from "./syncEngine";

/** The board store as the sync engine's sink: the same fold in the browser and in the tests. */
export function boardSink(store: BoardStore): SyncSink {
  const board = () => store.getState();
  return {
    seq: () => board().state.seq,
    head: () => board().connection.head,
    applySync: (reply) => board().applySync(reply),
    applyEvent: (e) => board().applyEvent(e),
    setHead: (seq) => board().setHead(seq),
  };
}
