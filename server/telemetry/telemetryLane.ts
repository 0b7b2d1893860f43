import { room, roomsOf, type Viewer } from "../../shared/visibility";
import type { TelemetryShare } from "./redisTelemetry";

/**
 * One kind of reading on the telemetry lane (DESIGN §6): how to key it, time it and put it on
 * the wire. Positions (positionKind) and turnstile counts (countKind) are the two kinds.
 */
export interface TelemetryKind<R, T> {
  /** Names its Redis hash and channel (`<prefix><share>:<opId>`, `<prefix><share>`). */
  readonly share: string;
  key(r: R): string;
  at(r: R): number;
  encode(r: R): T;
  decode(t: T): R;
  /** The latest shown live from the one held and a newer one (default: the newer one whole). */
  merge?(prev: R, next: R): R;
}

/** Where a kind's readings are stored in full (DESIGN §1): one typed table per kind in each store. */
export interface TelemetryTrack<R> {
  append(opId: string, rows: readonly R[], receivedAt: number): Promise<void>;
  /** The newest readings per key (a kind with `merge` may give several per key, oldest first). */
  latest(opId: string): Promise<R[]>;
}

export interface TelemetryLaneOptions<R, T> {
  kind: TelemetryKind<R, T>;
  track: TelemetryTrack<R>;
  flushMs: number;
  now: () => number;
  /** Whether the operation has this key (a unit, an entrance group): unknown keys are refused. */
  known: (opId: string, key: string) => boolean;
  /** Emits one compact frame to one room of an operation. */
  emit: (opId: string, room: string, tuples: T[]) => void;
  /** Whether any socket of this process is in the room. */
  hasListeners: (opId: string, room: string) => boolean;
  /** The rooms that hear every flush's changes, and see every key on hello (default: control's). */
  rooms?: readonly string[];
  /**
   * With several processes (REDIS_URL): the latest readings shared with the others. Each process
   * then emits only to its own sockets, so `emit` must be local (io.local).
   */
  share?: TelemetryShare<R> | null;
  /** Told of a failure to share readings (they are stored and delivered here all the same). */
  onError?: (err: unknown, what: string) => void;
}

interface OpReadings<R> {
  latest: Map<string, R>;
  dirty: Map<string, R>;
  rows: R[];
  waiting: (() => void)[];
}

/**
 * The telemetry lane (DESIGN §1, §6): keyed readings stored in full, delivered latest-wins.
 * Each flush (about every 50 ms) sends control one array of the newest reading per key that
 * changed, then hands the buffered rows to the track in one transaction, and acks the senders
 * once they are stored. Control's rooms hear every kind; a kind that others may see (positions:
 * officers) adds its rooms in a subclass through `moved` and `flushed`.
 *
 * Why deliver before the write resolves: the write is off the event loop (the SQLite worker, or
 * PostgreSQL), and a WAL checkpoint or a large snapshot ahead of it there could hold it for
 * hundreds of milliseconds; control's frames waited behind it, flush after flush (issue 14).
 * What a sender is told is still only what is stored: its ack waits for the write.
 */
export class TelemetryLane<R, T> {
  protected readonly ops = new Map<string, OpReadings<R>>();
  private readonly rooms: readonly string[];
  private readonly timer: NodeJS.Timeout;
  /** Writes handed to the track and not yet settled (each acks its senders when stored). */
  private readonly storing = new Set<Promise<void>>();
  private flushes = 0;

  constructor(protected readonly opts: TelemetryLaneOptions<R, T>) {
    this.rooms = opts.rooms ?? [room.control];
    this.timer = setInterval(() => this.flush(), opts.flushMs);
    this.timer.unref();
  }

  async loadLatest(opId: string): Promise<void> {
    const stored = await this.opts.track.latest(opId);
    const shared = this.opts.share ? await this.opts.share.load(opId) : [];
    if (stored.length + shared.length === 0) return;
    const op = this.op(opId);
    for (const r of [...stored, ...shared]) this.keepNewest(op.latest, r);
  }

  /** Takes other processes' readings from the share, and reads the latest again if the link dropped. */
  async startSharing(): Promise<void> {
    const share = this.opts.share;
    if (!share) return;
    await share.subscribe(
      (opId, rows) => this.receive(opId, rows),
      () => {
        for (const opId of this.ops.keys()) this.loadLatest(opId).catch((err) => this.opts.onError?.(err, "reloading shared readings"));
      },
    );
  }

  /** Readings another process stored and published: merged latest-wins and sent to this process's sockets. */
  private receive(opId: string, rows: readonly R[]): void {
    const op = this.op(opId);
    const fresh = new Map<string, R>();
    for (const r of rows) {
      const kept = this.keepNewest(op.latest, r);
      if (kept) fresh.set(this.opts.kind.key(r), kept);
    }
    if (fresh.size > 0) this.deliver(opId, fresh);
  }

  /** How many operations hold state (for tests: made-up ids must leave it at 0). */
  get size(): number {
    return this.ops.size;
  }

