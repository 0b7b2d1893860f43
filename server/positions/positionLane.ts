import type { Fix } from "../../shared/state";
import { positionRooms, room, type Viewer } from "../../shared/visibility";
import { encodeFix, type PositionTuple } from "../../shared/wire";
import type { EventStore } from "../store/eventStore";
import type { FixShare } from "./redisFixes";

export interface PositionLaneOptions {
  store: EventStore;
  flushMs: number;
  now: () => number;
  /** A unit's sector, or undefined when the operation has no such unit. */
  unitSector: (opId: string, unitId: string) => string | null | undefined;
  /** Emits one compact frame to one room of an operation. */
  emit: (opId: string, room: string, fixes: PositionTuple[]) => void;
  /** Whether any socket of this process is in the room (per-unit rooms are mostly empty). */
  hasListeners: (opId: string, room: string) => boolean;
  /**
   * With several processes (REDIS_URL): the latest fixes shared with the others. Each process
   * then emits only to its own sockets, so `emit` must be local (io.local), and `hasListeners`
   * may answer for this process alone: another process delivers to its sockets itself.
   */
  share?: FixShare | null;
  /**
   * Real time, for how recently an officer's own device reported (default Date.now): the demo's
   * scenario clock (`now`) may run ten times faster than the phone's reporting.
   */
  wallNow?: () => number;
  /** Told of a failure to share fixes (they are stored and delivered here all the same). */
  onError?: (err: unknown, what: string) => void;
  /**
   * Officers' rooms (`unit:<id>`, `units:<sector>`) get a frame every this many flushes, with the
   * newest fix of each unit moved since their last one (default: about once a second). Control
   * gets one every flush. Issue 14: every phone in a busy sector was written 20 frames a second.
   */
  unitFramesEvery?: number;
}

interface OpPositions {
  latest: Map<string, Fix>;
  dirty: Map<string, Fix>;
  /** Moved since the officers' rooms' last frame (they hear less often than control). */
  unitsDirty: Map<string, Fix>;
  rows: Fix[];
  waiting: (() => void)[];
}

/**
 * The second stream (DESIGN §1, §6). Fixes are stored in full, but delivered latest-wins:
 * each flush (about every 50 ms) writes the buffered rows in one transaction, then sends every
 * room one array of the newest fix per unit that moved, then acks the senders.
 */
/** An officer's device that reported within this long holds its unit: the demo leaves it alone. */
export const OWN_FIX_HOLD_MS = 60_000;

export class PositionLane {
  private readonly ops = new Map<string, OpPositions>();
  /** `opId unitId` → real time its officer's device last reported. */
  private readonly ownFixAt = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private flushing = Promise.resolve();
  private flushes = 0;
  private readonly unitFramesEvery: number;

  constructor(private readonly opts: PositionLaneOptions) {
    this.unitFramesEvery = Math.max(1, opts.unitFramesEvery ?? Math.round(1000 / opts.flushMs));
    this.timer = setInterval(() => {
      this.flushing = this.flushing.then(() => this.flush());
    }, opts.flushMs);
    this.timer.unref();
  }

  async loadLatest(opId: string): Promise<void> {
    const stored = await this.opts.store.latestFixes(opId);
    const shared = this.opts.share ? await this.opts.share.load(opId) : [];
    if (stored.length + shared.length === 0) return;
    const op = this.op(opId);
    for (const f of [...stored, ...shared]) keepNewest(op.latest, f);
  }

  /** Takes other processes' fixes from the share, and reads the latest again if the link dropped. */
  async startSharing(): Promise<void> {
    const share = this.opts.share;
    if (!share) return;
    await share.subscribe(
      (opId, fixes) => this.receive(opId, fixes),
      () => {
        for (const opId of this.ops.keys()) this.loadLatest(opId).catch((err) => this.opts.onError?.(err, "reloading shared fixes"));
      },
    );
  }

  /**
   * Fixes another process stored and published: merged latest-wins and sent to this process's
   * sockets at once (the publisher already coalesced them over its flush).
   */
  private receive(opId: string, fixes: readonly Fix[]): void {
    const op = this.op(opId);
    const fresh = new Map<string, Fix>();
    for (const f of fixes) if (keepNewest(op.latest, f)) fresh.set(f.unitId, f);
    if (fresh.size > 0) this.deliver(opId, fresh);
  }

  /** How many operations hold position state (for tests: made-up ids must leave it at 0). */
  get size(): number {
    return this.ops.size;
  }

  /** Notes that an officer's own device reported these units (position:report), by real time. */
  ownFixes(opId: string, unitIds: readonly string[]): void {
    const at = (this.opts.wallNow ?? Date.now)();
    for (const id of unitIds) this.ownFixAt.set(`${opId} ${id}`, at);
  }

  /**
   * Whether an officer's device reported this unit in the last minute: own GPS wins over any
   * simulated fix, so the demo's simulator skips such a unit (issue 12).
   */
  hasOwnFix(opId: string, unitId: string): boolean {
    const at = this.ownFixAt.get(`${opId} ${unitId}`);
    return at !== undefined && (this.opts.wallNow ?? Date.now)() - at < OWN_FIX_HOLD_MS;
  }

