import type { Actor, EventPayload, IncidentSummary, Scope } from "../../shared/events";
import type { Draft } from "./decider";
import { actors, at } from "./events";

/**
 * Readable builders for the events a decider spec is given: each takes what matters to the
 * spec and fills in the rest with plain, fixed values (a fight on Olympic Way, serial 12A).
 */

export const unit = {
  psu12a: { id: "psu-12a", callSign: "12A" },
  las1: { id: "las-1", callSign: "LAS 1" },
  psu3: { id: "psu-3", callSign: "PSU 3" },
};

export const post = {
  boxpark: {
    id: "post-ow-boxpark",
    name: "Olympic Way checkpoint Boxpark",
    sector: "olympic-way",
    location: { lat: 51.558562, lng: -0.279441 },
  },
  entranceH: {
    id: "post-ts-entrance-h",
    name: "Entrance H turnstiles",
    sector: "stadium-west",
    location: { lat: 51.555439, lng: -0.281925 },
  },
};

/** A point outside every sector of the plan. */
export const nowhere = { lat: 51.5, lng: -0.1 };

type Extra = { actor?: Actor; scope?: Scope; at?: number };

export function opened(p: Partial<EventPayload<"OperationOpened">> = {}, extra: Extra = {}): Draft {
  const payload = { name: "England v Italy", venueId: "wembley", cadStart: 4100, cadDate: "17Oct", phases: [], ...p };
  return { type: "OperationOpened", payload, actor: actors.silver, ...extra };
}

export function phaseStarted(phase: string): Draft {
  return { type: "OperationPhaseStarted", payload: { phase }, actor: actors.silver };
}

export function unitRegistered(unitId: string, callSign: string, p: Partial<EventPayload<"UnitRegistered">> = {}): Draft {
  const payload = { unitId, callSign, kind: "serial", agency: "MPS", sector: "olympic-way", parentId: null, strength: null, ...p } as const;
  return { type: "UnitRegistered", payload, scope: { sector: payload.sector, stewards: [], units: [unitId] } };
}

export function unitStatusChanged(unitId: string, status: EventPayload<"UnitStatusChanged">["status"], extra: Extra = {}): Draft {
  return { type: "UnitStatusChanged", payload: { unitId, status }, ...extra };
}

/** `inc-N` is reported as `CAD 410N/17Oct`, a fight on Olympic Way, ungraded. */
export function incidentReported(incidentId: string, p: Partial<EventPayload<"IncidentReported">> = {}, extra: Extra = {}): Draft {
  const payload = { ...incidentFields(incidentId), source: "radio", ...p } as const;
  return { type: "IncidentReported", payload, scope: { sector: payload.sector, stewards: [], units: [] }, ...extra };
}

function incidentFields(incidentId: string) {
  const n = Number(incidentId.replace(/\D/g, "")) || 1;
  return {
    incidentId,
    ref: `CAD ${4100 + n}/17Oct`,
    type: "disorder",
    grade: null,
    location: at.olympicWay,
    sector: "olympic-way",
    locationText: "",
    description: "Fight outside Boxpark",
    reporterTime: null,
  } as const;
}

export function incidentGraded(incidentId: string, grade: EventPayload<"IncidentGraded">["grade"]): Draft {
  return { type: "IncidentGraded", payload: { incidentId, grade } };
}

type UnitRef = { id: string; callSign: string } | null;

type Recommended = EventPayload<"UnitAssigned">["recommended"];

export function unitAssigned(
  incidentId: string,
  u: UnitRef,
  incident: IncidentSummary | null = null,
  recommended: Recommended = null,
): Draft {
  return { type: "UnitAssigned", payload: { incidentId, unit: u, incident, recommended } };
}

export function unitArrived(incidentId: string, u: UnitRef, extra: Extra = {}): Draft {
  return { type: "UnitArrived", payload: { incidentId, unit: u }, ...extra };
}

