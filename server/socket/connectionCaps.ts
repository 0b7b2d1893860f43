import type { ExtendedError, Socket } from "socket.io";
import type { CordonServer } from "./gateway";
import { sessionRoom, userRoom } from "./rooms";

export interface ConnectionCaps {
  perSession: number;
  perUser: number;
}

/** The message of a refused handshake; `data` carries a code and a sentence the client can show. */
export const TOO_MANY_CONNECTIONS = "too_many_connections";

/**
 * Refuses a handshake past the caps on sockets per sign-in session and per user (issue 8 item 5:
 * 300 sockets were accepted on one cookie). Runs after the session middleware. A socket counts
 * from the moment it passes here: it joins its session and user rooms when it connects, and until
 * then (one tick) it is held in `pending`, so a burst of handshakes cannot all slip through.
 */
export function capConnections(io: CordonServer, caps: ConnectionCaps): (socket: Socket, next: (err?: ExtendedError) => void) => void {
  const pending = new Map<string, number>();
  const count = (room: string) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) + (pending.get(room) ?? 0);
  const hold = (room: string, by: number) => {
    const n = (pending.get(room) ?? 0) + by;
    if (n > 0) pending.set(room, n);
    else pending.delete(room);
  };
  const holds = new Map<Socket, () => void>();
  io.on("connection", (socket) => holds.get(socket)?.());
  return (socket, next) => {
    const { user, sessionHash } = socket.data as { user?: { id: string }; sessionHash?: string };
    if (!user || !sessionHash) return next();
    const session = sessionRoom(sessionHash);
    const mine = userRoom(user.id);
    if (count(session) >= caps.perSession) {
      return next(refusal(`This sign-in already has ${caps.perSession} connections open: close another tab or window and try again.`));
    }
    if (count(mine) >= caps.perUser) {
      return next(refusal(`Your account already has ${caps.perUser} connections open: close one on another device and try again.`));
    }
    hold(session, 1);
    hold(mine, 1);
    const release = () => {
      if (!holds.delete(socket)) return;
      hold(session, -1);
      hold(mine, -1);
    };
    holds.set(socket, release);
    // Connected (then it is in the rooms), or dropped by socket.io before connecting.
    setImmediate(release);
    next();
  };
}

function refusal(message: string): ExtendedError {
  const err = new Error(TOO_MANY_CONNECTIONS) as ExtendedError;
  err.data = { code: "rate_limited", message };
  return err;
}
