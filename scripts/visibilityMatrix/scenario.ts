import type { CommandInput, CommandName, SystemCommandBody, SystemCommandName } from "../../shared/commands";
import type { Role } from "../../shared/domain";
import type { EventType } from "../../shared/events";
import type { Account } from "../../shared/visibility";

/**
 * The sample log the visibility matrix is drawn from (docs/spec.md, "Visibility matrix"): one or
 * more samples of every event type, each made by the command a real user sends. The generator
 * decides it in memory; test/integration/visibilityMatrix.test.ts plays the same steps on a real
 * server with the demo accounts and checks every cell against what each role receives.
 */

/** The account each role is seen through: the demo accounts (server/auth/accounts.ts). */
export const MATRIX_ACCOUNTS: Record<Role, Account & { username: string; name: string }> = {
  gold: { username: "gold", id: "u-gold", name: "Ch. Supt. Alan Reeve (Gold)", role: "gold", sector: null, unitId: null },
  commander: {
    username: "commander",
    id: "u-commander",
    name: "Supt. Helen Marsh (Silver)",
    role: "commander",
    sector: null,
    unitId: null,
  },
  bronze: {
    username: "bronze",
    id: "u-bronze",
    name: "Insp. Sam Okafor (Bronze Olympic Way)",
    role: "bronze",
    sector: "olympic-way",
    unitId: null,
  },
  controller: {
    username: "controller",
    id: "u-controller",
    name: "PS Dev Anand (Control)",
    role: "controller",
    sector: null,
    unitId: null,
  },
  steward: { username: "steward", id: "u-steward", name: "Steward 1182 — Jo Pike", role: "steward", sector: "olympic-way", unitId: null },
  officer: {
    username: "officer",
    id: "u-officer",
    name: "PC Ruth Kemp (PSU 12A)",
    role: "officer",
    sector: "olympic-way",
    unitId: "psu-12a",
  },
  analyst: { username: "analyst", id: "u-analyst", name: "Mark Ellis (Debrief)", role: "analyst", sector: null, unitId: null },
  admin: { username: "admin", id: "u-admin", name: "Priya Shah (Accounts)", role: "admin", sector: null, unitId: null },
  partner: { username: "partner", id: "u-partner", name: "Boxpark Wembley (CCTV room)", role: "partner", sector: null, unitId: null },
};

/** A second steward, in another sector, whose reports the first may never see. */
export const OTHER_STEWARD = {
  username: "steward2",
  id: "u-steward2",
  name: "Steward 2047 — Sam Idowu",
  role: "steward",
  sector: "stadium-west",
  unitId: null,
} as const;

export type Author = "commander" | "bronze" | "controller" | "steward" | "steward2" | "officer" | "partner";

/** A command a person sends, or one the server sends itself (`by: "system"`, SYSTEM_ACTOR). */
export type Step =
  | { [N in CommandName]: { by: Author; name: N; body: CommandInput<N>; sample?: string } }[CommandName]
  | { [N in SystemCommandName]: { by: "system"; name: N; body: SystemCommandBody<N>; sample?: string } }[SystemCommandName];

export const OPERATION = { name: "Matrix: England v Italy", venueId: "wembley", cadStart: 4100, phases: [] };
/** The operation is opened over REST by the commander; its event is the first sample. */
export const OPENED_SAMPLE = "OperationOpened";

const at = { olympicWay: { lat: 51.5605, lng: -0.2795 } };

