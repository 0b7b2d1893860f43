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
  /**
   * Per operation, per turn (a flush in every `unitFramesEvery`): each officers' room whose turn it
   * is, with the newest fix of each of its units moved since its last frame.
   */
  private readonly owedByTurn = new Map<string, Map<string, Map<string, Fix>>[]>();
  /** Each officers' room's turn (see turnOf). */
  private readonly turns = new Map<string, number>();
  /** Per unit id: its sector when last looked at, and its rooms other than control's with their turns. */
  private readonly roomsByUnit = new Map<string, { sector: string | null; rooms: readonly { name: string; turn: number }[] }>();
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

  /** Each officers' room this frame will reach keeps the newest fix of each of its units, until its turn. */
  protected override moved(opId: string, dirty: ReadonlyMap<string, Fix>): void {
    let owed = this.owedByTurn.get(opId);
    if (!owed) {
      owed = Array.from({ length: this.unitFramesEvery }, () => new Map());
      this.owedByTurn.set(opId, owed);
    }
    for (const fix of dirty.values()) {
      for (const { name, turn } of this.roomsOf(opId, fix.unitId)) {
        const bucket = owed[turn] as Map<string, Map<string, Fix>>;
        const units = bucket.get(name);
        if (units) units.set(fix.unitId, fix);
        else bucket.set(name, new Map([[fix.unitId, fix]]));
      }
    }
  }

  /**
   * A unit's officers' and Bronze's rooms with their turns, kept while its sector is the same:
   * making the room names and looking up their turns for every fix was 3 % of the event loop's
   * busy time at the stadium profile (issue 14).
   */
  private roomsOf(opId: string, unitId: string): readonly { name: string; turn: number }[] {
    const sector = this.positions.unitSector(opId, unitId) ?? null;
    const held = this.roomsByUnit.get(unitId);
    if (held && held.sector === sector) return held.rooms;
    const rooms = positionRooms({ id: unitId, sector })
      .filter((r) => r !== room.control)
      .map((name) => ({ name, turn: this.turnOf(name) }));
    this.roomsByUnit.set(unitId, { sector, rooms });
    return rooms;
  }

  /** The rooms whose turn this flush is hear what they are owed. */
  protected override flushed(opId: string, flush: number): void {
    const bucket = this.owedByTurn.get(opId)?.[flush % this.unitFramesEvery];
    if (!bucket || bucket.size === 0) return;
    for (const [r, owed] of bucket) {
      if (this.positions.hasListeners(opId, r)) this.positions.emit(opId, r, [...owed.values()].map(encodeFix));
    }
    bucket.clear();
  }

  /**
   * A room's turn among the flushes, given in the order rooms are first seen: the officers' rooms
   * are spread evenly over the `unitFramesEvery` flushes, so no flush sends all of them (issue 14:
   * 1,750 rooms in one flush held the event loop ~50 ms once a second).
   */
  private turnOf(r: string): number {
    let turn = this.turns.get(r);
    if (turn === undefined) {
      turn = this.turns.size % this.unitFramesEvery;
      this.turns.set(r, turn);
    }
    return turn;
  }
}
