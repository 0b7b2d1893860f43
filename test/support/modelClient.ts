import { io, type Socket } from "socket.io-client";
import type { CommandInput, CommandName } from "../../shared/commands";
import type { Ack } from "../../shared/errors";
import type { CordonEvent } from "../../shared/events";
import { evolve, foldEvents } from "../../shared/evolve";
import type { CommandResult, SyncReply } from "../../shared/protocol";
import { initialState, type OperationState } from "../../shared/state";
import { project, type Viewer } from "../../shared/visibility";

/**
 * A client that speaks the real protocol and keeps its state with the shared fold, as the web
 * client does: hello with its last seq on every connect, live events applied in order, a gap
 * (control only) answered with another hello. Used by the churn and crash tests.
 */
export class ModelClient {
  state: OperationState = initialState;
  /** Seqs that advanced the state, in order: a seq twice here would be an event applied twice. */
  readonly applied: number[] = [];
  duplicatesIgnored = 0;
  resyncs = 0;
  restartNotices = 0;
  readonly socket: Socket;
  private synced = false;
  private helloPending = false;

  constructor(
    url: string,
    cookie: string,
    readonly opId: string,
    readonly viewer: Viewer,
    opts: { autoConnect?: boolean } = {},
  ) {
    this.socket = io(url, {
      transports: ["websocket"],
      extraHeaders: { cookie },
      forceNew: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 300,
      randomizationFactor: 0.2,
      autoConnect: opts.autoConnect ?? true,
    });
    this.socket.on("connect", () => {
      this.synced = false;
      this.hello();
    });
    this.socket.on("event", (e: CordonEvent) => this.onEvent(e));
    this.socket.on("server:restarting", () => {
      this.restartNotices++;
    });
  }

  get contiguous(): boolean {
    return this.viewer.kind === "control";
  }

  /** Says hello; the reply is applied inside the ack callback, before any later packet. */
  hello(): void {
    if (this.helloPending || !this.socket.connected) return;
    this.helloPending = true;
    const hello = { protocol: 1, opId: this.opId, lastSeq: this.synced || this.state.seq > 0 ? this.state.seq : null };
    this.socket.timeout(3000).emit("sync:hello", hello, (err: Error | null, reply: Ack<SyncReply>) => {
      this.helloPending = false;
      if (err || !reply.ok) {
        // No answer (the server died mid-hello) or refused: the next connect says hello again.
        if (this.socket.connected) setTimeout(() => this.hello(), 100);
        return;
      }
      this.applySync(reply.data);
    });
  }

  private applySync(reply: SyncReply): void {
    if (reply.mode === "reset") {
      this.state = reply.state;
    } else {
      for (const e of reply.events) this.apply(e);
      if (!this.contiguous) this.state = { ...this.state, seq: Math.max(this.state.seq, reply.head) };
    }
    this.synced = true;
  }

  private onEvent(e: CordonEvent): void {
    if (!this.synced) return; // the hello reply covers it
    if (e.seq <= this.state.seq) {
      this.duplicatesIgnored++;
      return;
    }
    if (this.contiguous && e.seq > this.state.seq + 1) {
      this.resyncs++;
      this.synced = false;
      this.hello();
      return;
    }
    this.apply(e);
  }

  private apply(e: CordonEvent): void {
    if (e.seq <= this.state.seq) {
      this.duplicatesIgnored++;
      return;
    }
    this.state = evolve(this.state, e);
    this.applied.push(e.seq);
  }

  /**
   * Sends one command and keeps resending it, with the same key, until the server acks it
   * (a timeout, a dropped connection or an `unavailable` ack mean: try again). Bounded by `deadline`.
   */
  async sendUntilAcked<N extends CommandName>(name: N, body: CommandInput<N>, key: string, deadline: number): Promise<Ack<CommandResult>> {
    for (;;) {
      if (Date.now() > deadline) throw new Error(`no ack for ${key} before the deadline`);
      if (!this.socket.connected) {
        await new Promise((r) => setTimeout(r, 30));
        continue;
      }
      try {
        // The typed event map has one signature per command; this sends any of them.
        const timed = this.socket.timeout(1500) as unknown as { emitWithAck(ev: string, p: unknown): Promise<Ack<CommandResult>> };
        const ack = await timed.emitWithAck(name, { opId: this.opId, key, body });
        if (ack.ok || (ack.error.code !== "unavailable" && ack.error.code !== "rate_limited")) return ack;
      } catch {
        // timed out: the server may have died before or after committing; the key makes a resend safe
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): void {
    this.socket.close();
  }
}

/** What a viewer's state must be, given the whole log: the fold of what it may see. */
export function expectedStateFor(viewer: Viewer, log: readonly CordonEvent[]): OperationState {
  const visible = log.map((e) => project(e, viewer)).filter((e): e is CordonEvent => e !== null);
  return foldEvents(initialState, visible);
}

/** The parts of a state two audiences' folds must agree on (seq and at differ for filtered audiences). */
export function picture(s: OperationState) {
  const { operation, incidents, units, reports, alerts, decisions } = s;
  return { operation, incidents, units, reports, alerts, decisions };
}
