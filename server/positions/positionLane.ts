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
  /** Per operation: the officers' and Bronze's rooms, which units are in each, and when each moved. */
  private readonly frames = new Map<string, OpFrames>();
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

  /**
   * Notes that these units moved: each is in the next frame of each of its officers' and Bronze's
   * rooms. Only a number per unit is written (the fix itself stays in `latest`): holding every fix
   * for each of its rooms until the room's turn, up to a second, kept 3,500 fixes a second and
   * their maps alive past the young generation, a sixth of what the stadium profile promoted to
   * the old one (issue 14).
   */
  protected override moved(opId: string, dirty: ReadonlyMap<string, Fix>): void {
    const op = this.framesOf(opId);
    // The next flush's frames, whether this is a flush (moved comes before flushed) or another
    // process's fixes arriving between flushes.
    const next = op.tick + 1;
    for (const fix of dirty.values()) {
      this.joinRooms(op, opId, fix.unitId);
      op.movedAt.set(fix.unitId, next);
    }
  }

  /**
   * Puts a unit in its officers' and Bronze's rooms, looked up again only when its sector changes
   * (then it leaves its old sector's rooms): making the room names for every fix was 3 % of the
   * event loop's busy time at the stadium profile (issue 14).
   */
  private joinRooms(op: OpFrames, opId: string, unitId: string): void {
    const sector = this.positions.unitSector(opId, unitId) ?? null;
    const held = op.unitRooms.get(unitId);
    if (held && held.sector === sector) return;
    for (const r of held?.rooms ?? []) r.units.delete(unitId);
    const rooms = positionRooms({ id: unitId, sector })
      .filter((name) => name !== room.control)
      .map((name) => this.roomNamed(op, name));
    for (const r of rooms) r.units.add(unitId);
    op.unitRooms.set(unitId, { sector, rooms });
  }

  /**
   * A room, made on first sight with its turn among the flushes, in the order rooms are first
   * seen: the officers' rooms are spread evenly over the `unitFramesEvery` flushes, so no flush
   * sends all of them (issue 14: 1,750 rooms in one flush held the event loop ~50 ms once a second).
   */
  private roomNamed(op: OpFrames, name: string): RoomFrames {
    let r = op.rooms.get(name);
    if (!r) {
      r = { name, units: new Set(), sentAt: 0 };
      op.byTurn[op.rooms.size % this.unitFramesEvery]?.push(r);
      op.rooms.set(name, r);
    }
    return r;
  }

  /** The rooms whose turn this flush is hear the newest fix of each of their units moved since their last frame. */
  protected override flushed(opId: string, flush: number): void {
    const op = this.frames.get(opId);
    if (!op) return;
    const tick = ++op.tick;
    const latest = this.ops.get(opId)?.latest;
    for (const r of op.byTurn[flush % this.unitFramesEvery] ?? []) {
      const since = r.sentAt;
      r.sentAt = tick;
      if (!latest || !this.positions.hasListeners(opId, r.name)) continue;
      const tuples: PositionTuple[] = [];
      for (const unitId of r.units) {
        const fix = (op.movedAt.get(unitId) ?? 0) > since ? latest.get(unitId) : undefined;
        if (fix) tuples.push(encodeFix(fix));
      }
      if (tuples.length > 0) this.positions.emit(opId, r.name, tuples);
    }
  }

  private framesOf(opId: string): OpFrames {
    let op = this.frames.get(opId);
    if (!op) {
      op = {
        tick: 0,
        movedAt: new Map(),
        rooms: new Map(),
        byTurn: Array.from({ length: this.unitFramesEvery }, () => []),
        unitRooms: new Map(),
      };
      this.frames.set(opId, op);
    }
    return op;
  }
}

/** An officers' or Bronze's room of one operation: its units, and the tick of its last turn. */
interface RoomFrames {
  name: string;
  units: Set<string>;
  sentAt: number;
}

/** The officers' and Bronze's frames of one operation. */
interface OpFrames {
  /** Flushes this operation has seen; a unit that moves is marked with the next one. */
  tick: number;
  /** Unit id → the tick of the frames that carry its newest move. */
  movedAt: Map<string, number>;
  rooms: Map<string, RoomFrames>;
  /** The rooms of each turn, in the order first seen. */
  byTurn: RoomFrames[][];
  /** Unit id → its sector when last looked at, and its rooms. */
  unitRooms: Map<string, { sector: string | null; rooms: RoomFrames[] }>;
}
