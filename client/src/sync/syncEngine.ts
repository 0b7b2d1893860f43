import type { Ack, AckError } from "../../../shared/errors";
import type { CordonEvent } from "../../../shared/events";
import type { HelloReply, SyncReply } from "../../../shared/protocol";
import { PROTOCOL_VERSION } from "../../../shared/wire";
import { createSendCommand, type SendCommand } from "./sendCommand";
import { createSnapshotLoad } from "./snapshotLoad";
import { helloLastSeq, helloVerdict, isBehind, isPartial, mustBuffer, type Verdict } from "./syncRules";
import type { SyncTransport, Timers } from "./transport";

/** Where the engine folds what it receives: the board store in the browser and in the tests. */
export interface SyncSink {
  /** Seq of the last event applied. */
  seq(): number;
  /** The log's head as last announced. */
  head(): number;
  applySync(reply: SyncReply): void;
  /** "gap": the event skips one (control only); it was not applied. */
  applyEvent(event: CordonEvent): "applied" | "stale" | "gap";
  setHead(seq: number): void;
}

export interface SyncEngineOptions {
  transport: SyncTransport;
  sink: SyncSink;
  timers: Timers;
  opId: string;
  /** The control stream has every seq, so a skipped one is a gap to repair; filtered audiences have holes. */
  contiguous: boolean;
  /** The hello's protocol version; only a test speaks another. */
  protocol?: number;
  /** The clock the app stamps reports with, sent in each hello so the server can measure its offset. */
  clientTime?: () => number;
  helloTimeoutMs?: number;
  /** Wait before a hello that failed or was refused for now is said again. */
  helloRetryMs?: number;
  /** A control screen whose head stays ahead of it this long says hello again. */
  behindGraceMs?: number;
  ackTimeoutMs?: number;
  retryStepMs?: number;
  retryCapMs?: number;
  maxBuffered?: number;
  /** A hello reply was folded in: the board is live (drain the outbox now). */
  onSynced?(reply: SyncReply): void;
  /** A page of a paged snapshot arrived: `page` of `pages` are in (the board stays as it was until the last). */
  onProgress?(page: number, pages: number): void;
  /** The server refused the hello: shown once per run of refusals, and once for good on a `stop`. */
  onRefused?(error: AckError, final: boolean): void;
  /** The session is gone (`unauthenticated`): the engine has stopped. */
  onEnded?(error: AckError): void;
}

export type SyncPhase = "offline" | "syncing" | "live" | "refused" | "closed";

export interface SyncStats {
  hellos: number;
  /** Hellos said because of a gap or a head left ahead. */
  resyncs: number;
  stale: number;
  buffered: number;
}

export interface SyncEngine {
  /** Says hello now (or right after the one in flight). */
  hello(): void;
  send: SendCommand;
  phase(): SyncPhase;
  readonly stats: Readonly<SyncStats>;
  /** Stops listening, cancels timers, and ends every send still waiting. */
  close(): void;
}

/**
 * The client's sync state machine (DESIGN §3), with no DOM and no React: every connect says
 * hello with the last applied seq; live events wait in a buffer until that reply is folded in;
 * a gap on the contiguous control stream, or a head left ahead, triggers another hello; commands
 * are resent with their key until acked. A `stop` refusal (another protocol version) ends the
 * hellos for good and is surfaced once.
 */
