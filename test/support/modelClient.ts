import { io, type Socket } from "socket.io-client";
import { type BoardStore, createBoardStore } from "../../client/src/store/boardStore";
import { boardSink } from "../../client/src/sync/boardSink";
import type { SyncEngine, SyncEngineOptions, SyncSink } from "../../client/src/sync/syncEngine";
import { createSyncEngine } from "../../client/src/sync/syncEngine";
import { type CordonSocket, type SyncTransport, socketTransport, systemTimers } from "../../client/src/sync/transport";
import type { CommandInput, CommandName } from "../../shared/commands";
import type { Ack } from "../../shared/errors";
import type { CordonEvent } from "../../shared/events";
import { foldEvents } from "../../shared/evolve";
import type { CommandResult, HelloReply, SnapshotPart } from "../../shared/protocol";
import { assembleSnapshot, decodeSnapshotPart } from "../../shared/snapshot";
import { initialState, type OperationState } from "../../shared/state";
import { project, type Viewer } from "../../shared/visibility";

export interface ModelClientOptions {
  autoConnect?: boolean;
  /** Wraps the socket's transport (a test holding a reply, or losing an ack). */
  transport?: (inner: SyncTransport) => SyncTransport;
  /** Engine settings a test changes (protocol version, timings, callbacks). */
  engine?: Partial<Omit<SyncEngineOptions, "transport" | "sink" | "timers" | "opId" | "contiguous">>;
}

/**
 * A client over a real socket.io-client socket driven by the browser's own sync engine
 * (client/src/sync/syncEngine.ts) folding into the browser's own board store: hello with its
 * last seq on every connect, live events buffered during a hello, a gap (control only) answered
 * with another hello, commands resent with their key. Records what it applied. Used by the
 * churn, crash and sync-engine tests.
 */
export class ModelClient {
  /** Seqs that advanced the state, in order: a seq twice here would be an event applied twice. */
  readonly applied: number[] = [];
  duplicatesIgnored = 0;
  /** Each snapshot page as it arrived: [page, pages] (a paged reset, docs/protocol.md §3). */
  readonly progress: [number, number][] = [];
  restartNotices = 0;
  readonly socket: Socket;
  readonly engine: SyncEngine;
  readonly transport: SyncTransport;
  private readonly store: BoardStore;

  constructor(
    url: string,
    cookie: string,
    readonly opId: string,
    readonly viewer: Viewer,
    opts: ModelClientOptions = {},
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
    const role = viewer.kind === "control" ? "controller" : viewer.kind === "steward" ? "steward" : "officer";
    this.store = createBoardStore({
      user: { id: viewer.userId, name: viewer.userId, role, sector: null, unitId: null, post: null },
      opId,
    });
    const inner = this.noting(socketTransport(this.socket as CordonSocket));
    this.transport = opts.transport ? opts.transport(inner) : inner;
    this.engine = createSyncEngine({
      helloTimeoutMs: 3000,
      helloRetryMs: 100,
      ackTimeoutMs: 1500,
      retryStepMs: 50,
      retryCapMs: 50,
      ...opts.engine,
      onProgress: (page, pages) => {
        this.progress.push([page, pages]);
        opts.engine?.onProgress?.(page, pages);
      },
      transport: this.transport,
      sink: this.recording(boardSink(this.store)),
      timers: systemTimers,
      opId,
      contiguous: this.contiguous,
    });
    this.socket.on("server:restarting", () => {
      this.restartNotices++;
    });
  }

  get state(): OperationState {
    return this.store.getState().state;
  }

  get contiguous(): boolean {
    return this.viewer.kind === "control";
  }

  /** Hellos said because of a gap (or a head left ahead). */
  get resyncs(): number {
    return this.engine.stats.resyncs;
  }

  /** Says hello now (or right after the one in flight). */
  hello(): void {
    this.engine.hello();
  }

