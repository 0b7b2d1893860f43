import { z } from "zod";
import { JdmFields } from "./decisionLog";
import {
  ACTOR_ROLES,
  AGENCIES,
  ALERT_AUDIENCES,
  ALERT_PRIORITIES,
  ATTENDANCE_TARGETS,
  CLOSE_RESULTS,
  GRADES,
  INCIDENT_SOURCES,
  INCIDENT_TYPES,
  UNIT_KINDS,
  UNIT_STATUSES,
} from "./domain";
import { MethaneReportedPayload } from "./methane";

/**
 * Events: immutable, past-tense facts appended to an operation's log (DESIGN §1).
 * Clients never send these; the server's decide step produces them from commands.
 */

export const Id = z.string().min(1).max(64);
export const LatLng = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});
export type LatLng = z.infer<typeof LatLng>;

export const Actor = z.object({
  userId: Id,
  role: z.enum(ACTOR_ROLES),
  name: z.string().max(80),
});
export type Actor = z.infer<typeof Actor>;

/** A photo is named by the SHA-256 of the JPEG the server stored (issue 12): lower-case hex. */
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in lower-case hex");
/** A photo on a report: its hash (so the log's hash chain covers it) and the camera's capture time. */
export const PhotoRef = z.object({ sha256: Sha256, takenAt: z.string().max(40).nullable() });
export type PhotoRef = z.infer<typeof PhotoRef>;

/**
 * The actor of every event the server makes itself (alarms, watchers, feeds): one fixed identity,
 * so that every process that notices the same thing sends the same command under the same key.
 */
export const SYSTEM_ACTOR = { userId: "system", role: "system", name: "Cordon" } as const satisfies Actor;

/**
 * Who may see an event, fixed when it is decided so that projection needs only the event:
 * the sector it concerns, the stewards who reported it, the units it concerns.
 */
export const Scope = z.object({
  sector: z.string().nullable(),
  stewards: z.array(Id),
  units: z.array(Id),
});
export type Scope = z.infer<typeof Scope>;

const UnitRef = z.object({ id: Id, callSign: z.string() });
/** Null where the audience may not see which unit (stewards). */
const MaybeUnit = UnitRef.nullable();

