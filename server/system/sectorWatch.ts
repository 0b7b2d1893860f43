import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { valuesOf } from "../../shared/collection";
import { type SystemCommand, systemKey } from "../../shared/commands";
import type { Ack } from "../../shared/errors";
import { DEFAULT_HYSTERESIS, type Hysteresis, signedDistanceM, stepGeofence } from "../../shared/geofence";
import type { CommandResult } from "../../shared/protocol";
import { missingKinds } from "../../shared/sectorCover";
import type { Fix, OperationState, Unit } from "../../shared/state";
import type { Sector, VenuePlan } from "../../shared/venue";
import { currentWarning, openWarning } from "../../shared/warningFold";
import type { Warning } from "../../shared/warnings";
import type { Config } from "../config";
import type { OperationLog } from "../operations/operationLog";
import type { PositionLane } from "../positions/positionLane";
import type { Notice } from "./attendance";
import { LookLoop } from "./lookLoop";
import { sendSystem } from "./systemPath";

/**
 * Keys from the log, so that every process noticing the same crossing sends the same one: a
 * crossing is named by the warning it follows (the seq that raised the one it clears, or the seq
 * of the unit's previous warning for a new one; 0 for the first). A process whose state lags
 * sends a key that decide then refuses (already out, not out): the log is the arbiter.
 */
export const sectorKeys = {
  left: (state: OperationState, unitId: string) =>
    systemKey("sector-left", unitId, String(currentWarning(state, "unit-left-sector", unitId)?.raisedSeq ?? 0)),
  returned: (raisedSeq: number, unitId: string) => systemKey("sector-returned", unitId, String(raisedSeq)),
  coverLost: (state: OperationState, sector: string) =>
    systemKey("cover-lost", sector, String(currentWarning(state, "sector-cover", sector)?.raisedSeq ?? 0)),
  coverRestored: (raisedSeq: number, sector: string) => systemKey("cover-restored", sector, String(raisedSeq)),
};

/** A unit as the crossings look at it: its sector's plan and its open "left its sector" warning. */
interface UnitWatch {
  unit: Unit;
  sector: Sector | undefined;
  open: Warning | undefined;
}

/** Whether a unit's leaving its sector is a warning: an available unit with no task (shared/sectorRules.ts). */
function watched(u: Unit): boolean {
  return u.status === "available" && u.incidentId === null;
}

/**
 * The cover notices for `state` (pure): a sector newly without a kind it requires, or with all
 * of them back. Read from the state alone, so every process derives the same commands and keys.
 */
export function coverNotices(state: OperationState, venue: VenuePlan): Notice[] {
  const notices: Notice[] = [];
  for (const sector of venue.sectors) {
    const missing = missingKinds(state, sector).length > 0;
    const open = openWarning(state, "sector-cover", sector.id);
    if (missing && !open)
      notices.push({ command: { name: "cover:lost", body: { sector: sector.id } }, key: sectorKeys.coverLost(state, sector.id) });
    if (!missing && open) {
      notices.push({
        command: { name: "cover:restored", body: { sector: sector.id } },
        key: sectorKeys.coverRestored(open.raisedSeq, sector.id),
      });
    }
  }
  return notices;
}

export interface SectorWatcherOptions {
  logs: () => readonly OperationLog[];
  venues: ReadonlyMap<string, VenuePlan>;
  /** Each unit's latest fix this process holds (the positions lane keeps them, every process's included). */
  latestFixes: (opId: string) => Iterable<Fix>;
  hysteresis?: Hysteresis;
  /** How often to look (1 s in the app); 0: only when `tick` is called. */
  everyMs: number;
  onError: (err: unknown, what: string) => void;
}

/** The hysteresis as configured (SECTOR_LEAVE_MARGIN_M, SECTOR_RETURN_MARGIN_M, SECTOR_CONFIRM_FIXES). */
export function hysteresisOf(config: Config): Hysteresis {
  return {
    leaveMarginM: config.SECTOR_LEAVE_MARGIN_M,
    returnMarginM: config.SECTOR_RETURN_MARGIN_M,
    confirmFixes: config.SECTOR_CONFIRM_FIXES,
  };
}

/**
 * The latest fixes the positions lane keeps, as control would see them: this process's and, with
 * several processes, the others' (shared through Redis). Read, not subscribed: the lane is unchanged.
 */
export function laneFixes(lane: Pick<PositionLane, "latestReadings">): (opId: string) => Iterable<Fix> {
  // The lane's own latest fixes: encoding them for the wire and back cost two objects a unit a second.
  return (opId) => lane.latestReadings(opId);
}

/**
 * Watches units against their sectors and sectors against their cover (issue 11 item 2), on a
 * timer, and sends what it finds through the server's one path for its own events. It folds
 * nothing: a crossing reaches the state (and stops being noticed) only through the log. Its only
 * memory is per fix: the newest fix looked at per unit, and the count of fixes in a row beyond
 * the hysteresis band (shared/geofence.ts).
 */
