import { type ReactNode, useEffect, useRef, useState } from "react";
import { isUnreachable } from "../api/http";
import { listOperations, type OperationSummary } from "../api/operations";
import { useAuth } from "../auth/AuthContext";
import { recallOp, rememberOp } from "../auth/offlineMemory";
import { requestedOpId } from "../routing/location";
import { BoardProvider } from "../store/BoardContext";
import { type BoardStore, createBoardStore } from "../store/boardStore";
import { OpenOperationForm } from "../views/control/OpenOperationForm";
import { type BoardConnection, connectBoard } from "./connection";

type OpsState = { status: "loading" } | { status: "ready"; opId: string } | { status: "none" } | { status: "error"; message: string };

const RETRY_MS = 10_000;

/**
 * Picks the operation (`?op=ID`, else the newest), then builds the board store and its socket
 * connection for it. Everything under it reads the store; the connection closes on unmount.
 */
export function BoardSession({ children, onSessionEnded }: { children: ReactNode; onSessionEnded(reason: string): void }) {
  const { user } = useAuth();
  const [ops, setOps] = useState<OpsState>({ status: "loading" });

  useEffect(function loadOperations() {
    let cancelled = false;
    let retry: number | undefined;
    const settle = (next: OpsState) => {
      if (cancelled) return;
      setOps(next);
      // Nothing to open yet (or the server is away): look again shortly.
      if (next.status !== "ready") retry = window.setTimeout(load, RETRY_MS);
    };
    const load = () => {
      listOperations()
        .then((list) => {
          const picked = pick(list);
          if (picked.status === "ready") rememberOp(picked.opId);
          settle(picked);
        })
        .catch((err: Error) => {
          // Offline: open the operation this phone was last on; the socket catches up later.
          const last = isUnreachable(err) ? recallOp() : null;
          settle(last ? { status: "ready", opId: last } : { status: "error", message: err.message });
        });
    };
    load();
    return () => {
      cancelled = true;
      window.clearTimeout(retry);
    };
  }, []);

  if (ops.status === "loading") return <div className="splash">Loading operations…</div>;
  if (ops.status === "error") return <div className="splash">Cannot load operations: {ops.message} Retrying…</div>;
  if (ops.status === "none") {
    return user.role === "commander" ? (
      <OpenOperationForm onOpened={(op) => setOps({ status: "ready", opId: op.id })} />
    ) : (
      <div className="splash">No operation is open yet. This page will load it as soon as control opens one.</div>
    );
  }
  return (
    <LiveBoard opId={ops.opId} onSessionEnded={onSessionEnded}>
      {children}
    </LiveBoard>
  );
}

function pick(list: OperationSummary[]): OpsState {
  const wanted = requestedOpId();
  const op = (wanted && list.find((o) => o.id === wanted)) || list[0];
  return op ? { status: "ready", opId: op.id } : { status: "none" };
}

function LiveBoard({ opId, children, onSessionEnded }: { opId: string; children: ReactNode; onSessionEnded(reason: string): void }) {
  const { user } = useAuth();
  const [value, setValue] = useState<{ store: BoardStore; connection: BoardConnection } | null>(null);
  const ended = useRef(onSessionEnded);
  ended.current = onSessionEnded;

  useEffect(
    function connectToOperation() {
      const store = createBoardStore({ user, opId });
      const connection = connectBoard(store, { opId, onSessionEnded: (reason) => ended.current(reason) });
      setValue({ store, connection });
      return () => connection.close();
    },
    [user, opId],
  );

  if (!value) return <div className="splash">Connecting…</div>;
  return <BoardProvider value={value}>{children}</BoardProvider>;
}
