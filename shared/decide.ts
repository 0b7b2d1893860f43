import { acknowledgeAsBronze, checkBronzeSector, flagBronzeOverdue } from "./bronze";
import { sizeOf } from "./collection";
import type { Command, SystemCommandBody } from "./commands";
import { logDecision } from "./decisionLog";
import { DEPLOYABLE_STATUSES, type UnitStatus } from "./domain";
import { decideEntranceCooled, decideEntranceHot } from "./entranceRules";
import { ErrorCode, Rejection } from "./errors";
import type { Actor, CorrectedFields, DecidedEvent, IncidentSummary, LatLng, PhotoRef, Scope } from "./events";
import { startPhase } from "./matchPhase";
import { decideMethane } from "./methaneRules";
import { decideEvidence } from "./partnerEvidence";
import { decideCoverLost, decideCoverRestored, decideLeft, decideReturned } from "./sectorRules";
import type { Incident, OperationState, StewardReport, Unit } from "./state";
import { sectorAt, type VenuePlan } from "./venue";

/**
 * The rules that turn a command into an event (DESIGN §2 step 3). Pure: time, the sender and
 * the venue plan are inputs. Throws a Rejection with a message meant for the person who sent it.
 * Every command yields exactly one event, so a command's idempotency key names one log entry.
 */
export interface DecideContext {
  now: number;
  actor: Actor;
  /** The sender's own unit, for officers. */
  unitId: string | null;
  /** The sender's own sector, for a Bronze (shared/bronze.ts); absent: none. */
  sector?: string | null;
  venue: VenuePlan;
  /** Server time minus the sending device's report clock, measured at its last hello (issue 13). */
  clockOffsetMs?: number | null;
  /**
   * The photos uploaded to this operation that the command names, by hash, with their capture
   * time (issue 12): the gateway looks them up in the photo store before deciding, since decide
   * does no I/O. A photo named but absent is refused `photo_pending`.
   */
  photos?: ReadonlyMap<string, { takenAt: string | null }>;
}