export function createSyncEngine(o: SyncEngineOptions): SyncEngine {
  const { transport, sink, timers, opId, contiguous } = o;
  const helloTimeoutMs = o.helloTimeoutMs ?? 10_000;
  const helloRetryMs = o.helloRetryMs ?? 500;
  const behindGraceMs = o.behindGraceMs ?? 2_000;
  const maxBuffered = o.maxBuffered ?? 10_000;
  const stats: SyncStats = { hellos: 0, resyncs: 0, stale: 0, buffered: 0 };
  let closed = false;
  let refused = false;
  let everSynced = false;
  let live = false;
  let inFlight = false;
  let again = false;
  let overflowed = false;
  let refusalShown = false;
  /** Numbers each hello; a connection drop makes the one in flight stale (its answer is ignored). */
  let helloId = 0;
  let buffer: CordonEvent[] = [];
  const snapshot = createSnapshotLoad();
  let cancelBehind: (() => void) | null = null;
  let cancelRetry: (() => void) | null = null;
  /** Sends waiting for a connection (woken by a connect or by close). */
  const waiters = new Set<() => void>();
  /** Sends backing off (woken early only by close). */
  const pauses = new Set<() => void>();

  function hello(): void {
    if (closed || refused || !transport.connected()) return;
    if (inFlight) {
      again = true;
      return;
    }
    cancelRetry?.();
    cancelRetry = null;
    inFlight = true;
    stats.hellos++;
    const id = ++helloId;
    const cursor = snapshot.cursor();
    const payload = {
      protocol: o.protocol ?? PROTOCOL_VERSION,
      opId,
      lastSeq: helloLastSeq(everSynced, sink.seq()),
      ...(o.clientTime ? { clientTime: Math.round(o.clientTime()) } : {}),
      ...(cursor ? { snapshot: cursor } : {}),
    };
    transport.request<Ack<HelloReply>>("sync:hello", payload, helloTimeoutMs).then(
      (ack) => id === helloId && settle(ack),
      () => id === helloId && settle(null),
    );
  }

  function settle(ack: Ack<HelloReply> | null): void {
    inFlight = false;
    if (closed) return;
    const answer = ack ? helloVerdict(ack) : null;
    let verdict = answer as Verdict | null;
    if (answer?.kind === "synced" && answer.reply.mode === "snapshot") {
      // A page of a state too big for one reply: keep it, ask for the next; live events stay buffered.
      const whole = snapshot.add(answer.reply);
      o.onProgress?.(answer.reply.page, answer.reply.pages);
      if (!whole) {
        again = false;
        hello();
        return;
      }
      verdict = { kind: "synced", reply: whole };
    }
    if (verdict?.kind === "synced" && isPartial(verdict.reply)) {
      // One page of a long catch-up: fold it and ask for the next; live events stay buffered.
      sink.applySync(verdict.reply);
      everSynced = true;
      again = false;
      hello();
      return;
    }
    if (verdict?.kind === "synced") {
      sink.applySync(verdict.reply);
      everSynced = true;
      live = true;
      refusalShown = false;
      drainBuffer();
      o.onSynced?.(verdict.reply);
    } else if (verdict?.kind === "ended") {
      close();
      o.onEnded?.(verdict.error);
      return;
    } else if (verdict?.kind === "stop") {
      refused = true;
      buffer = [];
      o.onRefused?.(verdict.error, true);
      return;
    } else {
      if (verdict && !refusalShown) o.onRefused?.(verdict.error, false);
      refusalShown ||= verdict !== null;
      // No answer (timeout, dropped) or refused for now: the next connect says hello anyway.
      if (transport.connected()) again = true;
    }
    if (!again) return;
    again = false;
    // Asked again while a hello was answered: say it now. After a failure: wait a little.
    if (verdict?.kind === "synced") hello();
    else cancelRetry = timers.after(helloRetryMs, hello);
  }

  function drainBuffer(): void {
    const pending = buffer;
    buffer = [];
    const lost = overflowed;
    overflowed = false;
    for (const e of pending) if (!apply(e)) return;
    // Events were dropped while the buffer was full: ask for them.
    if (lost) resync();
  }

  /** Applies one event; false when it was a gap (a hello is on its way). */
  function apply(e: CordonEvent): boolean {
    const result = sink.applyEvent(e);
    if (result === "stale") stats.stale++;
    if (result !== "gap") return true;
    resync();
    return false;
  }

  function resync(): void {
    stats.resyncs++;
    hello();
  }

  function onEvent(e: CordonEvent): void {
    if (e.opId !== opId || refused) return;
    if (!mustBuffer(live, inFlight)) return void apply(e);
    if (buffer.length < maxBuffered) {
      buffer.push(e);
      stats.buffered++;
    } else overflowed = true;
  }

  function onHead(h: { opId: string; seq: number | null }): void {
    if (h.opId !== opId || h.seq === null) return;
    sink.setHead(h.seq);
    if (!contiguous || cancelBehind) return;
    cancelBehind = timers.after(behindGraceMs, () => {
      cancelBehind = null;
      if (isBehind({ contiguous, live, helloInFlight: inFlight, head: sink.head(), seq: sink.seq() })) resync();
    });
  }

  function wake(): void {
    for (const w of [...waiters]) w();
  }

  const unlisten = transport.listen({
    connect() {
      live = false;
      wake();
      hello();
    },
    disconnect() {
      live = false;
      // The hello in flight has no answer coming: the next connect says a fresh one at once.
      helloId++;
      inFlight = false;
      again = false;
      cancelRetry?.();
      cancelRetry = null;
    },
    event: onEvent,
    head: onHead,
  });

  function whenConnected(maxMs: number): Promise<void> {
    if (closed || transport.connected()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        waiters.delete(done);
        cancel();
        resolve();
      };
      const cancel = timers.after(maxMs, done);
      waiters.add(done);
    });
  }

  function pause(ms: number): Promise<void> {
    if (closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        pauses.delete(done);
        cancel();
        resolve();
      };
      const cancel = timers.after(ms, done);
      pauses.add(done);
    });
  }

  function close(): void {
    if (closed) return;
    closed = true;
    unlisten();
    cancelBehind?.();
    cancelRetry?.();
    wake();
    for (const p of [...pauses]) p();
  }

  const send = createSendCommand({
    transport,
    timers,
    opId,
    isClosed: () => closed,
    whenConnected,
    pause,
    ackTimeoutMs: o.ackTimeoutMs ?? 5_000,
    retryStepMs: o.retryStepMs ?? 1_000,
    retryCapMs: o.retryCapMs ?? 5_000,
  });

  if (transport.connected()) hello();

  return {
    hello,
    send,
    phase: () => (closed ? "closed" : refused ? "refused" : live && !inFlight ? "live" : transport.connected() ? "syncing" : "offline"),
    stats,
    close,
  };
}
