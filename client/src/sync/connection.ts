import { io } from "socket.io-client";
import { type Ack, ErrorCode } from "../../../shared/errors";
import type { StewardCountReport } from "../../../shared/ingressProtocol";
import type { PositionReport } from "../../../shared/protocol";
import { currentUser } from "../api/session";
import { type BoardStore, hasContiguousSeqs } from "../store/boardStore";
import { toast } from "../ui/toasts";
import { boardSink } from "./boardSink";
import { createLinkStore, type LinkStore, observeLink } from "./linkStore";
import { clearLoadProgress, setLoadProgress } from "./loadProgress";
import type { SendCommand } from "./sendCommand";
import { createServerClock, type ServerClock } from "./serverClock";
import { createSyncEngine } from "./syncEngine";
import { type CordonSocket, socketTransport, systemTimers } from "./transport";

/** What views use to talk to the server; the store carries everything they read. */
export interface BoardConnection {
  sendCommand: SendCommand;
  reportPositions(fixes: PositionReport["fixes"]): Promise<Ack<{ stored: number }>>;
  /** A steward's gate count (issue 11 item 7): sent now or not at all (a stale count is no use). Absent in replay. */
  reportCount?(report: Omit<StewardCountReport, "opId">): Promise<Ack<{ stored: number }>>;
  /** The server's time now (record times are the server's), estimated from its `head` stamps. */
  now(): number;
  clock: ServerClock;
  /**
   * Whether the board is the server's present: the stale banner, frozen timers, the command gate.
   * Absent where there is no live link (replay), which is then never frozen.
   */
  link?: LinkStore;
  close(): void;
}

export interface ConnectOptions {
  opId: string;
  /** The server ended the session (sign-out elsewhere, or the session expired). */
  onSessionEnded(reason: string): void;
}

/** How often the link is looked at besides on every change: the lag grace and the fade run on it. */
const LINK_TICK_MS = 500;

/** Shown once, and kept up, when this page speaks another protocol version than the server. */
export const RELOAD_MESSAGE = "Cordon was updated: reload the page";
const FOREVER_MS = 24 * 3600_000;

/**
 * The browser's adapter over the sync engine (syncEngine.ts): makes the socket, feeds the board
 * store through the engine, and turns what the engine reports into status, toasts and sign-out.
 * Positions, the clock and the browser's online/offline events are handled here.
 */
export function connectBoard(store: BoardStore, { opId, onSessionEnded }: ConnectOptions): BoardConnection {
  const socket: CordonSocket = io({ withCredentials: true, transports: ["websocket"] });
  const board = () => store.getState();
  const clock = createServerClock();
  let closed = false;
  let failedAttempts = 0;
  const link = createLinkStore();
  const control = hasContiguousSeqs(board().user?.role);
  /** When the server last said anything control is promised at least every 2 s (its `head`, Z2). */
  let heardAt = Date.now();

  const engine = createSyncEngine({
    transport: socketTransport(socket),
    sink: boardSink(store),
    timers: systemTimers,
    opId,
    contiguous: control,
    clientTime: () => clock.now(),
    onProgress: setLoadProgress,
    onSynced() {
      clearLoadProgress();
      clock.hint(board().state.at);
      board().setStatus("live");
      lookAtLink();
    },
    onRefused(error) {
      if (error.code === ErrorCode.ProtocolMismatch) toast(RELOAD_MESSAGE, "error", FOREVER_MS);
      else toast(`Could not load the operation: ${error.message}`);
    },
    onEnded: () => end("Your session has ended. Please sign in again."),
  });

  /** The link after any change the engine, the store or the socket reports (and on a tick). */
  function lookAtLink(): void {
    const { state, connection } = board();
    const localNow = Date.now();
    const silentMs = control ? { silentMs: localNow - heardAt } : {};
    observeLink(link, { engine: engine.phase(), seq: state.seq, head: connection.head, serverNow: clock.now(), localNow, ...silentMs });
  }
  const linkTick = window.setInterval(lookAtLink, LINK_TICK_MS);
  const unwatchStore = store.subscribe((next, prev) => next.connection !== prev.connection && lookAtLink());

  /**
   * Leave for the sign-in page only if the session is really gone (a restarting server just
   * drops the connection, but be sure): a steward's unsent report must not be dropped because
   * the server restarted. Otherwise say so and let the socket reconnect.
   */
  async function confirmEnded(reason: string): Promise<void> {
    try {
      if ((await currentUser()) === null) return end(reason);
    } catch {
      // Server unreachable: it is restarting, not ending the session.
    }
    toast(reason, "warning");
  }

  function end(reason: string): void {
    if (closed) return;
    close();
    onSessionEnded(reason);
  }

  function close(): void {
    closed = true;
    engine.close();
    window.clearInterval(linkTick);
    unwatchStore();
    clearLoadProgress();
    window.removeEventListener("online", onBrowserOnline);
    window.removeEventListener("offline", onBrowserOffline);
    socket.removeAllListeners();
    socket.io.removeAllListeners();
    socket.disconnect();
  }

  const onBrowserOffline = () => board().setStatus("offline");
  const onBrowserOnline = () => {
    if (!socket.connected) board().setStatus("reconnecting");
  };
  window.addEventListener("online", onBrowserOnline);
  window.addEventListener("offline", onBrowserOffline);

  socket.on("connect", () => {
    failedAttempts = 0;
    heardAt = Date.now();
    lookAtLink();
  });
  socket.on("disconnect", (reason) => {
    board().setStatus(navigator.onLine ? "reconnecting" : "offline");
    lookAtLink();
    // The server closed us on purpose: it sends session:ended first when the session is gone.
    if (reason === "io server disconnect" && !closed) window.setTimeout(() => !closed && socket.connect(), 2_000);
  });
  socket.on("connect_error", (err) => {
    failedAttempts++;
    board().setStatus(!navigator.onLine || failedAttempts > 3 ? "offline" : "reconnecting");
    // A refusal by the server's middleware (not a network failure) stops socket.io retrying.
    if (!socket.active) {
      if (/auth|session/i.test(err.message)) end("Your session has ended. Please sign in again.");
      else window.setTimeout(() => !closed && socket.connect(), 3_000);
    }
  });
  socket.on("positions", (frame) => frame.opId === opId && board().applyPositions(frame.fixes));
  socket.on("counts", (frame) => frame.opId === opId && board().countsStore.getState().applyCounts(frame.counts));
  socket.on("head", (h) => {
    if (h.opId !== opId) return;
    clock.observe(h.now);
    heardAt = Date.now();
  });
  socket.on("session:ended", ({ reason }) => void confirmEnded(reason));
  // A graceful restart: the socket reconnects by itself and catches up; just say so.
  socket.on("server:restarting", ({ reason }) => toast(reason, "warning"));

  return {
    sendCommand: engine.send,
    async reportPositions(fixes) {
      if (!socket.connected) return { ok: false, error: { code: "unavailable", message: "Not connected." } };
      try {
        return await socket.timeout(5_000).emitWithAck("position:report", { opId, fixes });
      } catch {
        return { ok: false, error: { code: "unavailable", message: "No answer from the server." } };
      }
    },
    async reportCount(report) {
      if (!socket.connected) return { ok: false, error: { code: "unavailable", message: "Not connected." } };
      try {
        return await socket.timeout(5_000).emitWithAck("count:report", { opId, ...report });
      } catch {
        return { ok: false, error: { code: "unavailable", message: "No answer from the server." } };
      }
    },
    now: clock.now,
    clock,
    link,
    close,
  };
}