export function decide(command: Command, state: OperationState, ctx: DecideContext): DecidedEvent {
  if (!state.operation) throw new Rejection(ErrorCode.NotFound, "This operation has not been opened.");
  checkIds(command, state);
  if (ctx.actor.role === "bronze") checkBronzeSector(command, state, bronzeOf(ctx));
  switch (command.name) {
    case "op:phase":
      return startPhase(state, command.body.phase);
    case "unit:register": {
      const b = command.body;
      if (Object.hasOwn(state.units, b.unitId)) throw conflict(`Unit ${b.unitId} is already registered.`);
      if (b.parentId && !state.units[b.parentId]) throw notFound(`No unit ${b.parentId} to be part of.`);
      checkSector(ctx.venue, b.sector);
      return { type: "UnitRegistered", payload: b, scope: unitScope({ id: b.unitId, sector: b.sector }) };
    }
    case "unit:status":
      return changeStatus(state, ctx, command.body.unitId, command.body.status);
    case "incident:report": {
      const b = command.body;
      const incidentId = nextIncidentId(state);
      const sector = sectorAt(ctx.venue, b.location);
      // An officer's report is the officer's, whatever source the phone says.
      const source = ctx.actor.role === "officer" ? "officer" : b.source;
      return {
        type: "IncidentReported",
        payload: { incidentId, ref: cadRef(state), ...b, source, sector, reporterTime: null },
        scope: { sector, stewards: [], units: ctx.unitId ? [ctx.unitId] : [] },
      };
    }
    case "incident:correct":
      return correct(state, ctx, command.body);
    case "incident:reopen": {
      const i = incidentOf(state, command.body.incidentId);
      if (i.status !== "resolved" && i.status !== "closed") throw conflict(`${i.ref} is open (${i.status}): nothing to reopen.`);
      return {
        type: "IncidentReopened",
        payload: { incidentId: i.id, reason: command.body.reason, from: i.status, to: reopenedStatus(state, i) },
        scope: incidentScope(i),
      };
    }
    case "incident:grade": {
      const i = openIncident(state, command.body.incidentId);
      return { type: "IncidentGraded", payload: command.body, scope: incidentScope(i) };
    }
    case "incident:assign":
      return assign(state, command.body);
    case "incident:release": {
      const i = openIncident(state, command.body.incidentId);
      const u = unitOf(state, command.body.unitId);
      if (!i.assigned.includes(u.id)) throw conflict(`${u.callSign} is not assigned to ${i.ref}.`);
      return { type: "UnitReleased", payload: { incidentId: i.id, unit: ref(u) }, scope: incidentScope(i, u.id) };
    }
    case "incident:acknowledge":
      return acknowledge(state, ctx, command.body.incidentId);
    case "incident:bronze-ack":
      return acknowledgeAsBronze(state, command.body.incidentId, bronzeOf(ctx));
    case "incident:note": {
      const i = openIncident(state, command.body.incidentId);
      if (ctx.actor.role === "officer" && !(ctx.unitId && i.assigned.includes(ctx.unitId))) {
        throw new Rejection(ErrorCode.Forbidden, `Your unit is not assigned to ${i.ref}.`);
      }
      return { type: "IncidentNoteAdded", payload: command.body, scope: incidentScope(i) };
    }
    case "incident:resolve": {
      const i = openIncident(state, command.body.incidentId);
      if (i.status === "resolved") throw conflict(`${i.ref} is already resolved.`);
      return { type: "IncidentResolved", payload: command.body, scope: incidentScope(i) };
    }
    case "incident:close": {
      const i = openIncident(state, command.body.incidentId);
      return { type: "IncidentClosed", payload: command.body, scope: incidentScope(i) };
    }
    case "report:submit":
      return submitReport(state, ctx, command.body);
    case "evidence:submit":
      return decideEvidence(state, ctx, command.body);
    case "report:promote": {
      const r = newReport(state, command.body.reportId);
      const location = r.location ?? { lat: 0, lng: 0 };
      const incidentId = nextIncidentId(state);
      return {
        type: "StewardReportPromoted",
        payload: {
          reportId: r.id,
          incidentId,
          ref: cadRef(state),
          type: command.body.type ?? r.type,
          grade: command.body.grade,
          location,
          sector: r.sector,
          locationText: r.post?.name ?? "",
          description: command.body.description || r.text || "(no text)",
          reporterTime: r.reporterTime,
        },
        scope: { sector: r.sector, stewards: [r.steward.userId], units: [] },
      };
    }
    case "report:merge": {
      const r = newReport(state, command.body.reportId);
      const i = openIncident(state, command.body.incidentId);
      if (i.status === "resolved") throw conflict(`${i.ref} is resolved; promote the report as a new incident.`);
      return {
        type: "StewardReportMerged",
        payload: { reportId: r.id, incidentId: i.id, ref: i.ref },
        scope: { ...incidentScope(i), stewards: unique([...incidentScope(i).stewards, r.steward.userId]) },
      };
    }
    case "report:dismiss": {
      const r = newReport(state, command.body.reportId);
      return { type: "StewardReportDismissed", payload: command.body, scope: reportScope(r) };
    }
    case "alert:send": {
      checkSector(ctx.venue, command.body.sector);
      const original = command.body.resendOf;
      if (original !== undefined && !state.alerts.some((a) => a.id === original)) throw notFound(`No alert ${original} to resend.`);
      const alertId = `alert-${state.alerts.length + 1}`;
      return { type: "AlertSent", payload: { alertId, ...command.body }, scope: { ...noScope, sector: command.body.sector } };
    }
    case "alert:seen":
      return seeAlert(state, ctx, command.body.alertId);
    case "incident:methane":
      return decideMethane(state, ctx, command.body);
    case "decision:log":
      return logDecision(state, command.body);
    case "attendance:flag":
      return flagTarget(state, ctx, command.body);
    case "bronze:overdue":
      if (ctx.actor.role !== "system") throw new Rejection(ErrorCode.Forbidden, "Only the server warns of an unacknowledged incident.");
      return flagBronzeOverdue(state, ctx.now, command.body);
    case "sector:left":
      return decideLeft(state, ctx, command.body);
    case "sector:returned":
      return decideReturned(state, ctx, command.body);
    case "cover:lost":
      return decideCoverLost(state, ctx, command.body);
    case "cover:restored":
      return decideCoverRestored(state, ctx, command.body);
    case "entrance:hot":
      return decideEntranceHot(state, ctx, command.body);
    case "entrance:cooled":
      return decideEntranceCooled(state, ctx, command.body);
    default:
      return assertNever(command);
  }
}

/** The ids a command may name, the collection each must be in, and how to name it to the sender. */
const REFERENCES = [
  ["incidentId", "incidents", "incident"],
  ["unitId", "units", "unit"],
  ["parentId", "units", "unit"],
  ["reportId", "reports", "steward report"],
] as const;

/**
 * Checks every id a command names against the state before any rule runs (issue 8 item 5): an id
 * the state does not hold as its own entry is unknown, `constructor`, `__proto__` and
 * `hasOwnProperty` included, so no rule ever reads a prototype's property as an entity.
 */
