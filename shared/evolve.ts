import { clearBronzeWarning, raiseBronzeWarning, withBronzeAck } from "./bronze";
import { put } from "./collection";
import { jdmOf } from "./decisionLog";
import type { IncidentSource, IncidentStatus } from "./domain";
import { ATTENDANCE_TARGET_LABELS, CLOSE_RESULT_LABELS, INCIDENT_TYPE_LABELS } from "./domain";
import { foldEntranceEvent } from "./entranceRules";
import type { CordonEvent, EventOf, IncidentSummary } from "./events";
import { correctionText } from "./incidentText";
import { methaneText, withMethane } from "./methaneRules";
import { foldEvidence } from "./partnerEvidence";
import { foldSectorEvent } from "./sectorRules";
import type { Incident, OperationState, StewardReport, TimelineEntry, Unit } from "./state";

/**
 * The one fold: how an event changes an operation's state. Pure and total: it never throws,
 * never reads a clock, and copies only what changes, so untouched incidents and units keep
 * their identity (React and React-Leaflet skip them). Events about things this state does not
 * hold (an audience that may not see them) change nothing but `seq`.
 */
export function evolve(state: OperationState, event: CordonEvent): OperationState {
  if (event.seq <= state.seq) return state;
  const next = applyEvent(state, event);
  return { ...next, seq: event.seq, at: event.at };
}

/** Folds a list of events, in order. */
export function foldEvents(state: OperationState, events: Iterable<CordonEvent>): OperationState {
  let s = state;
  for (const e of events) s = evolve(s, e);
  return s;
}