/** In order; `sample` names the variant a row of the matrix is about (every step is one). */
export const STEPS: Step[] = [
  { by: "commander", name: "op:phase", body: { phase: "gates-open" }, sample: "OperationPhaseStarted" },
  {
    by: "controller",
    name: "unit:register",
    body: { unitId: "psu-12a", callSign: "PSU 12A", kind: "serial", agency: "MPS", sector: "olympic-way" },
    sample: "UnitRegistered",
  },
  { by: "officer", name: "unit:status", body: { unitId: "psu-12a", status: "refreshment" }, sample: "UnitStatusChanged" },
  // A unit of another sector: only control, Gold, Silver and that sector's Bronze receive its record.
  {
    by: "controller",
    name: "unit:register",
    body: { unitId: "psu-n1", callSign: "PSU N1", kind: "serial", agency: "MPS", sector: "stadium-north" },
    sample: "UnitRegistered (another sector)",
  },
  // Olympic Way's only serial on refreshment: the sector has lost the serial cover its plan requires.
  { by: "system", name: "cover:lost", body: { sector: "olympic-way" }, sample: "SectorCoverLost" },
  {
    by: "steward",
    name: "report:submit",
    body: { type: "disorder", postId: "post-ow-boxpark", text: "Two groups squaring up", reporterTime: 1_697_557_000_000 },
    sample: "StewardReportSubmitted (own)",
  },
  {
    by: "steward2",
    name: "report:submit",
    body: { type: "ticketless-entry", location: at.olympicWay, text: "Fans climbing the barrier", reporterTime: 1_697_557_010_000 },
    sample: "StewardReportSubmitted (another steward's, same sector)",
  },
  {
    by: "steward2",
    name: "report:submit",
    body: { type: "medical", postId: "post-ts-entrance-h", text: "Man collapsed", reporterTime: 1_697_557_020_000 },
    sample: "StewardReportSubmitted (another steward's, another sector)",
  },
  { by: "controller", name: "report:promote", body: { reportId: "rep-1", grade: "S" }, sample: "StewardReportPromoted" },
  { by: "controller", name: "report:merge", body: { reportId: "rep-2", incidentId: "inc-1" }, sample: "StewardReportMerged" },
  {
    by: "controller",
    name: "report:dismiss",
    body: { reportId: "rep-3", reason: "LAS already there" },
    sample: "StewardReportDismissed (another steward's)",
  },
  {
    by: "officer",
    name: "incident:report",
    body: {
      type: "pyrotechnics",
      location: at.olympicWay,
      locationText: "By PSU 12A's carrier",
      description: "PC Kemp (PSU 12A): flare lit",
    },
    sample: "IncidentReported (by an officer)",
  },
  { by: "controller", name: "incident:grade", body: { incidentId: "inc-2", grade: "I" }, sample: "IncidentGraded" },
  {
    // Due long before the sample log's clock and the test server's: the target is missed whenever it is
    // decided. "arrive", not "assign": the deep scan would find "assign" inside every state's "assigned".
    by: "system",
    name: "attendance:flag",
    body: { incidentId: "inc-2", grade: "I", target: "arrive", withinMs: 900_000, dueAt: 1_697_557_000_000 },
    sample: "AttendanceTargetMissed",
  },
  {
    // Due long before the sample log's clock, as the attendance flag above.
    by: "system",
    name: "bronze:overdue",
    body: { incidentId: "inc-2", withinMs: 180_000, dueAt: 1_697_557_000_000 },
    sample: "BronzeAckOverdue",
  },
  { by: "bronze", name: "incident:bronze-ack", body: { incidentId: "inc-2" }, sample: "BronzeAcknowledged" },
  {
    by: "controller",
    name: "incident:correct",
    body: {
      incidentId: "inc-2",
      type: "missile",
      locationText: "Olympic Way, Boxpark steps",
      reason: "CCTV review: PC Kemp saw it thrown",
    },
    sample: "IncidentCorrected",
  },
  {
    by: "controller",
    name: "incident:assign",
    body: {
      incidentId: "inc-1",
      unitId: "psu-12a",
      recommended: { unitId: "psu-12a", etaSeconds: 120, reason: "nearest available PSU, 2 min on foot" },
    },
    sample: "UnitAssigned",
  },
  { by: "officer", name: "incident:acknowledge", body: { incidentId: "inc-1" }, sample: "UnitAcknowledged" },
  { by: "officer", name: "unit:status", body: { unitId: "psu-12a", status: "on-scene" }, sample: "UnitArrived" },
  {
    by: "officer",
    name: "incident:note",
    body: { incidentId: "inc-1", text: "PSU 12A with the group" },
    sample: "IncidentNoteAdded (police only)",
  },
  {
    by: "controller",
    name: "incident:note",
    body: { incidentId: "inc-1", text: "FIO: known risk group", intel: true },
    sample: "IncidentNoteAdded (intelligence)",
  },
  {
    by: "controller",
    name: "incident:note",
    body: { incidentId: "inc-1", text: "Keep the Boxpark gate clear", forStewards: true },
    sample: "IncidentNoteAdded (for stewards)",
  },
  { by: "controller", name: "incident:release", body: { incidentId: "inc-1", unitId: "psu-12a" }, sample: "UnitReleased" },
  // Released, PSU 12A is available again: cover is back; then it strays out of its sector and returns.
  { by: "system", name: "cover:restored", body: { sector: "olympic-way" }, sample: "SectorCoverRestored" },
  {
    by: "system",
    name: "sector:left",
    body: { unitId: "psu-12a", sector: "olympic-way", location: { lat: 51.5605, lng: -0.2818 }, outsideM: 55 },
    sample: "UnitLeftSector",
  },
  {
    by: "system",
    name: "sector:returned",
    body: { unitId: "psu-12a", sector: "olympic-way", location: at.olympicWay },
    sample: "UnitReturnedToSector",
  },
  {
    by: "controller",
    name: "incident:resolve",
    body: { incidentId: "inc-1", outcome: "2 arrested by PSU 12A" },
    sample: "IncidentResolved (police only)",
  },
  {
    by: "controller",
    name: "incident:resolve",
    body: { incidentId: "inc-2", outcome: "Flare out; area clear", forStewards: true },
    sample: "IncidentResolved (for stewards)",
  },
  {
    by: "controller",
    name: "incident:close",
    body: { incidentId: "inc-1", result: "arrest", note: "Custody: PSU 12A's prisoners to Wembley" },
    sample: "IncidentClosed",
  },
  {
    by: "controller",
    name: "incident:reopen",
    body: { incidentId: "inc-1", reason: "FIO: the same group is back at the Boxpark" },
    sample: "IncidentReopened",
  },
  {
    by: "controller",
    name: "alert:send",
    // "urgent", not "warning": the deep scan would find "warning" inside every state's "warnings".
    body: { audience: "stewards", priority: "urgent", text: "Hold the Olympic Way queue" },
    sample: "AlertSent (to stewards)",
  },
  { by: "steward", name: "alert:seen", body: { alertId: "alert-1" }, sample: "AlertSeen" },
  {
    by: "controller",
    name: "alert:send",
    body: { audience: "units", sector: "olympic-way", text: "PSU 12A to the Boxpark" },
    sample: "AlertSent (to units in a sector)",
  },
  { by: "commander", name: "decision:log", body: { decision: "Close Olympic Way", rationale: "Crush risk" }, sample: "DecisionLogged" },
  {
    by: "partner",
    name: "evidence:submit",
    body: {
      type: "disorder",
      statement: "CCTV camera 4: fight outside the shop",
      placeId: "post-ow-boxpark",
      occurredAt: 1_697_557_200_000,
      reference: "BX-2231",
      submitter: "R. Okafor",
    },
    sample: "PartnerEvidenceSubmitted",
  },
  {
    by: "commander",
    name: "incident:methane",
    body: {
      incidentId: "inc-1",
      major: true,
      location: { at: at.olympicWay, text: "Olympic Way at the Boxpark steps" },
      type: "Crowd crush on the steps",
      hazards: "Crowd pressure from the north",
      access: { routes: "South Way, then Olympic Way from the south", rvpIds: ["rvp-south"] },
      casualties: { counts: { fatal: 0, p1: 2, p2: 5, p3: 11 }, text: "Casualty clearing at the Boxpark" },
      services: {
        police: { present: true, required: true },
        ambulance: { present: true, required: true },
        fire: { present: false, required: true },
        other: { present: false, required: false },
        text: "HART requested",
      },
    },
    sample: "MethaneReported",
  },
  // An entrance group runs hot on its turnstile rate, then cools (issue 11 item 7): the command's, never stewards' or officers'.
  {
    by: "system",
    name: "entrance:hot",
    body: { groupId: "bobby-moore-west", reason: "rate", ratePerMinute: 131, queue: null },
    sample: "EntranceRunningHot",
  },
  {
    by: "system",
    name: "entrance:cooled",
    body: { groupId: "bobby-moore-west", ratePerMinute: 90, queue: null },
    sample: "EntranceCooled",
  },
  // Last: every live audience receives it, so a test that has it has everything before it.
  { by: "controller", name: "alert:send", body: { audience: "all", text: "Matrix sentinel" }, sample: "AlertSent (to everyone)" },
];