function checkIds(command: Command, state: OperationState): void {
  const body = command.body as Readonly<Record<string, unknown>>;
  for (const [field, collection, noun] of REFERENCES) {
    if (command.name === "unit:register" && field === "unitId") continue; // the new unit's own id
    const id = body[field];
    if (typeof id === "string" && !Object.hasOwn(state[collection], id)) throw notFound(`No ${noun} ${id}.`);
  }
}

const bronzeOf = (ctx: DecideContext) => ({ sector: ctx.sector ?? null, venue: ctx.venue });

function assertNever(c: never): never {
  throw new Rejection(ErrorCode.BadRequest, `Unknown command ${JSON.stringify(c)}`);
}

const noScope: Scope = { sector: null, stewards: [], units: [] };
const conflict = (message: string) => new Rejection(ErrorCode.Conflict, message);
const notFound = (message: string) => new Rejection(ErrorCode.NotFound, message);
const unique = (xs: readonly string[]) => [...new Set(xs)];
const ref = (u: Unit) => ({ id: u.id, callSign: u.callSign });

function incidentScope(i: Incident, extraUnit?: string): Scope {
  const reporter = i.reportedBy?.role === "steward" ? [i.reportedBy.userId] : [];
  return { sector: i.sector, stewards: reporter, units: unique([...i.assigned, ...(extraUnit ? [extraUnit] : [])]) };
}

function reportScope(r: StewardReport): Scope {
  return { sector: r.sector, stewards: [r.steward.userId], units: [] };
}

function unitScope(u: { id: string; sector: string | null }): Scope {
  return { sector: u.sector, stewards: [], units: [u.id] };
}

function nextIncidentId(state: OperationState): string {
  return `inc-${sizeOf(state.incidents) + 1}`;
}

/** CAD-style reference as the Met quotes it: `CAD 4150/17Oct`. */
function cadRef(state: OperationState): string {
  const op = state.operation;
  const n = (op?.cadStart ?? 0) + sizeOf(state.incidents) + 1;
  return `CAD ${n}/${op?.cadDate ?? ""}`;
}

function checkSector(venue: VenuePlan, sector: string | null): void {
  if (sector && !venue.sectors.some((s) => s.id === sector)) {
    throw new Rejection(ErrorCode.BadRequest, `No sector "${sector}" in the ${venue.name} plan.`);
  }
}

function incidentOf(state: OperationState, id: string): Incident {
  const i = state.incidents[id];
  if (!i) throw notFound(`No incident ${id}.`);
  return i;
}

function openIncident(state: OperationState, id: string): Incident {
  const i = incidentOf(state, id);
  if (i.status === "closed") throw conflict(`${i.ref} is closed.`);
  return i;
}

function unitOf(state: OperationState, id: string): Unit {
  const u = state.units[id];
  if (!u) throw notFound(`No unit ${id}.`);
  return u;
}

function newReport(state: OperationState, id: string): StewardReport {
  const r = state.reports[id];
  if (!r) throw notFound(`No steward report ${id}.`);
  if (r.status !== "new") throw conflict(`Report ${id} has already been ${r.status}.`);
  return r;
}

function summary(i: Incident): IncidentSummary {
  const { id, ref, type, grade, location, sector, locationText, description, reportedAt } = i;
  return { incidentId: id, ref, type, grade, location, sector, locationText, description, reportedAt };
}

function assign(state: OperationState, b: Extract<Command, { name: "incident:assign" }>["body"]): DecidedEvent {
  const i = openIncident(state, b.incidentId);
  if (i.status === "resolved") throw conflict(`${i.ref} is resolved.`);
  const u = unitOf(state, b.unitId);
  if (u.incidentId === i.id) throw conflict(`${u.callSign} is already assigned to ${i.ref}.`);
  if (u.incidentId) {
    const other = state.incidents[u.incidentId]?.ref ?? u.incidentId;
    throw conflict(`${u.callSign} is committed to ${other}: release it first.`);
  }
  if (!DEPLOYABLE_STATUSES.includes(u.status)) throw conflict(`${u.callSign} is ${u.status} and cannot be assigned.`);
  return {
    type: "UnitAssigned",
    payload: { incidentId: i.id, unit: ref(u), incident: summary(i), recommended: recommendation(state, b.recommended) },
    scope: incidentScope(i, u.id),
  };
}

