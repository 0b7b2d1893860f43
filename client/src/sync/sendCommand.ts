import type { CommandInput, CommandName } from "../../../shared/commands";
import { type Ack, ErrorCode } from "../../../shared/errors";
import type { CommandResult } from "../../../shared/protocol";
import { backoffMs, isTransient } from "./syncRules";
import type { SyncTransport, Timers } from "./transport";

export type CommandAck = Ack<CommandResult>;

export interface SendOptions {
  /** Called when an attempt got no ack or has to wait for a connection; the send goes on. */
  onRetry?: (attempt: number) => void;
  /** The idempotency key, when the intent was made earlier (an outbox entry); else a new one. */
  key?: string;
  /** Give up (an `unavailable` ack) once `timers.now()` reaches this; by default never. */
  deadline?: number;
  /** The operation it was made in (an outbox entry), when not the one this page is on. */
  opId?: string;
}

export type SendCommand = <N extends CommandName>(name: N, body: CommandInput<N>, options?: SendOptions) => Promise<CommandAck>;

export interface SendDeps {
  transport: SyncTransport;
  timers: Timers;
  opId: string;
  isClosed(): boolean;
  /** Resolves at the next connect, when the engine closes, or after `maxMs`, whichever is first. */
  whenConnected(maxMs: number): Promise<void>;
  /** Resolves after `ms`, or when the engine closes. */
  pause(ms: number): Promise<void>;
  ackTimeoutMs: number;
  /** Back-off after an attempt that failed: `retryStepMs` more each time, at most `retryCapMs`. */
  retryStepMs: number;
  retryCapMs: number;
}

/**
 * A fresh idempotency key per user intent. crypto.randomUUID exists only in secure contexts;
 * a phone on the stadium Wi-Fi over plain http still has getRandomValues.
 */
export function newCommandKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export const closedAck: CommandAck = {
  ok: false,
  error: { code: ErrorCode.Unavailable, message: "Signed out before the server acknowledged this." },
};

export const deadlineAck: CommandAck = {
  ok: false,
  error: { code: ErrorCode.Unavailable, message: "No acknowledgement before the deadline." },
};

/**
 * The one way a command is sent. The key is made once; an attempt that gets no ack is repeated
 * with the SAME key once the socket is connected again, until an ack arrives: the server dedupes
 * by key, so the intent is applied exactly once. An `unavailable` or `rate_limited` ack is
 * retried the same way. Resolves with the first other ack, ok or not.
 */
export function createSendCommand(deps: SendDeps): SendCommand {
  const { transport, timers } = deps;
  return async function sendCommand(name, body, options = {}) {
    const payload = { opId: options.opId ?? deps.opId, key: options.key ?? newCommandKey(), body };
    const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
    for (let attempt = 1; ; attempt++) {
      const stop = await untilConnected(attempt);
      if (stop) return stop;
      try {
        const ack = await transport.request<CommandAck>(name, payload, deps.ackTimeoutMs);
        // Not saved or throttled: nothing was recorded, so the same key is safe to send again.
        if (!isTransient(ack)) return ack;
      } catch {
        // No ack in time, or the socket dropped: the server may or may not have it; the key makes a resend safe.
      }
      options.onRetry?.(attempt);
      if (transport.connected()) await deps.pause(backoffMs(attempt, deps.retryStepMs, deps.retryCapMs));
    }

    /** Waits for a connection; returns the ack to give up with, if any. */
    async function untilConnected(attempt: number): Promise<CommandAck | null> {
      let told = false;
      for (;;) {
        if (deps.isClosed()) return closedAck;
        if (timers.now() >= deadline) return deadlineAck;
        if (transport.connected()) return null;
        // No connection: tell the caller it is waiting, then send as soon as the socket is back.
        if (!told) options.onRetry?.(attempt);
        told = true;
        await deps.whenConnected(Math.max(0, Math.min(deadline - timers.now(), 60_000)));
      }
    }
  };
}
