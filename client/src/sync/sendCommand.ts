import type { Socket } from "socket.io-client";
import type { CommandInput, CommandName } from "../../../shared/commands";
import { type Ack, ErrorCode } from "../../../shared/errors";
import type { ClientToServerEvents, CommandResult, ServerToClientEvents } from "../../../shared/protocol";

export type CordonSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type CommandAck = Ack<CommandResult>;

export interface SendOptions {
  /** Called when an attempt got no ack or has to wait for a connection; the send goes on. */
  onRetry?: (attempt: number) => void;
  /** The idempotency key, when the intent was made earlier (an outbox entry); else a new one. */
  key?: string;
}

export type SendCommand = <N extends CommandName>(name: N, body: CommandInput<N>, options?: SendOptions) => Promise<CommandAck>;

const ACK_TIMEOUT_MS = 5_000;
/** Error acks that mean "try again", not "no". */
const TRANSIENT = new Set<string>([ErrorCode.Unavailable, ErrorCode.RateLimited]);

/**
 * A fresh idempotency key per user intent. crypto.randomUUID exists only in secure contexts;
 * a phone on the stadium Wi-Fi over plain http still has getRandomValues.
 */
export function newCommandKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Builds the one way a view sends a command. The key is made once; an attempt that gets no ack
 * is repeated with the SAME key once the socket is connected again, until an ack arrives: the
 * server dedupes by key, so the intent is applied exactly once. An `unavailable` or
 * `rate_limited` ack is retried the same way. Resolves with the first other ack, ok or not.
 */
export function createSendCommand(socket: CordonSocket, opId: string, isClosed: () => boolean): SendCommand {
  return async function sendCommand(name, body, options = {}) {
    const payload = { opId, key: options.key ?? newCommandKey(), body };
    for (let attempt = 1; ; attempt++) {
      if (isClosed()) return closedAck;
      // No connection: tell the caller it is waiting, then send as soon as the socket is back.
      if (!socket.connected) options.onRetry?.(attempt);
      await whenConnected(socket, isClosed);
      if (isClosed()) return closedAck;
      try {
        const ack = await emitOnce(socket, name, payload);
        // Not saved or throttled: nothing was recorded, so the same key is safe to send again.
        if (ack.ok || !TRANSIENT.has(ack.error.code)) return ack;
        options.onRetry?.(attempt);
        await sleep(Math.min(1_000 * attempt, 10_000));
      } catch {
        options.onRetry?.(attempt);
        // Still connected but no ack: the server is slow; back off a little before trying again.
        if (socket.connected) await sleep(Math.min(1_000 * attempt, 5_000));
      }
    }
  };
}

/** One attempt; rejects on timeout or when the socket drops before the ack. */
function emitOnce(socket: CordonSocket, name: CommandName, payload: unknown): Promise<CommandAck> {
  // The event map types each command separately; a name chosen at run time needs the loose form.
  const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
    emitWithAck(event: string, arg: unknown): Promise<CommandAck>;
  };
  return timed.emitWithAck(name, payload);
}

const closedAck: CommandAck = {
  ok: false,
  error: { code: ErrorCode.Unavailable, message: "Signed out before the server acknowledged this." },
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => window.setTimeout(resolve, ms));
}

function whenConnected(socket: CordonSocket, isClosed: () => boolean): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve) => {
    const check = window.setInterval(() => {
      if (socket.connected || isClosed()) done();
    }, 1_000);
    const done = () => {
      window.clearInterval(check);
      socket.off("connect", done);
      resolve();
    };
    socket.on("connect", done);
  });
}
