import type { Command, SystemCommandBody } from "./commands";
import { ErrorCode, Rejection } from "./errors";
import type { CordonEvent, DecidedEvent, EventOf } from "./events";
import type { Incident, OperationState } from "./state";
import { sectorAt, sectorName, type VenuePlan } from "./venue";
import { clearWarning, currentWarning, raiseWarning } from "./warningFold";

/**
 * Bronze, the commander of one sector (issue 11 item 1): the rules that keep a Bronze's commands
 * to their sector, their acknowledgement of an incident there, and the server's warning when an
 * incident waits too long for it (item 2). Pure, like decide and evolve, which call these.
 */

/** Who sends a Bronze command, as decide knows them. */
export interface BronzeSender {
  /** The Bronze's own sector (the account's); null for a Bronze with none, who may act nowhere. */
  sector: string | null;
  venue: VenuePlan;
}

const forbidden = (message: string) => new Rejection(ErrorCode.Forbidden, message);
const conflict = (message: string) => new Rejection(ErrorCode.Conflict, message);

/**
 * A Bronze acts in their own sector only: every incident, unit or place a command of theirs names
 * must be in it. Called by decide for a Bronze's every command, after the ids are known to exist.
 */
export function checkBronzeSector(command: Command, state: OperationState, who: BronzeSender): void {
  const mine = who.sector;
  const where = (sector: string | null) => sectorName(who.venue, sector);
  const yours = mine ? `your sector (${where(mine)})` : "a sector of yours (your account has none)";
  const body = command.body as Readonly<Record<string, unknown>>;
  const incident = typeof body.incidentId === "string" ? state.incidents[body.incidentId] : undefined;
  if (incident && (mine === null || incident.sector !== mine)) {
    throw forbidden(`${incident.ref} is in ${where(incident.sector)}, not ${yours}.`);
  }
  const unit = typeof body.unitId === "string" ? state.units[body.unitId] : undefined;
  if (unit && (mine === null || unit.sector !== mine)) throw forbidden(`${unit.callSign} is not a unit of ${yours}.`);
  if (command.name === "incident:report") {
    const at = sectorAt(who.venue, command.body.location);
    if (mine === null || at !== mine) throw forbidden(`That place is in ${where(at)}, not ${yours}.`);
  }
}

/** `incident:bronze-ack`: the Bronze of the incident's sector has it (once per incident). */
export function acknowledgeAsBronze(state: OperationState, incidentId: string, who: BronzeSender): DecidedEvent {
  const i = waiting(state, incidentId);
  // checkBronzeSector has already refused an incident outside the sender's sector.
  if (i.sector === null || i.sector !== who.sector) throw forbidden(`${i.ref} is not in your sector.`);
  if (i.bronzeAck) throw conflict(`${i.ref} is already acknowledged (${i.bronzeAck.name}).`);
  return { type: "BronzeAcknowledged", payload: { incidentId: i.id, sector: i.sector }, scope: bronzeScope(i.sector) };
}

/**
 * `bronze:overdue`, sent by the server's watcher (server/system/bronzeAck.ts): decided again
 * against the state it is appended to, so an acknowledgement that came meanwhile, or another
 * process's warning, turns it into a refusal rather than a false or second warning.
 */
export function flagBronzeOverdue(state: OperationState, now: number, b: SystemCommandBody<"bronze:overdue">): DecidedEvent {
  const i = waiting(state, b.incidentId);
  if (i.sector === null) throw conflict(`${i.ref} is in no sector: no Bronze to wait for.`);
  if (i.bronzeAck) throw conflict(`${i.ref} was acknowledged by its Bronze.`);
  if (currentWarning(state, "bronze-unacknowledged", i.id)) throw conflict(`${i.ref}: its Bronze has already been warned about.`);
  if (now < b.dueAt) throw conflict(`${i.ref}: its Bronze's acknowledgement is not due yet.`);
  return {
    type: "BronzeAckOverdue",
    payload: { incidentId: i.id, ref: i.ref, sector: i.sector, withinMs: b.withinMs, dueAt: b.dueAt },
    scope: bronzeScope(i.sector),
  };
}

/** An incident still waiting for someone: neither resolved nor closed. */
function waiting(state: OperationState, incidentId: string): Incident {
  const i = state.incidents[incidentId];
  if (!i) throw new Rejection(ErrorCode.NotFound, `No incident ${incidentId}.`);
  if (i.status === "resolved" || i.status === "closed") throw conflict(`${i.ref} is ${i.status}.`);
  return i;
}

/** Control's and the Bronzes' (shared/visibility.ts): no unit and no steward learns of it. */
function bronzeScope(sector: string) {
  return { sector, stewards: [], units: [] };
}

/** The incident as acknowledged: by whom and when (record time). */
export function withBronzeAck(i: Incident, e: EventOf<"BronzeAcknowledged">): Incident {
  return { ...i, bronzeAck: { at: e.at, userId: e.actor.userId, name: e.actor.name } };
}

/** Folds the overdue warning into `state.warnings`; its text is built from the payload only. */
export function raiseBronzeWarning(s: OperationState, e: EventOf<"BronzeAckOverdue">): OperationState {
  const { incidentId, ref, sector, withinMs } = e.payload;
  const minutes = Math.round(withinMs / 60_000);
  const text = `${ref}: not acknowledged by its Bronze within ${minutes} min`;
  return raiseWarning(s, e, { kind: "bronze-unacknowledged", subject: incidentId, sector, text });
}

/** The incident's Bronze warning ends: acknowledged, resolved or closed. No open warning, no change. */
export function clearBronzeWarning(s: OperationState, e: CordonEvent, incidentId: string): OperationState {
  return clearWarning(s, e, "bronze-unacknowledged", incidentId);
}