  /** Queues fixes; resolves once they are stored. Returns the unit ids that are not in the operation. */
  accept(opId: string, fixes: readonly Fix[]): { unknown: string[]; stored: Promise<void> } {
    const unknown = fixes.filter((f) => this.opts.unitSector(opId, f.unitId) === undefined).map((f) => f.unitId);
    // Nothing known: keep no state at all, so made-up operation or unit ids cost no memory.
    if (unknown.length === fixes.length) return { unknown, stored: Promise.resolve() };
    const op = this.op(opId);
    const skip = new Set(unknown);
    for (const f of fixes) {
      if (skip.has(f.unitId)) continue;
      op.rows.push(f);
      const prev = op.latest.get(f.unitId);
      // A fix older than what we hold (a tracker's late batch) is stored for the track but not shown live.
      if (!prev || prev.at <= f.at) {
        op.latest.set(f.unitId, f);
        op.dirty.set(f.unitId, f);
      }
    }
    const stored = new Promise<void>((resolve) => op.waiting.push(resolve));
    return { unknown, stored };
  }

  /** Each unit's newest fix that this viewer may see (never any for stewards). */
  latestFor(opId: string, viewer: Viewer): PositionTuple[] {
    if (viewer.kind === "steward") return [];
    const latest = [...(this.ops.get(opId)?.latest.values() ?? [])];
    const visible =
      viewer.kind === "control"
        ? latest
        : latest.filter((f) => f.unitId === viewer.unitId || (viewer.sector && this.opts.unitSector(opId, f.unitId) === viewer.sector));
    return visible.map(encodeFix);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
    await this.opts.share?.close();
  }

  private op(opId: string): OpPositions {
    let op = this.ops.get(opId);
    if (!op) {
      op = { latest: new Map(), dirty: new Map(), unitsDirty: new Map(), rows: [], waiting: [] };
      this.ops.set(opId, op);
    }
    return op;
  }

  /** Writes and sends what is buffered now (the timer calls it every `flushMs`; tests may too). */
  flushNow(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flush());
    return this.flushing;
  }

  private async flush(): Promise<void> {
    const unitsDue = ++this.flushes % this.unitFramesEvery === 0;
    for (const [opId, op] of this.ops) {
      await this.writeAndSend(opId, op);
      if (unitsDue && op.unitsDirty.size > 0) {
        this.deliverToUnits(opId, op.unitsDirty);
        op.unitsDirty = new Map();
      }
    }
  }

  /** Stores the buffered rows, sends control the movers, and acks the senders. */
  private async writeAndSend(opId: string, op: OpPositions): Promise<void> {
    if (op.rows.length === 0 && op.waiting.length === 0) return;
    const rows = op.rows;
    const dirty = op.dirty;
    const waiting = op.waiting;
    op.rows = [];
    op.dirty = new Map();
    op.waiting = [];
    try {
      if (rows.length > 0) await this.opts.store.appendFixes(opId, rows, this.opts.now());
    } catch {
      // Fixes are telemetry: a failed write is retried with the next flush rather than dropped.
      op.rows = rows.concat(op.rows);
      op.waiting = waiting.concat(op.waiting);
      for (const [id, f] of dirty) if (!op.dirty.has(id)) op.dirty.set(id, f);
      return;
    }
    this.deliver(opId, dirty);
    await this.publishShared(opId, dirty);
    for (const resolve of waiting) resolve();
  }

  /** Before the senders' acks: an acked fix is in every process's hello. A failure loses nothing stored. */
  private async publishShared(opId: string, dirty: Map<string, Fix>): Promise<void> {
    if (!this.opts.share || dirty.size === 0) return;
    try {
      await this.opts.share.publish(opId, [...dirty.values()]);
    } catch (err) {
      this.opts.onError?.(err, "sharing fixes with the other processes failed (stored, and delivered here)");
    }
  }

  /** Control's frame at once; the officers' rooms hear these with their next frame. */
  private deliver(opId: string, dirty: Map<string, Fix>): void {
    if (this.opts.hasListeners(opId, room.control)) this.opts.emit(opId, room.control, [...dirty.values()].map(encodeFix));
    const op = this.op(opId);
    for (const [id, fix] of dirty) op.unitsDirty.set(id, fix);
  }

  private deliverToUnits(opId: string, dirty: Map<string, Fix>): void {
    const byRoom = new Map<string, PositionTuple[]>();
    for (const fix of dirty.values()) {
      const sector = this.opts.unitSector(opId, fix.unitId) ?? null;
      const tuple = encodeFix(fix);
      for (const r of positionRooms({ id: fix.unitId, sector })) {
        if (r === room.control) continue;
        const list = byRoom.get(r);
        if (list) list.push(tuple);
        else byRoom.set(r, [tuple]);
      }
    }
    for (const [r, fixes] of byRoom) {
      if (this.opts.hasListeners(opId, r)) this.opts.emit(opId, r, fixes);
    }
  }
}

/** Puts `f` in `latest` unless a newer fix of its unit is there; true when it went in. */
function keepNewest(latest: Map<string, Fix>, f: Fix): boolean {
  const prev = latest.get(f.unitId);
  if (prev && prev.at > f.at) return false;
  latest.set(f.unitId, f);
  return true;
}