export class SectorWatcher {
  private readonly loop: LookLoop;
  /** Per operation, unit id → the newest fix time looked at, and the fixes in a row beyond the band. */
  private readonly tracks = new Map<string, Map<string, { at: number; streak: number }>>();
  private readonly h: Hysteresis;
  /**
   * Per operation: the units and warnings of the last look whose cover was quiet. Cover reads
   * nothing else (shared/sectorCover.ts), so while both are the same objects (the fold keeps
   * untouched collections) it is still quiet: no pass over every unit for every sector each
   * second (issue 14: a tenth of the busy time and a sixth of the allocation at 1,000 units).
   */
  private readonly quietCover = new Map<string, { units: unknown; warnings: unknown }>();
  /**
   * Per operation: each unit with its sector and open "left its sector" warning, kept while the
   * units, the warnings and the venue are the same objects. Looking each up in the collections
   * for every fix every second was most of the crossings' time at a stadium's 3,500 units (issue 14).
   */
  private readonly units = new Map<string, { units: unknown; warnings: unknown; venue: VenuePlan; byId: Map<string, UnitWatch> }>();

  constructor(private readonly opts: SectorWatcherOptions) {
    this.h = opts.hysteresis ?? DEFAULT_HYSTERESIS;
    this.loop = new LookLoop(
      opts.everyMs,
      () => this.tick(),
      (err) => opts.onError(err, "sector watcher failed"),
    );
  }

  start(): void {
    this.loop.start();
  }

  /** Looks at every new fix and every sector's cover now; resolves with each ack, in the order sent. */
  async tick(): Promise<Ack<CommandResult>[]> {
    const sent: Promise<Ack<CommandResult>>[] = [];
    const looked = new Set<string>();
    for (const log of this.opts.logs()) {
      const venue = this.opts.venues.get(log.state.operation?.venueId ?? "");
      if (!venue) continue;
      looked.add(log.opId);
      const notices = [...this.crossings(log.opId, log.state, venue), ...this.cover(log.opId, log.state, venue)];
      for (const { command, key } of notices) sent.push(sendSystem(log, command, key));
    }
    for (const opId of this.quietCover.keys()) if (!looked.has(opId)) this.quietCover.delete(opId);
    for (const opId of this.tracks.keys()) if (!looked.has(opId)) this.tracks.delete(opId);
    for (const opId of this.units.keys()) if (!looked.has(opId)) this.units.delete(opId);
    return Promise.all(sent);
  }

  /** The cover notices, or none at once when units and warnings are as they were at the last quiet look. */
  private cover(opId: string, state: OperationState, venue: VenuePlan): Notice[] {
    const quiet = this.quietCover.get(opId);
    if (quiet && quiet.units === state.units && quiet.warnings === state.warnings) return [];
    const notices = coverNotices(state, venue);
    if (notices.length === 0) this.quietCover.set(opId, { units: state.units, warnings: state.warnings });
    else this.quietCover.delete(opId);
    return notices;
  }

  /** The crossings shown by the fixes that arrived since the last look. */
  crossings(opId: string, state: OperationState, venue: VenuePlan): Notice[] {
    const notices: Notice[] = [];
    let tracks = this.tracks.get(opId);
    if (!tracks) {
      tracks = new Map();
      this.tracks.set(opId, tracks);
    }
    const units = this.unitsOf(opId, state, venue);
    for (const fix of this.opts.latestFixes(opId)) {
      let track = tracks.get(fix.unitId);
      if (!track) {
        track = { at: Number.NEGATIVE_INFINITY, streak: 0 };
        tracks.set(fix.unitId, track);
      }
      if (fix.at <= track.at) continue;
      track.at = fix.at;
      const notice = this.step(state, units.get(fix.unitId), fix, track);
      if (notice) notices.push(notice);
    }
    return notices;
  }

  private unitsOf(opId: string, state: OperationState, venue: VenuePlan): Map<string, UnitWatch> {
    const held = this.units.get(opId);
    if (held && held.units === state.units && held.warnings === state.warnings && held.venue === venue) return held.byId;
    // The first sector of an id, as a search of the plan would find it.
    const sectors = new Map<string, Sector>();
    for (const s of venue.sectors) if (!sectors.has(s.id)) sectors.set(s.id, s);
    const byId = new Map<string, UnitWatch>();
    for (const unit of valuesOf(state.units)) {
      const sector = unit.sector ? sectors.get(unit.sector) : undefined;
      byId.set(unit.id, { unit, sector, open: openWarning(state, "unit-left-sector", unit.id) });
    }
    this.units.set(opId, { units: state.units, warnings: state.warnings, venue, byId });
    return byId;
  }

  private step(state: OperationState, watch: UnitWatch | undefined, fix: Fix, track: { streak: number }): Notice | null {
    const u = watch?.unit;
    const sector = watch?.sector;
    const open = watch?.open;
    if (!u || !sector || (!open && !watched(u))) {
      track.streak = 0;
      return null;
    }
    const location = { lat: fix.lat, lng: fix.lng };
    // Nearly every fix is of a unit inside its sector and not out: the side alone settles it.
    if (!open && booleanPointInPolygon([fix.lng, fix.lat], sector.polygon)) {
      track.streak = 0;
      return null;
    }
    const distance = signedDistanceM(sector.polygon, location);
    const { streak, crossing } = stepGeofence(open !== undefined, track.streak, distance, this.h);
    track.streak = streak;
    if (crossing === "left") {
      const command: SystemCommand = {
        name: "sector:left",
        body: { unitId: u.id, sector: sector.id, location, outsideM: Math.round(distance) },
      };
      return { command, key: sectorKeys.left(state, u.id) };
    }
    if (crossing === "returned" && open) {
      return {
        command: { name: "sector:returned", body: { unitId: u.id, sector: sector.id, location } },
        key: sectorKeys.returned(open.raisedSeq, u.id),
      };
    }
    return null;
  }

  close(): Promise<void> {
    return this.loop.stop();
  }
}