function applyEvent(s: OperationState, e: CordonEvent): OperationState {
  switch (e.type) {
    case "OperationOpened":
      return {
        ...s,
        operation: {
          id: e.opId,
          name: e.payload.name,
          venueId: e.payload.venueId,
          cadStart: e.payload.cadStart,
          cadDate: e.payload.cadDate,
          openedAt: e.at,
          phases: e.payload.phases,
          currentPhase: null,
        },
      };
    case "OperationPhaseStarted":
      return s.operation ? { ...s, operation: { ...s.operation, currentPhase: e.payload.phase } } : s;
    case "UnitRegistered":
      return putUnit(s, {
        id: e.payload.unitId,
        callSign: e.payload.callSign,
        kind: e.payload.kind,
        agency: e.payload.agency,
        status: "available",
        statusSince: e.at,
        sector: e.payload.sector,
        parentId: e.payload.parentId,
        strength: e.payload.strength,
        incidentId: null,
      });
    case "UnitStatusChanged":
      return updateUnit(s, e.payload.unitId, (u) => ({ ...u, status: e.payload.status, statusSince: e.at }));
    case "IncidentReported":
      // Logged before issue 10 it carries no source: unknown, not the schema's default.
      return addIncident(s, e, e.payload, null, e.payload.source);
    case "IncidentCorrected":
      return correctIncident(s, e);
    case "IncidentReopened": {
      const { from, to, reason } = e.payload;
      const text = `Reopened (was ${from})${reason ? `: ${reason}` : ""}`;
      return updateIncident(s, e, e.payload.incidentId, text, (i) => ({ ...i, status: to, closeResult: null }));
    }
    case "StewardReportPromoted": {
      const withIncident = addIncident(s, e, e.payload, e.payload.reportId, "steward");
      return updateReport(withIncident, e.payload.reportId, (r) => ({
        ...r,
        status: "promoted",
        incidentId: e.payload.incidentId,
        incidentRef: e.payload.ref,
        updatedAt: e.at,
      }));
    }
    case "IncidentGraded":
      return updateIncident(s, e, e.payload.incidentId, `Graded ${e.payload.grade}`, (i) => ({
        ...advance(i, "triaged", e.at),
        grade: e.payload.grade,
      }));
    case "UnitAssigned":
      return assignUnit(s, e);
    case "UnitArrived": {
      const { unit } = e.payload;
      const withIncident = updateIncident(s, e, e.payload.incidentId, `${unit?.callSign ?? "Unit"} on scene`, (i) =>
        advance(i, "on-scene", e.at),
      );
      return unit ? updateUnit(withIncident, unit.id, (u) => ({ ...u, status: "on-scene", statusSince: e.at })) : withIncident;
    }
    case "UnitReleased": {
      const { unit } = e.payload;
      const withIncident = updateIncident(s, e, e.payload.incidentId, `${unit?.callSign ?? "Unit"} released`, (i) => ({
        ...withoutAck(i, unit?.id),
        assigned: unit ? i.assigned.filter((id) => id !== unit.id) : i.assigned,
      }));
      return unit ? freeUnit(withIncident, unit.id, e.payload.incidentId, e.at) : withIncident;
    }
    case "UnitAcknowledged": {
      const { unit } = e.payload;
      return updateIncident(s, e, e.payload.incidentId, `${unit.callSign} acknowledged`, (i) => ({
        ...i,
        acknowledged: { ...i.acknowledged, [unit.id]: e.at },
      }));
    }
    case "IncidentNoteAdded":
      return updateIncident(s, e, e.payload.incidentId, e.payload.text, (i) => i, e.payload.intel, e.payload.forStewards);
    case "IncidentResolved": {
      // A steward's version carries no outcome unless it was written for stewards.
      const text = e.payload.outcome ? `Resolved: ${e.payload.outcome}` : "Resolved";
      const resolved = updateIncident(s, e, e.payload.incidentId, text, (i) => advance(i, "resolved", e.at), false, e.payload.forStewards);
      return clearBronzeWarning(resolved, e, e.payload.incidentId);
    }
    case "IncidentClosed": {
      const incident = s.incidents[e.payload.incidentId];
      // Logged before issue 10 it carries neither a result nor a note.
      const result = e.payload.result ?? null;
      const closed = updateIncident(s, e, e.payload.incidentId, closedText(result, e.payload.note ?? ""), (i) => ({
        ...advance(i, "closed", e.at),
        assigned: [],
        closeResult: result,
      }));
      // Closing an incident stands its units down: they become available again.
      const freed = (incident?.assigned ?? []).reduce((acc, id) => freeUnit(acc, id, incident?.id ?? "", e.at), closed);
      return clearBronzeWarning(freed, e, e.payload.incidentId);
    }
    case "StewardReportSubmitted":
      return submitReport(s, e);
    case "PartnerEvidenceSubmitted":
      return foldEvidence(s, e);
    case "StewardReportMerged": {
      const merged = updateReport(s, e.payload.reportId, (r) => ({
        ...r,
        status: "merged",
        incidentId: e.payload.incidentId,
        incidentRef: e.payload.ref,
        updatedAt: e.at,
      }));
      const reporter = s.reports[e.payload.reportId]?.steward.name ?? "a steward";
      return updateIncident(merged, e, e.payload.incidentId, `Steward report from ${reporter} merged`, (i) => ({
        ...i,
        reportIds: [...i.reportIds, e.payload.reportId],
      }));
    }
    case "StewardReportDismissed":
      return updateReport(s, e.payload.reportId, (r) => ({
        ...r,
        status: "dismissed",
        resolution: e.payload.reason,
        updatedAt: e.at,
      }));
    case "AlertSent":
      return {
        ...s,
        alerts: [
          ...s.alerts,
          {
            id: e.payload.alertId,
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            audience: e.payload.audience,
            sector: e.payload.sector,
            priority: e.payload.priority,
            text: e.payload.text,
            ...(e.payload.resendOf ? { resendOf: e.payload.resendOf } : {}),
            seenBy: {},
          },
        ],
      };
    case "AlertSeen":
      return markSeen(s, e.payload.alertId, e.actor.userId, e.at);
    case "MethaneReported":
      return updateIncident(s, e, e.payload.incidentId, methaneText(e.payload), (i) => withMethane(i, e));
    case "DecisionLogged":
      return {
        ...s,
        decisions: [
          ...s.decisions,
          {
            id: e.payload.decisionId,
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            decision: e.payload.decision,
            rationale: e.payload.rationale,
            ...jdmOf(e.payload),
          },
        ],
      };
    case "BronzeAcknowledged": {
      const acked = updateIncident(s, e, e.payload.incidentId, `Acknowledged by ${e.actor.name}`, (i) => withBronzeAck(i, e));
      return clearBronzeWarning(acked, e, e.payload.incidentId);
    }
    case "BronzeAckOverdue":
      return raiseBronzeWarning(s, e);
    case "AttendanceTargetMissed": {
      const { target, dueAt, withinMs } = e.payload;
      const text = `Target missed: ${ATTENDANCE_TARGET_LABELS[target]} within ${duration(withinMs)}`;
      return updateIncident(s, e, e.payload.incidentId, text, (i) => ({ ...i, targetsMissed: { ...i.targetsMissed, [target]: dueAt } }));
    }
    case "UnitLeftSector":
    case "UnitReturnedToSector":
    case "SectorCoverLost":
    case "SectorCoverRestored":
      return foldSectorEvent(s, e);
    case "EntranceRunningHot":
    case "EntranceCooled":
      return foldEntranceEvent(s, e);
    default:
      return assertNever(e);
  }
}

