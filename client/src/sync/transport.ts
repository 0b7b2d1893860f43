import type { Socket } from "socket.io-client";
import type { CordonEvent } from "../../../shared/events";
import type { ClientToServerEvents, ServerToClientEvents } from "../../../shared/protocol";

export type CordonSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What the sync engine hears from the connection. */
export interface TransportListener {
  connect?(): void;
  disconnect?(reason: string): void;
  event?(event: CordonEvent): void;
  head?(head: { opId: string; seq: number | null; now: number }): void;
}

/**
 * The socket as the sync engine needs it: whether it is connected, what arrives, and a request
 * that resolves with the server's ack or rejects when none comes in time (or the socket drops).
 * The browser and the integration tests both pass a real socket.io-client socket through
 * `socketTransport`.
 */
export interface SyncTransport {
  connected(): boolean;
  /** Returns the unsubscribe function. */
  listen(listener: TransportListener): () => void;
  request<T>(event: string, payload: unknown, timeoutMs: number): Promise<T>;
}

/** Timers and the time, as inputs: the browser's and Node's are the same globals. */
export interface Timers {
  now(): number;
  /** Runs `fn` after `ms`; returns the cancel function. */
  after(ms: number, fn: () => void): () => void;
}

export const systemTimers: Timers = {
  now: () => Date.now(),
  after(ms, fn) {
    const handle = globalThis.setTimeout(fn, ms);
    return () => globalThis.clearTimeout(handle);
  },
};

export function socketTransport(socket: CordonSocket): SyncTransport {
  return {
    connected: () => socket.connected,
    listen(l) {
      const connect = () => l.connect?.();
      const disconnect = (reason: string) => l.disconnect?.(reason);
      const event = (e: CordonEvent) => l.event?.(e);
      const head = (h: { opId: string; seq: number | null; now: number }) => l.head?.(h);
      socket.on("connect", connect);
      socket.on("disconnect", disconnect);
      socket.on("event", event);
      socket.on("head", head);
      return () => {
        socket.off("connect", connect);
        socket.off("disconnect", disconnect);
        socket.off("event", event);
        socket.off("head", head);
      };
    },
    request<T>(event: string, payload: unknown, timeoutMs: number) {
      // The typed event map has one signature per message; the engine sends any of them.
      const timed = socket.timeout(timeoutMs) as unknown as { emitWithAck(ev: string, arg: unknown): Promise<T> };
      return timed.emitWithAck(event, payload);
    },
  };
}
