import { type Ack, type AckError, ErrorCode } from "../../../shared/errors";
import type { HelloReply, SyncReply } from "../../../shared/protocol";

/**
 * The sync engine's decisions as pure functions (no socket, no timer, no DOM), so that each rule
 * is named by a unit test and a mutant of it is caught.
 */

/** What a `sync:hello` answer means for the engine. */
export type HelloVerdict =
  | { kind: "synced"; reply: HelloReply }
  /** The session is gone: back to sign-in. */
  | { kind: "ended"; error: AckError }
  /** Refused for good on this page (another protocol version, no such operation, not allowed): stop saying hello. */
  | { kind: "stop"; error: AckError }
  /** Refused for now (busy, restarting, throttled): say hello again later. */
  | { kind: "retry"; error: AckError };

/** A hello's answer once snapshot pages are put together (one reset): what the engine folds. */
export type Verdict = Exclude<HelloVerdict, { kind: "synced" }> | { kind: "synced"; reply: SyncReply };

/** Hello refusals that another attempt on this page would not change. */
const HELLO_FINAL = new Set<string>([ErrorCode.ProtocolMismatch, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.BadRequest]);

export function helloVerdict(ack: Ack<HelloReply>): HelloVerdict {
  if (ack.ok) return { kind: "synced", reply: ack.data };
  if (ack.error.code === ErrorCode.Unauthenticated) return { kind: "ended", error: ack.error };
  if (HELLO_FINAL.has(ack.error.code)) return { kind: "stop", error: ack.error };
  return { kind: "retry", error: ack.error };
}

/** Error acks that mean "nothing was recorded, try again with the same key", not "no". */
const TRANSIENT = new Set<string>([ErrorCode.Unavailable, ErrorCode.RateLimited]);

/** Whether a command's ack settles the send (ok, or a refusal) or asks for another attempt. */
export function isTransient(ack: Ack<unknown>): boolean {
  return !ack.ok && TRANSIENT.has(ack.error.code);
}

/** Refusals of an outbox entry that another attempt would not change: keep it, marked, with the reason. */
const PERMANENT = new Set<string>([ErrorCode.BadRequest, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.Conflict, ErrorCode.TooLarge]);

/** What to do with an outbox entry after its send settled. */
export type OutboxVerdict = "remove" | "refused" | "keep";

export function outboxVerdict(ack: Ack<unknown>): OutboxVerdict {
  if (ack.ok) return "remove";
  return PERMANENT.has(ack.error.code) ? "refused" : "keep";
}

/** Wait before attempt `attempt + 1`: `step` more each time, never more than `cap`. */
export function backoffMs(attempt: number, step: number, cap: number): number {
  return Math.min(step * Math.max(1, attempt), cap);
}

/** A hello says where the client is: its last applied seq once it has synced at least once, else null. */
export function helloLastSeq(everSynced: boolean, seq: number): number | null {
  return everSynced ? seq : null;
}

/** Live events wait in the buffer until the connection's hello reply has been folded in. */
export function mustBuffer(live: boolean, helloInFlight: boolean): boolean {
  return !live || helloInFlight;
}

/**
 * A control screen whose announced head stays ahead of what it applied asks for the rest
 * (live events normally close the distance within milliseconds).
 */
export function isBehind(view: { contiguous: boolean; live: boolean; helloInFlight: boolean; head: number; seq: number }): boolean {
  return view.contiguous && view.live && !view.helloInFlight && view.head > view.seq;
}

/** A catch-up page, or a reset, with more to follow (`complete: false`): say hello again from the new last seq. */
export function isPartial(reply: SyncReply): boolean {
  return "complete" in reply && reply.complete === false;
}