  /**
   * Sends one command and keeps resending it, with the same key, until the server acks it
   * (a timeout, a dropped connection or an `unavailable` ack mean: try again). Bounded by `deadline`.
   */
  async sendUntilAcked<N extends CommandName>(name: N, body: CommandInput<N>, key: string, deadline: number): Promise<Ack<CommandResult>> {
    const ack = await this.engine.send(name, body, { key, deadline });
    if (!ack.ok && Date.now() > deadline) {
      const where = `socket ${this.socket.connected ? "connected" : "not connected"}${this.socket.active ? "" : " (not reconnecting)"}, engine ${this.engine.phase()}, last answer ${this.lastAnswer.get(key) ?? "none"}`;
      throw new Error(`no ack for ${key} before the deadline: ${where}`);
    }
    return ack;
  }

  close(): void {
    this.engine.close();
    this.socket.close();
  }

  /** The last answer to each command key (an ack's code, or why none came), for failure messages. */
  private readonly lastAnswer = new Map<string, string>();

  private noting(inner: SyncTransport): SyncTransport {
    return {
      ...inner,
      request: async <T>(event: string, payload: unknown, timeoutMs: number) => {
        const key = (payload as { key?: string }).key;
        try {
          const ack = await inner.request<T>(event, payload, timeoutMs);
          if (key) this.lastAnswer.set(key, (ack as Ack<unknown>).ok ? "ok" : (ack as { error: { code: string } }).error.code);
          return ack;
        } catch (err) {
          if (key) this.lastAnswer.set(key, String(err));
          throw err;
        }
      },
    };
  }

  /** The sink, recording which seqs advanced the state. */
  private recording(sink: SyncSink): SyncSink {
    return {
      ...sink,
      applySync: (reply) => {
        if (reply.mode === "events") {
          let seq = sink.seq();
          for (const e of reply.events) {
            if (e.seq <= seq) this.duplicatesIgnored++;
            else {
              seq = e.seq;
              this.applied.push(seq);
            }
          }
        }
        sink.applySync(reply);
      },
      applyEvent: (e) => {
        const result = sink.applyEvent(e);
        if (result === "applied") this.applied.push(e.seq);
        if (result === "stale") this.duplicatesIgnored++;
        return result;
      },
    };
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

/**
 * A fresh hello on a raw socket, paging through a snapshot if one comes (docs/protocol.md §3):
 * the state the reply or its pages make, every reply as received, and whether it was complete.
 */
/** A hello reply's size on the wire: its JSON, with a binary attachment counted as its bytes. */
export function replyBytes(ack: unknown): number {
  let binary = 0;
  const json = JSON.stringify(ack, (_k, v: unknown) => {
    if (v instanceof Uint8Array || v instanceof ArrayBuffer) {
      binary += v.byteLength;
      return 0;
    }
    // Buffer.toJSON runs before the replacer sees the Buffer.
    if (
      typeof v === "object" &&
      v !== null &&
      (v as { type?: unknown }).type === "Buffer" &&
      Array.isArray((v as { data?: unknown }).data)
    ) {
      binary += (v as { data: unknown[] }).data.length;
      return 0;
    }
    return v;
  });
  return Buffer.byteLength(json) + binary;
}

export async function freshState(
  socket: Socket,
  opId: string,
): Promise<{ state: OperationState; replies: Ack<HelloReply>[]; complete: boolean }> {
  const replies: Ack<HelloReply>[] = [];
  const parts: SnapshotPart[] = [];
  let cursor: { seq: number; page: number } | undefined;
  for (;;) {
    const ack: Ack<HelloReply> = await socket.emitWithAck("sync:hello", {
      protocol: 1,
      opId,
      lastSeq: null,
      ...(cursor ? { snapshot: cursor } : {}),
    });
    replies.push(ack);
    if (!ack.ok) throw new Error(`hello refused: ${ack.error.code} ${ack.error.message}`);
    const reply = ack.data;
    if (reply.mode === "events") throw new Error("a fresh hello was answered with events");
    if (reply.mode === "reset") return { state: reply.state, replies, complete: reply.complete !== false };
    if (reply.page === 1) parts.length = 0;
    parts.push(decodeSnapshotPart(reply.data));
    if (reply.page === reply.pages) return { state: assembleSnapshot(parts), replies, complete: reply.complete };
    cursor = { seq: reply.seq, page: reply.page + 1 };
  }
}