/** A sample's name: its event type, with the variant in brackets where a type has several. */
type SampleOf<T extends EventType> = T | `${T} (${string})`;

/**
 * The sample that shows each event type. Exhaustive: a new event type does not compile until
 * it has a sample here, and `sampleLog` fails unless a step above gives that sample with that type.
 */
export const SAMPLE_OF: { readonly [T in EventType]: SampleOf<T> } = {
  OperationOpened: "OperationOpened",
  OperationPhaseStarted: "OperationPhaseStarted",
  UnitRegistered: "UnitRegistered",
  UnitStatusChanged: "UnitStatusChanged",
  IncidentReported: "IncidentReported (by an officer)",
  IncidentCorrected: "IncidentCorrected",
  IncidentReopened: "IncidentReopened",
  IncidentGraded: "IncidentGraded",
  UnitAssigned: "UnitAssigned",
  UnitArrived: "UnitArrived",
  UnitReleased: "UnitReleased",
  UnitAcknowledged: "UnitAcknowledged",
  IncidentNoteAdded: "IncidentNoteAdded (police only)",
  IncidentResolved: "IncidentResolved (police only)",
  IncidentClosed: "IncidentClosed",
  StewardReportSubmitted: "StewardReportSubmitted (own)",
  PartnerEvidenceSubmitted: "PartnerEvidenceSubmitted",
  StewardReportPromoted: "StewardReportPromoted",
  StewardReportMerged: "StewardReportMerged",
  StewardReportDismissed: "StewardReportDismissed (another steward's)",
  AlertSent: "AlertSent (to everyone)",
  AlertSeen: "AlertSeen",
  DecisionLogged: "DecisionLogged",
  AttendanceTargetMissed: "AttendanceTargetMissed",
  BronzeAcknowledged: "BronzeAcknowledged",
  BronzeAckOverdue: "BronzeAckOverdue",
  MethaneReported: "MethaneReported",
  UnitLeftSector: "UnitLeftSector",
  UnitReturnedToSector: "UnitReturnedToSector",
  SectorCoverLost: "SectorCoverLost",
  SectorCoverRestored: "SectorCoverRestored",
  EntranceRunningHot: "EntranceRunningHot",
  EntranceCooled: "EntranceCooled",
};

/** Strings a steward must never receive from this log, on any path (the deep scan). */
export const STEWARD_FORBIDDEN = [
  "PSU 12A",
  "psu-12a",
  "PC Kemp",
  "Ruth Kemp",
  "PS Dev Anand",
  "Helen Marsh",
  "Sam Idowu",
  "Steward 2047",
  "u-steward2",
  "FIO: known risk group",
  "Close Olympic Way",
  "Crush risk",
  "2 arrested",
  "flare lit",
  "CCTV review",
  "nearest available",
  "Custody",
  "same group is back",
  "R. Okafor",
  "BX-2231",
  "Crowd crush on the steps",
  "HART requested",
];