/** "Closed — Arrest made: 2 arrested" */
function closedText(result: keyof typeof CLOSE_RESULT_LABELS | null, note: string): string {
  if (!result) return note ? `Closed: ${note}` : "Closed";
  return `Closed — ${CLOSE_RESULT_LABELS[result]}${note ? `: ${note}` : ""}`;
}

/**
 * Applies a correction's new values. An audience that does not hold the incident (it moved into
 * their sector) learns it from the summary the event carries, already corrected.
 */
function correctIncident(s: OperationState, e: EventOf<"IncidentCorrected">): OperationState {
  const { incidentId, changes, previous, reason, incident: summary } = e.payload;
  const base = !s.incidents[incidentId] && summary ? addIncident(s, e, { ...summary, reporterTime: null }, null) : s;
  const text = correctionText(changes, previous, reason);
  return updateIncident(base, e, incidentId, text, (i) => {
    const next: Incident = {
      ...i,
      type: changes.type ?? i.type,
      location: changes.location ?? i.location,
      sector: changes.sector !== undefined ? changes.sector : i.sector,
      locationText: changes.locationText ?? i.locationText,
      description: changes.description ?? i.description,
    };
    // A grade given by correction grades an ungraded incident, as IncidentGraded does.
    return changes.grade ? { ...advance(next, "triaged", e.at), grade: changes.grade } : next;
  });
}