export const IncidentSummary = z.object({
  incidentId: Id,
  ref: z.string(),
  type: z.enum(INCIDENT_TYPES),
  grade: z.enum(GRADES).nullable(),
  location: LatLng,
  sector: z.string().nullable(),
  locationText: z.string(),
  description: z.string(),
  reportedAt: z.number(),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

const incidentFields = {
  incidentId: Id,
  ref: z.string(),
  type: z.enum(INCIDENT_TYPES),
  grade: z.enum(GRADES).nullable(),
  location: LatLng,
  sector: z.string().nullable(),
  locationText: z.string().max(200),
  description: z.string().max(2000),
  /** The reporter's own clock when it differs from record time (late delivery). */
  reporterTime: z.number().nullable(),
};

/** What a correction changed, or what those fields held before it (only the fields it changed). */
const CorrectedFields = z.object({
  type: z.enum(INCIDENT_TYPES).optional(),
  grade: z.enum(GRADES).nullable().optional(),
  location: LatLng.optional(),
  sector: z.string().nullable().optional(),
  locationText: z.string().max(200).optional(),
  description: z.string().max(2000).optional(),
});
export type CorrectedFields = z.infer<typeof CorrectedFields>;

/** The statuses a reopened incident can go back to: what its units say. */
export const REOPENED_STATUSES = ["reported", "triaged", "resourced", "on-scene"] as const;

export const EventPayloads = {
  OperationOpened: z.object({
    name: z.string(),
    venueId: z.string(),
    cadStart: z.number().int().min(0),
    cadDate: z.string(),
    phases: z.array(z.object({ name: z.string(), at: z.number() })),
  }),
  OperationPhaseStarted: z.object({ phase: z.string() }),
  UnitRegistered: z.object({
    unitId: Id,
    callSign: z.string(),
    kind: z.enum(UNIT_KINDS),
    agency: z.enum(AGENCIES),
    sector: z.string().nullable(),
    parentId: Id.nullable(),
    strength: z.number().int().min(0).nullable(),
  }),
  UnitStatusChanged: z.object({ unitId: Id, status: z.enum(UNIT_STATUSES) }),
  IncidentReported: z.object({
    ...incidentFields,
    /** Where it reached control from. Absent in older logs (read as unknown by the fold). */
    source: z.enum(INCIDENT_SOURCES).default("radio"),
  }),
  /**
   * A correction of the record (issue 10): `changes` holds the new values of the fields that
   * changed (the sector recomputed from a new location), `previous` what they held. Stewards get
   * no `previous` and no `reason`.
   */
  IncidentCorrected: z.object({
    incidentId: Id,
    changes: CorrectedFields,
    previous: CorrectedFields,
    reason: z.string().max(300),
    /**
     * The incident as corrected, when the correction moved it to another sector: the audiences of
     * the new sector do not hold it yet and learn it from this. Null otherwise.
     */
    incident: IncidentSummary.nullable(),
  }),
  /** A resolved or closed incident reopened; `to` is the status its units give it now. */
  IncidentReopened: z.object({
    incidentId: Id,
    reason: z.string().max(500),
    from: z.enum(["resolved", "closed"]),
    to: z.enum(REOPENED_STATUSES),
  }),
  IncidentGraded: z.object({ incidentId: Id, grade: z.enum(GRADES) }),
  UnitAssigned: z.object({
    incidentId: Id,
    unit: MaybeUnit,
    /** Lets a unit outside the incident's sector learn the incident it was sent to. */
    incident: IncidentSummary.nullable(),
    /**
     * The dispatch recommender's first choice as the operator saw it when assigning (issue 10),
     * or null. Control's only. Absent in older logs.
     */
    recommended: z
      .object({ unitId: Id, callSign: z.string(), etaSeconds: z.number().nullable(), reason: z.string() })
      .nullable()
      .default(null),
  }),
  UnitArrived: z.object({ incidentId: Id, unit: MaybeUnit }),
  UnitReleased: z.object({ incidentId: Id, unit: MaybeUnit }),
  /** An officer of an assigned unit acknowledged the assignment (issue 12). Control and that unit only. */
  UnitAcknowledged: z.object({ incidentId: Id, unit: UnitRef }),
  IncidentNoteAdded: z.object({
    incidentId: Id,
    text: z.string().max(2000),
    intel: z.boolean(),
    /** Marked by its author for stewards; otherwise stewards never receive it. Absent in older logs. */
    forStewards: z.boolean().default(false),
  }),
  IncidentResolved: z.object({
    incidentId: Id,
    /** Empty in the version a steward receives unless `forStewards`. */
    outcome: z.string().max(500),
    forStewards: z.boolean().default(false),
  }),
  /** `result` and `note` are absent in older logs (read as null and ""); stewards get no note. */
  IncidentClosed: z.object({
    incidentId: Id,
    result: z.enum(CLOSE_RESULTS).nullable().default(null),
    note: z.string().max(500).default(""),
  }),
  StewardReportSubmitted: z.object({
    reportId: Id,
    type: z.enum(INCIDENT_TYPES),
    location: LatLng.nullable(),
    post: z.object({ id: z.string(), name: z.string() }).nullable(),
    sector: z.string().nullable(),
    text: z.string().max(500),
    reporterTime: z.number(),
    /**
     * Server time minus the phone's report clock, measured at the phone's last hello (ms), or
     * null when unknown: a reporter time off by more than a minute is flagged (issue 13).
     */
    clockOffsetMs: z.number().nullable().default(null),
    /** Photos uploaded first and named here (issue 12); absent in older logs. */
    photos: z.array(PhotoRef).max(4).default([]),
  }),
  /**
   * A partner's evidence (issue 12 item 8), folded into a report awaiting triage like a steward's,
   * with its provenance: the organisation (the account), who sent it, their reference, the
   * files' original names and hashes (so the hash chain covers them). Control's only.
   */
  PartnerEvidenceSubmitted: z.object({
    reportId: Id,
    type: z.enum(INCIDENT_TYPES),
    location: LatLng.nullable(),
    place: z.object({ id: z.string(), name: z.string() }).nullable(),
    sector: z.string().nullable(),
    statement: z.string().max(4000),
    occurredAt: z.number(),
    reference: z.string().max(80),
    organisation: z.string().max(80),
    submitter: z.string().max(120),
    files: z.array(PhotoRef.extend({ name: z.string().max(200) })).max(4),
  }),
  StewardReportPromoted: z.object({ reportId: Id, ...incidentFields }),
  StewardReportMerged: z.object({ reportId: Id, incidentId: Id, ref: z.string() }),
  StewardReportDismissed: z.object({ reportId: Id, reason: z.string().max(200) }),
  AlertSent: z.object({
    alertId: Id,
    audience: z.enum(ALERT_AUDIENCES),
    sector: z.string().nullable(),
    priority: z.enum(ALERT_PRIORITIES),
    text: z.string().max(500),
    /** The alert this resends (absent in older logs and for a first send). */
    resendOf: Id.optional(),
  }),
  /** A METHANE/ETHANE report on an incident, revision 1, 2, … (shared/methane.ts). Control's and the incident's officers'; never stewards. */
  MethaneReported: MethaneReportedPayload,
  /** The actor (a steward or an officer of the alert's audience) has seen the alert: a receipt. */
  AlertSeen: z.object({ alertId: Id }),
  /** The JDM fields (shared/decisionLog.ts) are absent in older logs and wherever not recorded. */
  DecisionLogged: z.object({
    decisionId: Id,
    decision: z.string().max(2000),
    rationale: z.string().max(4000),
    ...JdmFields.shape,
  }),
  /** The Bronze of the incident's sector has it (issue 11): once per incident. Control's and the Bronzes'. */
  BronzeAcknowledged: z.object({ incidentId: Id, sector: z.string() }),
  /**
   * Made by the server (SYSTEM_ACTOR): an open incident in `sector` was not acknowledged by that
   * sector's Bronze within `withinMs` of its report, due at `dueAt` (server/system/bronzeAck.ts).
   */
  BronzeAckOverdue: z.object({
    incidentId: Id,
    ref: z.string(),
    sector: z.string(),
    withinMs: z.number().int().min(1),
    dueAt: z.number(),
  }),
  /**
   * Made by the server (SYSTEM_ACTOR): an incident of `grade` had no unit assigned (`assign`) or
   * on scene (`arrive`) within `withinMs` of its first report, due at `dueAt` (record time).
   */
  AttendanceTargetMissed: z.object({
    incidentId: Id,
    grade: z.enum(GRADES),
    target: z.enum(ATTENDANCE_TARGETS),
    withinMs: z.number().int().min(1),
    dueAt: z.number(),
  }),
  // Made by the server's sector watcher (issue 11 item 2; shared/sectorRules.ts): warnings, folded into state.warnings.
  /** An available unit went more than the margin out of its assigned sector; the fix that showed it. */
  UnitLeftSector: z.object({ unitId: Id, callSign: z.string(), sector: z.string(), location: LatLng, outsideM: z.number() }),
  /** It came back inside by the margin: the warning is cleared. */
  UnitReturnedToSector: z.object({ unitId: Id, callSign: z.string(), sector: z.string(), location: LatLng }),
  /** No available unit of these kinds, which the sector's plan requires. */
  SectorCoverLost: z.object({ sector: z.string(), missing: z.array(z.enum(UNIT_KINDS)) }),
  SectorCoverRestored: z.object({ sector: z.string() }),
  // Made by the server's ingress watcher (issue 11 item 7; shared/entranceRules.ts): warnings, folded into state.warnings.
  /** An entrance group's rate through its turnstiles, or its queue, passed the upper line for its throughput. */
  EntranceRunningHot: z.object({
    groupId: Id,
    name: z.string(),
    entranceId: Id,
    sector: z.string(),
    reason: z.enum(["rate", "queue"]),
    ratePerMinute: z.number().nullable(),
    queue: z.number().nullable(),
    perMinute: z.number(),
  }),
  /** Rate and queue back below the lower lines: the warning is cleared. */
  EntranceCooled: z.object({ groupId: Id, name: z.string(), ratePerMinute: z.number().nullable(), queue: z.number().nullable() }),
} as const;

export type EventType = keyof typeof EventPayloads;
export type EventPayload<T extends EventType> = z.infer<(typeof EventPayloads)[T]>;

const envelopeFields = {
  seq: z.number().int().min(1),
  id: Id,
  opId: Id,
  at: z.number(),
  actor: Actor,
  scope: Scope,
  prevHash: z.string(),
  hash: z.string(),
};

function envelope<T extends EventType>(type: T) {
  return z.object({ ...envelopeFields, type: z.literal(type), payload: EventPayloads[type] });
}

export const CordonEvent = z.discriminatedUnion("type", [
  envelope("OperationOpened"),
  envelope("OperationPhaseStarted"),
  envelope("UnitRegistered"),
  envelope("UnitStatusChanged"),
  envelope("IncidentReported"),
  envelope("IncidentCorrected"),
  envelope("IncidentReopened"),
  envelope("IncidentGraded"),
  envelope("UnitAssigned"),
  envelope("UnitArrived"),
  envelope("UnitReleased"),
  envelope("UnitAcknowledged"),
  envelope("IncidentNoteAdded"),
  envelope("IncidentResolved"),
  envelope("IncidentClosed"),
  envelope("StewardReportSubmitted"),
  envelope("PartnerEvidenceSubmitted"),
  envelope("StewardReportPromoted"),
  envelope("StewardReportMerged"),
  envelope("StewardReportDismissed"),
  envelope("AlertSent"),
  envelope("AlertSeen"),
  envelope("MethaneReported"),
  envelope("DecisionLogged"),
  envelope("AttendanceTargetMissed"),
  envelope("BronzeAcknowledged"),
  envelope("BronzeAckOverdue"),
  envelope("UnitLeftSector"),
  envelope("UnitReturnedToSector"),
  envelope("SectorCoverLost"),
  envelope("SectorCoverRestored"),
  envelope("EntranceRunningHot"),
  envelope("EntranceCooled"),
]);
export type CordonEvent = z.infer<typeof CordonEvent>;

/** An event as decided, before the store gives it a place in the log. */
export type DecidedEvent = {
  [T in EventType]: { type: T; payload: EventPayload<T>; scope: Scope };
}[EventType];

export type EventOf<T extends EventType> = Extract<CordonEvent, { type: T }>;
