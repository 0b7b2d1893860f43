import { INCIDENT_TYPE_LABELS, type Role } from "./domain";
import type { Actor, CordonEvent, CorrectedFields } from "./events";

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
  | { kind: "unit"; userId: string; unitId: string | null; sector: string | null }
  /** A sector's commander (issue 11): control's picture, but units of their own sector only. */
  | { kind: "bronze"; userId: string; sector: string | null };

export interface Account {
  id: string;
  role: Role;
  sector: string | null;
  unitId: string | null;
}

/** The live audience an account belongs to; analysts see an operation only in replay, admins not at all. */
export function viewerOf(account: Account): Viewer | null {
  switch (account.role) {
    case "gold":
    case "commander":
    case "controller":
      return { kind: "control", userId: account.id };
    case "bronze":
      return { kind: "bronze", userId: account.id, sector: account.sector };
    case "steward":
      return { kind: "steward", userId: account.id, sector: account.sector };
    case "officer":
      return { kind: "unit", userId: account.id, unitId: account.unitId, sector: account.sector };
    case "analyst":
    case "admin":
    // A partner sends evidence and sees nothing of the operation (issue 12 item 8).
    case "partner":
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
  /** Every Bronze: control's version of every event that is not a unit's own record. */
  bronze: "bronze",
  /** The Bronze of a sector: its units' records and positions. */
  bronzeSector: (sector: string) => `bronze:${sector}`,
} as const;

export function roomsOf(viewer: Viewer): string[] {
  switch (viewer.kind) {
    case "control":
      return [room.control];
    case "steward":
      return [room.stewards, room.steward(viewer.userId), ...(viewer.sector ? [room.stewardSector(viewer.sector)] : [])];
    case "unit":
      return [room.units, ...(viewer.unitId ? [room.unit(viewer.unitId)] : []), ...(viewer.sector ? [room.unitSector(viewer.sector)] : [])];
    case "bronze":
      return [room.bronze, ...(viewer.sector ? [room.bronzeSector(viewer.sector)] : [])];
  }
}

/**
 * The three versions of an event: control's (the logged event itself), officers' (steward
 * identities withheld) and stewards' (identities, units and police free text withheld).
 */
export type Audience = "control" | "unit" | "steward";
interface Target {
  room: string;
  audience: Audience;
}

/**
 * Which rooms receive an event, and in which audience's version: where `placed` puts it, and the
 * Bronzes' rooms. A Bronze sees control's picture (issue 11, DESIGN §4) but the units of their
 * own sector only: every event control receives goes, in control's version, to every Bronze,
 * except a unit's own record (registered, status, sector warnings: it names units and no
 * incident), which goes to the Bronze of the unit's sector alone. So a new event type reaches
 * Bronze boards as soon as it is placed for control, and no Bronze learns another sector's units
 * (they may read call signs on the incidents they see, as control does).
 */
function targets(e: CordonEvent): Target[] {
  const placedFor = placed(e);
  if (!placedFor.some((t) => t.room === room.control)) return placedFor;
  const unitRecord = e.scope.units.length > 0 && !("incidentId" in e.payload);
  if (!unitRecord) return [...placedFor, { room: room.bronze, audience: "control" }];
  return e.scope.sector ? [...placedFor, { room: room.bronzeSector(e.scope.sector), audience: "control" }] : placedFor;
}

/** Which rooms receive an event besides the Bronzes'. Exhaustive: a new event type does not compile until it is placed. */
function placed(e: CordonEvent): Target[] {
  const { sector, stewards, units } = e.scope;
  const to =
    (audience: Audience) =>
    (r: string): Target => ({ room: r, audience });
  const control = [to("control")(room.control)];
  const unitRooms = [...(sector ? [room.unitSector(sector)] : []), ...units.map(room.unit)].map(to("unit"));
  const reporters = stewards.map(room.steward).map(to("steward"));
  const stewardRooms = [...(sector ? [to("steward")(room.stewardSector(sector))] : []), ...reporters];
  switch (e.type) {
    case "OperationOpened":
    case "OperationPhaseStarted":
      return [...control, to("unit")(room.units), to("steward")(room.stewards)];
    case "UnitRegistered":
    case "UnitStatusChanged":
      return [...control, ...unitRooms];
    case "IncidentCorrected": {
      // Moved to another sector: the audiences of the sector it left hold it too.
      const left = e.payload.previous.sector;
      const leftRooms = left && left !== sector ? [to("unit")(room.unitSector(left)), to("steward")(room.stewardSector(left))] : [];
      return [...control, ...unitRooms, ...stewardRooms, ...leftRooms];
    }
    case "IncidentReported":
    case "IncidentReopened":
    case "StewardReportPromoted":
    case "IncidentGraded":
    case "UnitAssigned":
    case "UnitArrived":
    case "UnitReleased":
    case "IncidentResolved":
    case "IncidentClosed":
    case "StewardReportMerged":
      return [...control, ...unitRooms, ...stewardRooms];
    case "IncidentNoteAdded":
      // Intelligence is for police only; other notes reach stewards only when written for them.
      return [...control, ...unitRooms, ...(e.payload.forStewards && !e.payload.intel ? stewardRooms : [])];
    case "UnitAcknowledged":
      // Between control and the unit that acknowledged: not its sector's other units, never stewards.
      return [...control, ...units.map(room.unit).map(to("unit"))];
    case "StewardReportSubmitted":
    case "StewardReportDismissed":
      // A report is its reporter's own: no other steward receives it, not even in its sector.
      return [...control, ...unitRooms, ...reporters];
    case "AlertSent": {
      const { audience, sector: at } = e.payload;
      const toStewards = audience === "all" || audience === "stewards";
      const toUnits = audience === "all" || audience === "units";
      return [
        ...control,
        ...(toStewards ? [to("steward")(at ? room.stewardSector(at) : room.stewards)] : []),
        ...(toUnits ? [to("unit")(at ? room.unitSector(at) : room.units)] : []),
      ];
    }
    case "DecisionLogged":
    // A receipt is evidence for control ("who was told when"): no steward or officer learns who
    // else has seen an alert; each phone knows its own from its outbox.
    case "AlertSeen":
    // A partner's evidence is control's to triage; officers and stewards learn of it when control acts.
    case "PartnerEvidenceSubmitted":
      return control;
    case "MethaneReported":
      // Hazards, access and RVPs are what officers sent to it need to arrive safely: the units
      // assigned and those of its sector get it whole. Stewards never (see forStewards).
      return [...control, ...unitRooms];
    // A commander's acknowledgement, and the warning that it is overdue: control's and the Bronzes'.
    case "BronzeAcknowledged":
    case "BronzeAckOverdue":
      return control;
    case "AttendanceTargetMissed":
      // Control's alarm, and a fact of the incident for the officers who see it (DESIGN §4:
      // assigned, or in its sector); never stewards: it is about police performance.
      return [...control, ...unitRooms];
    // Warnings for those responsible (Silver, control, the sector's Bronze); not officers, never stewards.
    case "UnitLeftSector":
    case "UnitReturnedToSector":
    case "SectorCoverLost":
    case "SectorCoverRestored":
      return control;
    // Crowd ingress is the command's (DESIGN §4: like the counts themselves, never stewards or officers).
    case "EntranceRunningHot":
    case "EntranceCooled":
      return control;
    default:
      return unplaced(e);
  }
}

function unplaced(e: never): never {
  throw new Error(`no visibility rule for ${JSON.stringify(e)}`);
}

/** How a steward sees who acted: never by name, except their own actions. */
export const STEWARD_VIEW_ACTORS = {
  control: { userId: "control", role: "controller", name: "Control" },
  police: { userId: "police", role: "officer", name: "Police" },
  steward: { userId: "steward", role: "steward", name: "another steward" },
} as const satisfies Record<string, Actor>;

function actorForStewards(e: CordonEvent, own: boolean): Actor {
  switch (e.actor.role) {
    case "gold":
    case "commander":
    case "bronze":
    case "controller":
    case "analyst":
    case "admin":
    // A partner's evidence reaches stewards only through control (promoted or merged).
    case "partner":
    // What the server itself does is, to a steward, control's doing.
    case "system":
      return STEWARD_VIEW_ACTORS.control;
    case "officer":
      return STEWARD_VIEW_ACTORS.police;
    case "steward":
      return own ? e.actor : STEWARD_VIEW_ACTORS.steward;
  }
}

/**
 * The one steward an event reaches, when it reaches no other (a report's own reporter), else
 * null. Only then may the steward version name a steward: one version serves every steward room,
 * so that a socket in several of them never gets two versions of one event.
 */
function soleSteward(ts: Target[]): string | null {
  const rooms = new Set(ts.filter((t) => t.audience === "steward").map((t) => t.room));
  const [only] = rooms;
  return rooms.size === 1 && only?.startsWith(room.steward("")) ? only.slice(room.steward("").length) : null;
}

/**
 * A redacted version is not the logged event: its hash would not verify, and it would commit to
 * the withheld fields (a call sign can be guessed and checked against it), so it carries none.
 */
function sealless<E extends CordonEvent>(e: E): E {
  return { ...e, prevHash: "", hash: "" };
}

/**
 * Officers' version: steward user ids withheld (the steward's name stays, so an officer can find
 * them), and the dispatch recommender's pick, which is control's working.
 */
function forUnits(e: CordonEvent): CordonEvent {
  if (e.type === "UnitAssigned" && e.payload.recommended) {
    return forUnits(sealless({ ...e, payload: { ...e.payload, recommended: null } }));
  }
  const stewardActor = e.actor.role === "steward";
  if (!stewardActor && e.scope.stewards.length === 0) return e;
  const actor = stewardActor ? { ...e.actor, userId: STEWARD_VIEW_ACTORS.steward.userId } : e.actor;
  return sealless({ ...e, actor, scope: { ...e.scope, stewards: [] } });
}

/** Stewards' version, or null when they may see none of it. Exhaustive over event types. */
function forStewards(e: CordonEvent, ts: Target[]): CordonEvent | null {
  const sole = soleSteward(ts);
  const base = {
    // A steward's own action comes back to them as theirs.
    actor: actorForStewards(e, sole !== null && sole === e.actor.userId),
    scope: { sector: e.scope.sector, stewards: sole ? [sole] : [], units: [] },
    prevHash: "",
    hash: "",
  };
  switch (e.type) {
    case "OperationOpened":
    case "OperationPhaseStarted":
    case "IncidentGraded":
    case "StewardReportSubmitted":
    case "StewardReportMerged":
    // Addressed to stewards by control: a dismissal reason answers the steward's own report.
    case "StewardReportDismissed":
    case "AlertSent":
      return { ...e, ...base };
    // The incident's own words are police free text: stewards get its type and place only.
    case "IncidentReported":
      return { ...e, ...base, payload: { ...e.payload, description: INCIDENT_TYPE_LABELS[e.payload.type], locationText: "" } };
    case "StewardReportPromoted":
      // Its place is the post's name from the venue plan, not free text.
      return { ...e, ...base, payload: { ...e.payload, description: INCIDENT_TYPE_LABELS[e.payload.type] } };
    case "UnitAssigned":
      return { ...e, ...base, payload: { ...e.payload, unit: null, incident: null, recommended: null } };
    // The result code is for everyone who saw the incident; control's note is police free text.
    case "IncidentClosed":
      return { ...e, ...base, payload: { ...e.payload, note: "" } };
    case "IncidentReopened":
      return { ...e, ...base, payload: { ...e.payload, reason: "" } };
    case "IncidentCorrected": {
      const payload = correctionForStewards(e.payload);
      return payload ? { ...e, ...base, payload } : null;
    }
    case "UnitArrived":
    case "UnitReleased":
      return { ...e, ...base, payload: { ...e.payload, unit: null } };
    case "IncidentNoteAdded":
      return e.payload.forStewards && !e.payload.intel ? { ...e, ...base } : null;
    case "IncidentResolved":
      return { ...e, ...base, payload: { ...e.payload, outcome: e.payload.forStewards ? e.payload.outcome : "" } };
    case "UnitRegistered":
    case "UnitStatusChanged":
    case "UnitAcknowledged":
    case "DecisionLogged":
    case "AlertSeen":
    case "AttendanceTargetMissed":
    case "PartnerEvidenceSubmitted":
    case "UnitLeftSector":
    case "UnitReturnedToSector":
    case "SectorCoverLost":
    case "SectorCoverRestored":
    case "BronzeAcknowledged":
    case "BronzeAckOverdue":
    case "EntranceRunningHot":
    case "EntranceCooled":
    // A METHANE report is casualty figures, hazards and police resources: not a steward's to hold.
    // What stewards must do in a major incident reaches them as an alert from control (with receipts).
    case "MethaneReported":
      return null;
    default:
      return unplaced(e);
  }
}

type Correction = Extract<CordonEvent, { type: "IncidentCorrected" }>["payload"];

/**
 * A correction as stewards may see it: the new type, grade and place, never what was there
 * before, the reason, or police words (the description arrives as the type's label, the place
 * text not at all, as with IncidentReported). Null when nothing they may see changed.
 */
function correctionForStewards(p: Correction): Correction | null {
  const { locationText: _text, description: _words, ...seen } = p.changes;
  const changes: CorrectedFields = seen.type ? { ...seen, description: INCIDENT_TYPE_LABELS[seen.type] } : seen;
  if (Object.keys(changes).length === 0) return null;
  const incident = p.incident && { ...p.incident, description: INCIDENT_TYPE_LABELS[p.incident.type], locationText: "" };
  return { incidentId: p.incidentId, changes, previous: {}, reason: "", incident };
}

function version(e: CordonEvent, audience: Audience, ts: Target[]): CordonEvent | null {
  switch (audience) {
    case "control":
      return e;
    case "unit":
      return forUnits(e);
    case "steward":
      return forStewards(e, ts);
  }
}

/** Each distinct version of an event and the rooms that receive it (one version per audience). */
export function deliveries(e: CordonEvent): { rooms: string[]; event: CordonEvent }[] {
  const ts = targets(e);
  const byAudience = new Map<Audience, string[]>();
  for (const t of ts) {
    const rooms = byAudience.get(t.audience) ?? [];
    if (!rooms.includes(t.room)) rooms.push(t.room);
    byAudience.set(t.audience, rooms);
  }
  const out: { rooms: string[]; event: CordonEvent }[] = [];
  for (const [audience, rooms] of byAudience) {
    const event = version(e, audience, ts);
    if (event) out.push({ rooms, event });
  }
  return out;
}

/** The event as this viewer may see it, or null. */
export function project(e: CordonEvent, viewer: Viewer): CordonEvent | null {
  const mine = new Set(roomsOf(viewer));
  const ts = targets(e);
  const target = ts.find((t) => mine.has(t.room));
  return target ? version(e, target.audience, ts) : null;
}

/**
 * Rooms that receive a unit's position fixes: control, units in its sector, the unit itself, and
 * the Bronze of its sector. Never stewards.
 */
export function positionRooms(unit: { id: string; sector: string | null }): string[] {
  return [room.control, room.unit(unit.id), ...(unit.sector ? [room.unitSector(unit.sector), room.bronzeSector(unit.sector)] : [])];
}

/** Whether a viewer receives this unit's positions: one of its rooms is one of `positionRooms` (live and on hello alike). */
export function seesPositionOf(viewer: Viewer, unit: { id: string; sector: string | null }): boolean {
  const mine = roomsOf(viewer);
  return positionRooms(unit).some((r) => mine.includes(r));
}
