import type { Fix } from "../../shared/state";
import { positionRooms, room, roomsOf, type Viewer } from "../../shared/visibility";
import { encodeFix, type PositionTuple } from "../../shared/wire";
import type { EventStore } from "../store/eventStore";
import { TelemetryLane } from "../telemetry/telemetryLane";
import { positionKind } from "./positionKind";
import type { FixShare } from "./redisFixes";

export interface PositionLaneOptions {
  store: Pick<EventStore, "appendFixes" | "latestFixes">;
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

/** An officer's device that reported within this long holds its unit: the demo leaves it alone. */
export const OWN_FIX_HOLD_MS = 60_000;

/**
 * Positions: the telemetry lane's first kind (DESIGN §1, §6; telemetryLane.ts does the storing,
 * latest-wins and control's frames). What is the positions' own: officers see their unit and their
 * sector's units, less often than control, and an officer's own device holds its unit against the
 * demo's simulator.
 */
export class PositionLane extends TelemetryLane<Fix, PositionTuple> {
  /** Per operation: unit id → real time its officer's device last reported. */
  private readonly ownFixAt = new Map<string, Map<string, number>>();
  /** Per operation: units moved since the officers' rooms' last frame (they hear less often than control). */
  private readonly unitsDirty = new Map<string, Map<string, Fix>>();
  private readonly unitFramesEvery: number;
  private readonly positions: PositionLaneOptions;

  constructor(opts: PositionLaneOptions) {
    super({
      kind: positionKind,
      track: { append: (opId, rows, at) => opts.store.appendFixes(opId, rows, at), latest: (opId) => opts.store.latestFixes(opId) },
      flushMs: opts.flushMs,
      now: opts.now,
      known: (opId, unitId) => opts.unitSector(opId, unitId) !== undefined,
      emit: opts.emit,
      hasListeners: opts.hasListeners,
      share: opts.share ?? null,
      ...(opts.onError ? { onError: opts.onError } : {}),
    });
    this.positions = opts;
    this.unitFramesEvery = Math.max(1, opts.unitFramesEvery ?? Math.round(1000 / opts.flushMs));
  }

  /** Notes that an officer's own device reported these units (position:report), by real time. */
  ownFixes(opId: string, unitIds: readonly string[]): void {
    const at = (this.positions.wallNow ?? Date.now)();
    let units = this.ownFixAt.get(opId);
    if (!units) {
      units = new Map();
      this.ownFixAt.set(opId, units);
    }
    for (const id of unitIds) units.set(id, at);
  }

  /**
   * Whether an officer's device reported this unit in the last minute: own GPS wins over any
   * simulated fix, so the demo's simulator skips such a unit (issue 12).
   */
  hasOwnFix(opId: string, unitId: string): boolean {
    const at = this.ownFixAt.get(opId)?.get(unitId);
    return at !== undefined && (this.positions.wallNow ?? Date.now)() - at < OWN_FIX_HOLD_MS;
  }

  /**
   * Each unit's newest fix that this viewer may see: control all, stewards none, others the units
   * whose fixes reach one of their rooms live (positionRooms), so hello and live frames agree.
   */
  override latestFor(opId: string, viewer: Viewer): PositionTuple[] {
    if (viewer.kind === "control" || viewer.kind === "steward") return super.latestFor(opId, viewer);
    const mine = new Set(roomsOf(viewer));
    const latest = [...(this.ops.get(opId)?.latest.values() ?? [])];
    return latest
      .filter((f) => positionRooms({ id: f.unitId, sector: this.positions.unitSector(opId, f.unitId) ?? null }).some((r) => mine.has(r)))
      .map(encodeFix);
  }

  /** The officers' rooms hear these with their next frame. */
  protected override moved(opId: string, dirty: ReadonlyMap<string, Fix>): void {
    let pending = this.unitsDirty.get(opId);
    if (!pending) {
      pending = new Map();
      this.unitsDirty.set(opId, pending);
    }
    for (const [id, fix] of dirty) pending.set(id, fix);
  }

  protected override flushed(opId: string, flush: number): void {
    if (flush % this.unitFramesEvery !== 0) return;
    const pending = this.unitsDirty.get(opId);
    if (!pending || pending.size === 0) return;
    this.unitsDirty.set(opId, new Map());
    this.deliverToUnits(opId, pending);
  }

  private deliverToUnits(opId: string, dirty: Map<string, Fix>): void {
    const byRoom = new Map<string, PositionTuple[]>();
    for (const fix of dirty.values()) {
      const sector = this.positions.unitSector(opId, fix.unitId) ?? null;
      const tuple = encodeFix(fix);
      for (const r of positionRooms({ id: fix.unitId, sector })) {
        if (r === room.control) continue;
        const list = byRoom.get(r);
        if (list) list.push(tuple);
        else byRoom.set(r, [tuple]);
      }
    }
    for (const [r, fixes] of byRoom) {
      if (this.positions.hasListeners(opId, r)) this.positions.emit(opId, r, fixes);
    }
  }
}
