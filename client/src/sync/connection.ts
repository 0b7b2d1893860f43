import { io } from "socket.io-client";
import type { Ack } from "../../../shared/errors";
import type { CordonEvent } from "../../../shared/events";
import type { PositionReport, SyncReply } from "../../../shared/protocol";
import { PROTOCOL_VERSION } from "../../../shared/wire";
import { currentUser } from "../api/session";
import { type BoardStore, hasContiguousSeqs } from "../store/boardStore";
import { toast } from "../ui/toasts";
import { type CordonSocket, createSendCommand, type SendCommand } from "./sendCommand";
import { createServerClock, type ServerClock } from "./serverClock";

/** What views use to talk to the server; the store carries everything they read. */
export interface BoardConnection {
  sendCommand: SendCommand;
  reportPositions(fixes: PositionReport["fixes"]): Promise<Ack<{ stored: number }>>;
  /** The server's time now (record times are the server's), estimated from its `head` stamps. */
  now(): number;
  clock: ServerClock;
  close(): void;
}

export interface ConnectOptions {
  opId: string;
  /** The server ended the session (sign-out elsewhere, or the session expired). */
  onSessionEnded(reason: string): void;
}

const HELLO_TIMEOUT_MS = 10_000;
/** A control screen whose head stays ahead of it this long asks for the missing events. */
const BEHIND_GRACE_MS = 2_000;
const MAX_BUFFERED = 10_000;

/**
 * Feeds the board store from the socket, outside React (DESIGN §3). Every connect says hello
 * with the last applied seq; live events wait in a buffer until that reply is folded in; a gap
 * on the contiguous control stream triggers another hello.
 */
export function connectBoard(store: BoardStore, { opId, onSessionEnded }: ConnectOptions): BoardConnection {
  const socket: CordonSocket = io({ withCredentials: true, transports: ["websocket"] });
  const contiguous = hasContiguousSeqs(store.getState().user?.role);
  let closed = false;
  let synced = false;
  let helloInFlight = false;
  let helloAgain = false;
  let buffered: CordonEvent[] = [];
  let behindTimer: number | undefined;
  let failedAttempts = 0;
  const board = () => store.getState();
  const clock = createServerClock();

  async function hello(): Promise<void> {
    if (closed || !socket.connected) return;
    if (helloInFlight) {
      helloAgain = true;
      return;
    }
    helloInFlight = true;
    const lastSeq = synced ? board().state.seq : null;
    try {
      const reply: Ack<SyncReply> = await socket
        .timeout(HELLO_TIMEOUT_MS)
        .emitWithAck("sync:hello", { protocol: PROTOCOL_VERSION, opId, lastSeq });
      if (reply.ok) {
        board().applySync(reply.data);
        clock.hint(board().state.at);
        synced = true;
        board().setStatus("live");
        drainBuffer();
      } else if (reply.error.code === "unauthenticated") {
        end("Your session has ended. Please sign in again.");
      } else {
        toast(`Could not load the operation: ${reply.error.message}`);
        if (reply.error.code !== "forbidden" && reply.error.code !== "not_found") helloAgain = true;
      }
    } catch {
      // No reply in time, or the socket dropped: the next connect says hello again.
      if (socket.connected) helloAgain = true;
    } finally {
      helloInFlight = false;
      if (helloAgain && !closed) {
        helloAgain = false;
        window.setTimeout(() => void hello(), 500);
      }
    }
  }

  function drainBuffer(): void {
    const pending = buffered;
    buffered = [];
    for (const e of pending) {
      if (board().applyEvent(e) === "gap") return void hello();
    }
  }

  function onEvent(e: CordonEvent): void {
    if (e.opId !== opId) return;
    if (!synced || helloInFlight) {
      if (buffered.length < MAX_BUFFERED) buffered.push(e);
      return;
    }
    if (board().applyEvent(e) === "gap") void hello();
  }

  function onHead(seq: number): void {
    board().setHead(seq);
    if (!contiguous || behindTimer !== undefined) return;
    behindTimer = window.setTimeout(() => {
      behindTimer = undefined;
      // Live events normally close the distance within milliseconds; if not, catch up explicitly.
      if (synced && !helloInFlight && board().connection.head > board().state.seq) void hello();
    }, BEHIND_GRACE_MS);
  }

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
    window.clearTimeout(behindTimer);
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
    void hello();
  });
  socket.on("disconnect", (reason) => {
    board().setStatus(navigator.onLine ? "reconnecting" : "offline");
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
  socket.on("event", onEvent);
  socket.on("positions", (frame) => frame.opId === opId && board().applyPositions(frame.fixes));
  socket.on("head", (h) => {
    if (h.opId !== opId) return;
    clock.observe(h.now);
    if (h.seq !== null) onHead(h.seq);
  });
  socket.on("session:ended", ({ reason }) => void confirmEnded(reason));
  // A graceful restart: the socket reconnects by itself and catches up; just say so.
  socket.on("server:restarting", ({ reason }) => toast(reason, "warning"));

  return {
    sendCommand: createSendCommand(socket, opId, () => closed),
    async reportPositions(fixes) {
      if (!socket.connected) return { ok: false, error: { code: "unavailable", message: "Not connected." } };
      try {
        return await socket.timeout(5_000).emitWithAck("position:report", { opId, fixes });
      } catch {
        return { ok: false, error: { code: "unavailable", message: "No answer from the server." } };
      }
    },
    now: clock.now,
    clock,
    close,
  };
}