export function unitReleased(incidentId: string, u: UnitRef): Draft {
  return { type: "UnitReleased", payload: { incidentId, unit: u } };
}

export function noteAdded(
  incidentId: string,
  text: string,
  flags: { intel?: boolean; forStewards?: boolean } = {},
  extra: Extra = {},
): Draft {
  const { intel = false, forStewards = false } = flags;
  return { type: "IncidentNoteAdded", payload: { incidentId, text, intel, forStewards }, ...extra };
}

export function incidentResolved(incidentId: string, outcome: string, forStewards = false): Draft {
  return { type: "IncidentResolved", payload: { incidentId, outcome, forStewards } };
}

export function incidentClosed(
  incidentId: string,
  result: EventPayload<"IncidentClosed">["result"] = "no-further-action",
  note = "",
): Draft {
  return { type: "IncidentClosed", payload: { incidentId, result, note } };
}

export function incidentCorrected(
  incidentId: string,
  changes: EventPayload<"IncidentCorrected">["changes"],
  previous: EventPayload<"IncidentCorrected">["previous"],
  reason = "Caller rang back",
  incident: IncidentSummary | null = null,
): Draft {
  return { type: "IncidentCorrected", payload: { incidentId, changes, previous, reason, incident } };
}

export function incidentReopened(
  incidentId: string,
  from: EventPayload<"IncidentReopened">["from"],
  to: EventPayload<"IncidentReopened">["to"],
  reason = "Suspect returned",
): Draft {
  return { type: "IncidentReopened", payload: { incidentId, reason, from, to } };
}

/** A report from steward 1182 at the Boxpark checkpoint, typed on the phone a minute before. */
export function reportSubmitted(reportId: string, p: Partial<EventPayload<"StewardReportSubmitted">> = {}, extra: Extra = {}): Draft {
  const { sector, location, id, name } = post.boxpark;
  const payload = {
    reportId,
    type: "disorder",
    location,
    post: { id, name },
    sector,
    text: "Fight",
    reporterTime: T_PHONE,
    clockOffsetMs: null,
    photos: [] as EventPayload<"StewardReportSubmitted">["photos"],
    ...p,
  } as const;
  const actor = extra.actor ?? actors.steward;
  return {
    type: "StewardReportSubmitted",
    payload,
    actor,
    scope: { sector: payload.sector, stewards: [actor.userId], units: [] },
    ...extra,
  };
}

/** The phone's clock when steward 1182 pressed send. */
export const T_PHONE = 1_697_554_740_000;

export function reportPromoted(reportId: string, incidentId: string, p: Partial<EventPayload<"StewardReportPromoted">> = {}): Draft {
  const payload = {
    reportId,
    ...incidentFields(incidentId),
    grade: "S",
    location: post.boxpark.location,
    locationText: post.boxpark.name,
    description: "Fight",
    reporterTime: T_PHONE,
    ...p,
  } as const;
  return { type: "StewardReportPromoted", payload };
}

export function reportMerged(reportId: string, incidentId: string, ref: string): Draft {
  return { type: "StewardReportMerged", payload: { reportId, incidentId, ref } };
}

export function reportDismissed(reportId: string, reason: string): Draft {
  return { type: "StewardReportDismissed", payload: { reportId, reason } };
}

export function alertSent(alertId: string, p: Partial<EventPayload<"AlertSent">> = {}): Draft {
  const payload = { alertId, audience: "stewards", sector: null, priority: "info", text: "Gates C and D closing", ...p } as const;
  return { type: "AlertSent", payload };
}

/** A receipt for `alertId`, by the default steward unless `extra` names another actor. */
export function alertSeen(alertId: string, extra: Extra = {}): Draft {
  return { type: "AlertSeen", payload: { alertId }, actor: actors.steward, ...extra };
}

export function decisionLogged(decisionId: string, decision: string, rationale: string, extra: Extra = {}): Draft {
  return { type: "DecisionLogged", payload: { decisionId, decision, rationale }, actor: actors.silver, ...extra };
}