/** What the recommender offered, with the call sign the operator saw (checked: it must be a unit). */
function recommendation(state: OperationState, r: Extract<Command, { name: "incident:assign" }>["body"]["recommended"]) {
  if (!r) return null;
  if (!Object.hasOwn(state.units, r.unitId)) throw notFound(`No unit ${r.unitId} (the recommended unit).`);
  const u = unitOf(state, r.unitId);
  return { unitId: u.id, callSign: u.callSign, etaSeconds: r.etaSeconds, reason: r.reason };
}

/** What a reopened incident's units say: one on scene, some assigned, a grade, or nothing yet. */
function reopenedStatus(state: OperationState, i: Incident): "reported" | "triaged" | "resourced" | "on-scene" {
  if (i.assigned.some((id) => state.units[id]?.status === "on-scene")) return "on-scene";
  if (i.assigned.length > 0) return "resourced";
  return i.grade ? "triaged" : "reported";
}

type CorrectBody = Extract<Command, { name: "incident:correct" }>["body"];

/**
 * A correction keeps only the fields that would change, with the values they replace; one that
 * changes nothing is refused (the log would otherwise record a correction of nothing).
 */
function correct(state: OperationState, ctx: DecideContext, b: CorrectBody): DecidedEvent {
  const i = incidentOf(state, b.incidentId);
  const changes: CorrectedFields = {};
  const previous: CorrectedFields = {};
  if (b.type !== undefined && b.type !== i.type) [changes.type, previous.type] = [b.type, i.type];
  if (b.grade !== undefined && b.grade !== i.grade) [changes.grade, previous.grade] = [b.grade, i.grade];
  if (b.location && (b.location.lat !== i.location.lat || b.location.lng !== i.location.lng)) {
    [changes.location, previous.location] = [b.location, i.location];
    const sector = sectorAt(ctx.venue, b.location);
    if (sector !== i.sector) [changes.sector, previous.sector] = [sector, i.sector];
  }
  if (b.locationText !== undefined && b.locationText !== i.locationText) {
    [changes.locationText, previous.locationText] = [b.locationText, i.locationText];
  }
  if (b.description !== undefined && b.description !== i.description) {
    [changes.description, previous.description] = [b.description, i.description];
  }
  if (Object.keys(changes).length === 0) throw conflict(`${i.ref} already says that: nothing to correct.`);
  const moved = changes.sector !== undefined;
  const corrected: Incident = {
    ...i,
    type: changes.type ?? i.type,
    grade: changes.grade ?? i.grade,
    location: changes.location ?? i.location,
    sector: moved ? (changes.sector ?? null) : i.sector,
    locationText: changes.locationText ?? i.locationText,
    description: changes.description ?? i.description,
  };
  return {
    type: "IncidentCorrected",
    payload: { incidentId: i.id, changes, previous, reason: b.reason, incident: moved ? summary(corrected) : null },
    scope: incidentScope(corrected),
  };
}

/** The step that meets each attendance target. */
const TARGET_STEP = { assign: "resourced", arrive: "on-scene" } as const;

/**
 * A missed attendance target, as the server's watcher noticed it (server/system/attendance.ts).
 * Decided again against the state it is appended to, so a unit assigned meanwhile, a regrade or
 * another process's flag turns it into a refusal rather than a false alarm or a second one.
 */
function flagTarget(state: OperationState, ctx: DecideContext, b: SystemCommandBody<"attendance:flag">): DecidedEvent {
  if (ctx.actor.role !== "system") throw new Rejection(ErrorCode.Forbidden, "Only the server flags a missed attendance target.");
  const i = openIncident(state, b.incidentId);
  if (i.status === "resolved") throw conflict(`${i.ref} is resolved.`);
  if (i.grade !== b.grade) throw conflict(`${i.ref} is grade ${i.grade ?? "none"} now, not ${b.grade}.`);
  if (i.targetsMissed?.[b.target] !== undefined) throw conflict(`${i.ref}: that target is already flagged.`);
  const met = i.steps[TARGET_STEP[b.target]];
  if (met !== undefined && met <= b.dueAt) throw conflict(`${i.ref} met that target.`);
  if (met === undefined && ctx.now < b.dueAt) throw conflict(`${i.ref}: that target is not due yet.`);
  return { type: "AttendanceTargetMissed", payload: b, scope: incidentScope(i) };
}

/**
 * An officer says their unit has the job (issue 12). Once per assignment: a unit assigned again
 * acknowledges again. Scoped to that unit alone: control and its officers see it, no one else.
 */
