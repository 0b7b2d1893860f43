import type { CordonServer } from "../socket/gateway";
import { sessionRoom } from "../socket/rooms";
import type { SessionDirectory, SessionEndReason } from "./sessionDirectory";

const MESSAGES: Record<SessionEndReason, string> = {
  "signed-out": "Signed out.",
  expired: "Your session has expired; sign in again.",
  disabled: "Your account has been disabled.",
  "rights-changed": "Your account was changed; sign in again for your new rights.",
  "password-reset": "Your password was reset; sign in with the new one.",
};

/**
 * Every socket joins its session's room at connection, so ending a session is one room-wide
 * disconnect: idle sockets close too, not only the next time they send. Through socket.io's
 * Redis adapter the same call reaches the session's sockets on every process.
 */
export function endSocketsOnSessionEnd(io: CordonServer, sessions: SessionDirectory): () => void {
  return sessions.onInvalidated(({ hash, reason }) => {
    const room = sessionRoom(hash);
    io.to(room).emit("session:ended", { reason: MESSAGES[reason] });
    io.in(room).disconnectSockets(true);
  });
}

export const sessionEndMessage = (reason: SessionEndReason) => MESSAGES[reason];