/** "2 min", "90 s": how a target reads in a timeline. */
function duration(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`;
}

function assertNever(e: never): never {
  // A new event type that the switch above does not handle fails to compile.
  throw new Error(`unhandled event ${JSON.stringify(e)}`);
}

const STATUS_ORDER: readonly IncidentStatus[] = ["reported", "triaged", "resourced", "on-scene", "resolved", "closed"];

/** Moves an incident forward in its lifecycle; never backwards (a late grade does not reopen it). */
function advance(i: Incident, to: IncidentStatus, at: number): Incident {
  if (STATUS_ORDER.indexOf(to) <= STATUS_ORDER.indexOf(i.status)) return i;
  return { ...i, status: to, steps: { ...i.steps, [to]: i.steps[to] ?? at } };
}

function entry(e: CordonEvent, text: string, intel = false, forStewards = false): TimelineEntry {
  return { seq: e.seq, at: e.at, actor: e.actor, kind: e.type, text, intel, forStewards };
}

type IncidentFields = Omit<IncidentSummary, "reportedAt"> & { reporterTime: number | null; reportedAt?: number };

function addIncident(
  s: OperationState,
  e: CordonEvent,
  p: IncidentFields,
  reportId: string | null,
  source?: IncidentSource,
): OperationState {
  const reportedAt = p.reportedAt ?? e.at;
  const reported: Incident = {
    id: p.incidentId,
    ref: p.ref,
    type: p.type,
    grade: p.grade,
    status: "reported",
    location: p.location,
    sector: p.sector,
    locationText: p.locationText,
    description: p.description,
    reportedAt,
    reporterTime: p.reporterTime,
    reportedBy: reportId ? (s.reports[reportId]?.steward ?? null) : e.actor,
    assigned: [],
    reportIds: reportId ? [reportId] : [],
    timeline: [entry(e, `${INCIDENT_TYPE_LABELS[p.type]} reported${reportId ? " from steward report" : ""}`)],
    updatedAt: e.at,
    steps: { reported: reportedAt },
    ...(source ? { source } : {}),
  };
  const incident = p.grade ? advance(reported, "triaged", e.at) : reported;
  return { ...s, incidents: put(s.incidents, incident.id, incident) };
}

function updateIncident(
  s: OperationState,
  e: CordonEvent,
  id: string,
  text: string,
  change: (i: Incident) => Incident,
  intel = false,
  // Events logged before the flag existed do not carry it: undefined falls back to false.
  forStewards = false,
): OperationState {
  const current = s.incidents[id];
  if (!current) return s;
  const changed = change(current);
  const next = { ...changed, timeline: [...changed.timeline, entry(e, text, intel, forStewards)], updatedAt: e.at };
  return { ...s, incidents: put(s.incidents, id, next) };
}

function assignUnit(s: OperationState, e: EventOf<"UnitAssigned">): OperationState {
  const { unit, incident: summary, incidentId } = e.payload;
  // A unit sent outside its sector learns the incident from the summary the event carries.
  const base = !s.incidents[incidentId] && summary ? addIncident(s, e, { ...summary, reporterTime: null }, null) : s;
  const withIncident = updateIncident(base, e, incidentId, `${unit?.callSign ?? "Unit"} assigned`, (i) => ({
    ...withoutAck(advance(i, "resourced", e.at), unit?.id),
    assigned: unit && !i.assigned.includes(unit.id) ? [...i.assigned, unit.id] : i.assigned,
  }));
  if (!unit) return withIncident;
  return updateUnit(withIncident, unit.id, (u) => ({ ...u, status: "en-route", statusSince: e.at, incidentId }));
}

/** A new assignment of a unit is acknowledged afresh: its earlier acknowledgement goes. */
function withoutAck(i: Incident, unitId: string | undefined): Incident {
  if (!unitId || i.acknowledged?.[unitId] === undefined) return i;
  const { [unitId]: _gone, ...rest } = i.acknowledged;
  return { ...i, acknowledged: rest };
}

function freeUnit(s: OperationState, unitId: string, incidentId: string, at: number): OperationState {
  return updateUnit(s, unitId, (u) => (u.incidentId === incidentId ? { ...u, status: "available", statusSince: at, incidentId: null } : u));
}

function submitReport(s: OperationState, e: EventOf<"StewardReportSubmitted">): OperationState {
  const p = e.payload;
  const report: StewardReport = {
    id: p.reportId,
    type: p.type,
    status: "new",
    location: p.location,
    post: p.post,
    sector: p.sector,
    text: p.text,
    steward: e.actor,
    receivedAt: e.at,
    reporterTime: p.reporterTime,
    // Events logged before issue 13 carry no offset.
    clockOffsetMs: p.clockOffsetMs ?? null,
    // Events logged before issue 12 carry no photos.
    photos: p.photos ?? [],
    incidentId: null,
    incidentRef: null,
    resolution: null,
    updatedAt: e.at,
  };
  return { ...s, reports: put(s.reports, report.id, report) };
}

function putUnit(s: OperationState, unit: Unit): OperationState {
  return { ...s, units: put(s.units, unit.id, unit) };
}

function updateUnit(s: OperationState, id: string, change: (u: Unit) => Unit): OperationState {
  const current = s.units[id];
  if (!current) return s;
  const next = change(current);
  return next === current ? s : putUnit(s, next);
}

function updateReport(s: OperationState, id: string, change: (r: StewardReport) => StewardReport): OperationState {
  const current = s.reports[id];
  if (!current) return s;
  return { ...s, reports: put(s.reports, id, change(current)) };
}

/** Records a receipt on its alert; copies only that alert (an unknown alert leaves the state as is). */
function markSeen(s: OperationState, alertId: string, userId: string, at: number): OperationState {
  const i = s.alerts.findIndex((a) => a.id === alertId);
  const alert = s.alerts[i];
  if (!alert || Object.hasOwn(alert.seenBy, userId)) return s;
  const alerts = [...s.alerts];
  alerts[i] = { ...alert, seenBy: { ...alert.seenBy, [userId]: at } };
  return { ...s, alerts };
}