function acknowledge(state: OperationState, ctx: DecideContext, incidentId: string): DecidedEvent {
  const i = openIncident(state, incidentId);
  const u = ctx.unitId ? state.units[ctx.unitId] : undefined;
  if (!u || !i.assigned.includes(u.id)) throw new Rejection(ErrorCode.Forbidden, `Your unit is not assigned to ${i.ref}.`);
  if (i.status === "resolved") throw conflict(`${i.ref} is resolved.`);
  if (i.acknowledged?.[u.id] !== undefined) throw conflict(`${u.callSign} has already acknowledged ${i.ref}.`);
  return {
    type: "UnitAcknowledged",
    payload: { incidentId: i.id, unit: ref(u) },
    scope: { sector: i.sector, stewards: [], units: [u.id] },
  };
}

const FREE_STATUSES: readonly UnitStatus[] = ["available", "off-duty", "refreshment"];

function changeStatus(state: OperationState, ctx: DecideContext, unitId: string, status: UnitStatus): DecidedEvent {
  const u = unitOf(state, unitId);
  if (ctx.actor.role === "officer" && ctx.unitId !== u.id) {
    throw new Rejection(ErrorCode.Forbidden, `You can set the status of your own unit only, not ${u.callSign}.`);
  }
  // A status that changes nothing is refused: the log would otherwise say "on scene" twice.
  if (u.status === status) throw conflict(`${u.callSign} is already ${status.replace("-", " ")}: nothing to change.`);
  const incident = u.incidentId ? state.incidents[u.incidentId] : undefined;
  if (incident && status === "on-scene") {
    return { type: "UnitArrived", payload: { incidentId: incident.id, unit: ref(u) }, scope: incidentScope(incident) };
  }
  if (incident && FREE_STATUSES.includes(status)) {
    throw conflict(`${u.callSign} is assigned to ${incident.ref}: control must release it first.`);
  }
  return { type: "UnitStatusChanged", payload: { unitId: u.id, status }, scope: unitScope(u) };
}

function submitReport(state: OperationState, ctx: DecideContext, b: Extract<Command, { name: "report:submit" }>["body"]): DecidedEvent {
  const post = b.postId ? ctx.venue.posts.find((p) => p.id === b.postId) : undefined;
  if (b.postId && !post) throw new Rejection(ErrorCode.BadRequest, `No post "${b.postId}" in the ${ctx.venue.name} plan.`);
  const location: LatLng | null = b.location ?? post?.location ?? null;
  const sector = post?.sector ?? (location ? sectorAt(ctx.venue, location) : null);
  const reportId = `rep-${sizeOf(state.reports) + 1}`;
  return {
    type: "StewardReportSubmitted",
    payload: {
      reportId,
      type: b.type,
      location,
      post: post ? { id: post.id, name: post.name } : null,
      sector,
      text: b.text,
      reporterTime: b.reporterTime,
      clockOffsetMs: ctx.clockOffsetMs ?? null,
      photos: photoRefs(ctx, b.photos),
    },
    scope: { sector, stewards: [ctx.actor.userId], units: [] },
  };
}

/** The named photos with their capture times, in order, once each; refused while one is not uploaded. */
function photoRefs(ctx: DecideContext, hashes: readonly string[]): PhotoRef[] {
  const missing = hashes.filter((h) => !ctx.photos?.has(h));
  if (missing.length > 0) {
    throw new Rejection(
      ErrorCode.PhotoPending,
      `${missing.length === 1 ? "A photo" : `${missing.length} photos`} on this report ${missing.length === 1 ? "has" : "have"} not reached the server yet (photo pending): upload ${missing.length === 1 ? "it" : "them"} first, then send the report again.`,
    );
  }
  return unique(hashes).map((sha256) => ({ sha256, takenAt: ctx.photos?.get(sha256)?.takenAt ?? null }));
}

/**
 * A receipt: the alert must be one addressed to the sender's audience (and sector, where the
 * sender has one), and each person's first receipt is the one kept: a second is a conflict.
 */
function seeAlert(state: OperationState, ctx: DecideContext, alertId: string): DecidedEvent {
  const alert = state.alerts.find((a) => a.id === alertId);
  if (!alert) throw notFound(`No alert ${alertId}.`);
  const audience = ctx.actor.role === "steward" ? "stewards" : "units";
  if (alert.audience !== "all" && alert.audience !== audience) {
    throw new Rejection(ErrorCode.Forbidden, "This alert was not sent to you.");
  }
  if (Object.hasOwn(alert.seenBy, ctx.actor.userId)) throw conflict("You have already marked this alert seen.");
  return { type: "AlertSeen", payload: { alertId }, scope: noScope };
}
