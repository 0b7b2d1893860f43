import type { SystemCommandBody } from "./commands";
import type { DecideContext } from "./decide";
import { ErrorCode, Rejection } from "./errors";
import type { DecidedEvent, EventOf } from "./events";
import { missingKinds } from "./sectorCover";
import type { OperationState, Unit } from "./state";
import type { Sector } from "./venue";
import { clearWarning, openWarning, raiseWarning } from "./warningFold";

/**
 * Sectors that warn (issue 11 item 2): the rules for the four commands the server's sector watcher
 * sends (server/system/sectorWatch.ts), and how their events fold into `state.warnings`. Each is
 * decided again against the state it is appended to, so a second process's copy of a crossing, a
 * unit tasked meanwhile or cover already restored is refused rather than logged twice.
 */

const conflict = (message: string) => new Rejection(ErrorCode.Conflict, message);

function systemOnly(ctx: DecideContext, what: string): void {
  if (ctx.actor.role !== "system") throw new Rejection(ErrorCode.Forbidden, `Only the server ${what}.`);
}

function sectorOf(ctx: DecideContext, id: string): Sector {
  const s = ctx.venue.sectors.find((x) => x.id === id);
  if (!s) throw new Rejection(ErrorCode.NotFound, `No sector ${id} in the plan.`);
  return s;
}

/** The unit (checkIds has made sure it exists) and its assigned sector, which the body must name. */
function unitIn(state: OperationState, ctx: DecideContext, unitId: string, sector: string): Unit {
  const u = state.units[unitId] as Unit;
  sectorOf(ctx, sector);
  if (u.sector !== sector) throw conflict(`${u.callSign} is assigned to ${u.sector ?? "no sector"}, not ${sector}.`);
  return u;
}

/**
 * A unit has gone out of its assigned sector by more than the margin (the watcher's hysteresis).
 * Only an available unit with no incident: a unit control sent elsewhere is where it was told to be.
 */
export function decideLeft(state: OperationState, ctx: DecideContext, b: SystemCommandBody<"sector:left">): DecidedEvent {
  systemOnly(ctx, "says a unit left its sector");
  const u = unitIn(state, ctx, b.unitId, b.sector);
  if (openWarning(state, "unit-left-sector", u.id)) throw conflict(`${u.callSign} is already out of its sector.`);
  if (u.status !== "available" || u.incidentId !== null) throw conflict(`${u.callSign} is ${u.status}: it may be away from its sector.`);
  return { type: "UnitLeftSector", payload: { ...b, callSign: u.callSign }, scope: { sector: b.sector, stewards: [], units: [u.id] } };
}

/** The unit is back inside its sector by the margin: clears its warning. */
export function decideReturned(state: OperationState, ctx: DecideContext, b: SystemCommandBody<"sector:returned">): DecidedEvent {
  systemOnly(ctx, "says a unit came back to its sector");
  const u = unitIn(state, ctx, b.unitId, b.sector);
  if (!openWarning(state, "unit-left-sector", u.id)) throw conflict(`${u.callSign} is not out of its sector.`);
  return {
    type: "UnitReturnedToSector",
    payload: { ...b, callSign: u.callSign },
    scope: { sector: b.sector, stewards: [], units: [u.id] },
  };
}

/** The sector has no available unit of a kind its plan requires; the kinds are read from the state now. */
export function decideCoverLost(state: OperationState, ctx: DecideContext, b: SystemCommandBody<"cover:lost">): DecidedEvent {
  systemOnly(ctx, "says a sector lost its cover");
  const sector = sectorOf(ctx, b.sector);
  if (openWarning(state, "sector-cover", sector.id)) throw conflict(`${sector.name} is already without cover.`);
  const missing = missingKinds(state, sector);
  if (missing.length === 0) throw conflict(`${sector.name} has the cover its plan requires.`);
  return { type: "SectorCoverLost", payload: { sector: sector.id, missing }, scope: { sector: sector.id, stewards: [], units: [] } };
}

/** Every kind the sector requires has an available unit again: clears its warning. */
export function decideCoverRestored(state: OperationState, ctx: DecideContext, b: SystemCommandBody<"cover:restored">): DecidedEvent {
  systemOnly(ctx, "says a sector's cover is back");
  const sector = sectorOf(ctx, b.sector);
  if (!openWarning(state, "sector-cover", sector.id)) throw conflict(`${sector.name} has not lost its cover.`);
  const missing = missingKinds(state, sector);
  if (missing.length > 0) throw conflict(`${sector.name} still has no available ${missing.join(", ")}.`);
  return { type: "SectorCoverRestored", payload: { sector: sector.id }, scope: { sector: sector.id, stewards: [], units: [] } };
}

type SectorEvent = EventOf<"UnitLeftSector" | "UnitReturnedToSector" | "SectorCoverLost" | "SectorCoverRestored">;

/** The fold's four cases (shared/evolve.ts): a warning raised or cleared; nothing else changes. */
export function foldSectorEvent(s: OperationState, e: SectorEvent): OperationState {
  switch (e.type) {
    case "UnitLeftSector": {
      const { unitId, sector, callSign, outsideM } = e.payload;
      const text = `${callSign} out of its sector (${Math.round(outsideM)} m outside)`;
      return raiseWarning(s, e, { kind: "unit-left-sector", subject: unitId, sector, text });
    }
    case "UnitReturnedToSector":
      return clearWarning(s, e, "unit-left-sector", e.payload.unitId);
    case "SectorCoverLost": {
      const text = `No available ${e.payload.missing.join(", ")} in the sector`;
      return raiseWarning(s, e, { kind: "sector-cover", subject: e.payload.sector, sector: e.payload.sector, text });
    }
    case "SectorCoverRestored":
      return clearWarning(s, e, "sector-cover", e.payload.sector);
  }
}