  /** Queues readings; resolves once they are stored. Returns the keys that are not in the operation. */
  accept(opId: string, rows: readonly R[]): { unknown: string[]; stored: Promise<void> } {
    const { kind, known } = this.opts;
    // One look per reading (an officer's phone sends one a message); the list only when some are unknown.
    let unknown: string[] | null = null;
    for (const r of rows) {
      const key = kind.key(r);
      if (known(opId, key)) continue;
      unknown ??= [];
      unknown.push(key);
    }
    // Nothing known: keep no state at all, so made-up operation or key ids cost no memory.
    if (unknown !== null && unknown.length === rows.length) return { unknown, stored: Promise.resolve() };
    const op = this.op(opId);
    const skip = unknown !== null ? new Set(unknown) : null;
    for (const r of rows) {
      const key = kind.key(r);
      if (skip?.has(key)) continue;
      op.rows.push(r);
      const prev = op.latest.get(key);
      // A reading older than what we hold (a late batch) is stored for the track but not shown live.
      if (!prev || kind.at(prev) <= kind.at(r)) {
        const next = prev && kind.merge ? kind.merge(prev, r) : r;
        op.latest.set(key, next);
        op.dirty.set(key, next);
      }
    }
    const stored = new Promise<void>((resolve) => op.waiting.push(resolve));
    return { unknown: unknown ?? [], stored };
  }

  /** The newest reading held for a key. */
  latestOf(opId: string, key: string): R | undefined {
    return this.ops.get(opId)?.latest.get(key);
  }

  /** Every key's newest reading held, as held (not copied: the server's own watchers read them each look). */
  latestReadings(opId: string): Iterable<R> {
    return this.ops.get(opId)?.latest.values() ?? [];
  }

  /** Each key's newest reading that this viewer may see: all of them in the lane's rooms, none elsewhere. */
  latestFor(opId: string, viewer: Viewer): T[] {
    if (!roomsOf(viewer).some((r) => this.rooms.includes(r))) return [];
    return [...(this.ops.get(opId)?.latest.values() ?? [])].map((r) => this.opts.kind.encode(r));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flushNow();
    await this.opts.share?.close();
  }

  protected op(opId: string): OpReadings<R> {
    let op = this.ops.get(opId);
    if (!op) {
      op = { latest: new Map(), dirty: new Map(), rows: [], waiting: [] };
      this.ops.set(opId, op);
    }
    return op;
  }

  /**
   * Sends and writes what is buffered now (the timer calls it every `flushMs`; tests may too), and
   * resolves once every write handed to the track so far has settled.
   */
  async flushNow(): Promise<void> {
    this.flush();
    while (this.storing.size > 0) await Promise.allSettled([...this.storing]);
  }

  private flush(): void {
    const n = ++this.flushes;
    for (const [opId, op] of this.ops) {
      this.sendAndWrite(opId, op);
      this.flushed(opId, n);
    }
  }

  /** Sends control the changed keys now, and hands the buffered rows to the track. */
  private sendAndWrite(opId: string, op: OpReadings<R>): void {
    if (op.rows.length === 0 && op.waiting.length === 0) return;
    const rows = op.rows;
    const dirty = op.dirty;
    const waiting = op.waiting;
    op.rows = [];
    op.dirty = new Map();
    op.waiting = [];
    if (dirty.size > 0) this.deliver(opId, dirty);
    const stored = this.store(opId, op, rows, dirty, waiting);
    this.storing.add(stored);
    void stored.finally(() => this.storing.delete(stored));
  }

  /** Stores the rows, shares the changed keys, then acks the senders. */
  private async store(opId: string, op: OpReadings<R>, rows: R[], dirty: Map<string, R>, waiting: (() => void)[]): Promise<void> {
    try {
      if (rows.length > 0) await this.opts.track.append(opId, rows, this.opts.now());
    } catch {
      // Telemetry: a failed write is retried with the next flush rather than dropped; its
      // senders wait for that one, and the other processes hear of the keys then.
      op.rows = rows.concat(op.rows);
      op.waiting = waiting.concat(op.waiting);
      for (const [key, r] of dirty) if (!op.dirty.has(key)) op.dirty.set(key, r);
      return;
    }
    await this.publishShared(opId, dirty);
    for (const resolve of waiting) resolve();
  }

  /** Before the senders' acks: an acked reading is in every process's hello. A failure loses nothing stored. */
  private async publishShared(opId: string, dirty: Map<string, R>): Promise<void> {
    if (!this.opts.share || dirty.size === 0) return;
    try {
      await this.opts.share.publish(opId, [...dirty.values()]);
    } catch (err) {
      this.opts.onError?.(err, "sharing readings with the other processes failed (stored, and delivered here)");
    }
  }

  /** The lane's rooms' frame at once (one encoding for all); then the kind's other rooms hear of them (`moved`). */
  private deliver(opId: string, dirty: Map<string, R>): void {
    let tuples: T[] | null = null;
    for (const r of this.rooms) {
      if (!this.opts.hasListeners(opId, r)) continue;
      tuples ??= [...dirty.values()].map((x) => this.opts.kind.encode(x));
      this.opts.emit(opId, r, tuples);
    }
    this.moved(opId, dirty);
  }

  /** Called with the readings just sent to control (a subclass queues them for its other rooms). */
  protected moved(_opId: string, _dirty: ReadonlyMap<string, R>): void {}

  /** Called after each flush of an operation, with the flush's number. */
  protected flushed(_opId: string, _flush: number): void {}

  /** Puts `r` in `latest` unless a newer reading of its key is there; the reading kept, or null. */
  private keepNewest(latest: Map<string, R>, r: R): R | null {
    const { kind } = this.opts;
    const key = kind.key(r);
    const prev = latest.get(key);
    if (prev && kind.at(prev) > kind.at(r)) return null;
    const next = prev && kind.merge ? kind.merge(prev, r) : r;
    latest.set(key, next);
    return next;
  }
}
