import type { Role } from "./domain";
import type { CordonEvent } from "./events";

/**
 * Who sees what (DESIGN §4). One projection serves live delivery, catch-up and replay:
 * `deliveries` says which rooms get which version of an event, `project` answers for one viewer,
 * and both read the same `targets` table, so they cannot disagree.
 *
 * Rooms are named relative to an operation; the server prefixes `op:<id>:`.
 */

export type Viewer =
  | { kind: "control"; userId: string }
  | { kind: "steward"; userId: string; sector: string | null }
  | { kind: "unit"; userId: string; unitId: string | null; sector: string | null };

export interface Account {
  id: string;
  role: Role;
  sector: string | null;
  unitId: string | null;
}

/** The live audience an account belongs to; analysts see an operation only in replay, admins not at all. */
export function viewerOf(account: Account): Viewer | null {
  switch (account.role) {
    case "commander":
    case "controller":
      return { kind: "control", userId: account.id };
    case "steward":
      return { kind: "steward", userId: account.id, sector: account.sector };
    case "officer":
      return { kind: "unit", userId: account.id, unitId: account.unitId, sector: account.sector };
    case "analyst":
    case "admin":
      return null;
  }
}

export const room = {
  control: "control",
  stewards: "stewards",
  units: "units",
  stewardSector: (sector: string) => `stewards:${sector}`,
  steward: (userId: string) => `steward:${userId}`,
  unitSector: (sector: string) => `units:${sector}`,
  unit: (unitId: string) => `unit:${unitId}`,
} as const;

export function roomsOf(viewer: Viewer): string[] {
  switch (viewer.kind) {
    case "control":
      return [room.control];
    case "steward":
      return [room.stewards, room.steward(viewer.userId), ...(viewer.sector ? [room.stewardSector(viewer.sector)] : [])];
    case "unit":
      return [room.units, ...(viewer.unitId ? [room.unit(viewer.unitId)] : []), ...(viewer.sector ? [room.unitSector(viewer.sector)] : [])];
  }
}

type Redaction = "full" | "steward";
interface Target {
  room: string;
  redaction: Redaction;
}

const INCIDENT_EVENTS = new Set<CordonEvent["type"]>([
  "IncidentReported",
  "StewardReportPromoted",
  "IncidentGraded",
  "UnitAssigned",
  "UnitArrived",
  "UnitReleased",
  "IncidentNoteAdded",
  "IncidentResolved",
  "IncidentClosed",
  "StewardReportMerged",
]);

function targets(e: CordonEvent): Target[] {
  const { sector, stewards, units } = e.scope;
  const full = (r: string): Target => ({ room: r, redaction: "full" });
  const redacted = (r: string): Target => ({ room: r, redaction: "steward" });
  const unitRooms = [...(sector ? [room.unitSector(sector)] : []), ...units.map(room.unit)].map(full);
  const stewardRooms = [...(sector ? [room.stewardSector(sector)] : []), ...stewards.map(room.steward)].map(redacted);

  if (INCIDENT_EVENTS.has(e.type)) return [full(room.control), ...unitRooms, ...stewardRooms];
  switch (e.type) {
    case "OperationOpened":
    case "OperationPhaseStarted":
      return [full(room.control), full(room.units), redacted(room.stewards)];
    case "UnitRegistered":
    case "UnitStatusChanged":
      return [full(room.control), ...unitRooms];
    case "StewardReportSubmitted":
    case "StewardReportDismissed":
      return [full(room.control), ...unitRooms, ...stewards.map(room.steward).map(redacted)];
    case "AlertSent": {
      const { audience, sector: to } = e.payload;
      const toStewards = audience === "all" || audience === "stewards";
      const toUnits = audience === "all" || audience === "units";
      return [
        full(room.control),
        ...(toStewards ? [redacted(to ? room.stewardSector(to) : room.stewards)] : []),
        ...(toUnits ? [full(to ? room.unitSector(to) : room.units)] : []),
      ];
    }
    case "DecisionLogged":
      return [full(room.control)];
    default:
      return [full(room.control)];
  }
}

/** The version of an event a redacted audience may see, or null when it may see none of it. */
function redact(e: CordonEvent, redaction: Redaction): CordonEvent | null {
  if (redaction === "full") return e;
  switch (e.type) {
    case "UnitAssigned":
      return { ...e, scope: { ...e.scope, units: [] }, payload: { ...e.payload, unit: null, incident: null } };
    case "UnitArrived":
    case "UnitReleased":
      return { ...e, scope: { ...e.scope, units: [] }, payload: { ...e.payload, unit: null } };
    case "IncidentNoteAdded":
      return e.payload.intel ? null : { ...e, scope: { ...e.scope, units: [] } };
    default:
      return { ...e, scope: { ...e.scope, units: [] } };
  }
}

/** Each distinct version of an event and the rooms that receive it. */
export function deliveries(e: CordonEvent): { rooms: string[]; event: CordonEvent }[] {
  const byRedaction = new Map<Redaction, string[]>();
  for (const t of targets(e)) {
    const rooms = byRedaction.get(t.redaction) ?? [];
    if (!rooms.includes(t.room)) rooms.push(t.room);
    byRedaction.set(t.redaction, rooms);
  }
  const out: { rooms: string[]; event: CordonEvent }[] = [];
  for (const [redaction, rooms] of byRedaction) {
    const event = redact(e, redaction);
    if (event) out.push({ rooms, event });
  }
  return out;
}

/** The event as this viewer may see it, or null. */
export function project(e: CordonEvent, viewer: Viewer): CordonEvent | null {
  const mine = new Set(roomsOf(viewer));
  const target = targets(e).find((t) => mine.has(t.room));
  return target ? redact(e, target.redaction) : null;
}

/** Rooms that receive a unit's position fixes: control, units in its sector, the unit itself. Never stewards. */
export function positionRooms(unit: { id: string; sector: string | null }): string[] {
  return [room.control, room.unit(unit.id), ...(unit.sector ? [room.unitSector(unit.sector)] : [])];
}
