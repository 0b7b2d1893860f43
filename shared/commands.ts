import { z } from "zod";
import { JdmFields } from "./decisionLog";
import {
  AGENCIES,
  ALERT_AUDIENCES,
  ALERT_PRIORITIES,
  ATTENDANCE_TARGETS,
  CLOSE_RESULTS,
  GRADES,
  INCIDENT_SOURCES,
  INCIDENT_TYPES,
  MATCH_PHASES,
  type Role,
  UNIT_KINDS,
  UNIT_STATUSES,
} from "./domain";
import { Id, LatLng, Sha256 } from "./events";
import { MethaneInput } from "./methane";

/**
 * Commands: what a client asks for (DESIGN §2). Each is sent as its own socket event, named
 * `noun:verb`, with an idempotency key chosen by the client: a resend with the same key returns
 * the original result and appends nothing.
 */

/** The idempotency keys of server-made commands begin so; a client's never do. */
export const SYSTEM_KEY_PREFIX = "system:";

export const IdempotencyKey = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, "letters, digits and _.:- only")
  // Reserved for the server's own commands: a client that took a system key first would
  // otherwise stop the server's alarm from ever being appended.
  .refine((k) => !k.startsWith(SYSTEM_KEY_PREFIX), `a key may not start with "${SYSTEM_KEY_PREFIX}"`);

const text = (max: number) => z.string().trim().min(1).max(max);

/** The fields of an incident a correction may change (`incident:correct`). */
export const CORRECTABLE = ["type", "grade", "location", "locationText", "description"] as const;
const Sector = z.string().min(1).max(64);

export const CommandBodies = {
  /** Silver moves the match to a phase of the list (issue 11 item 3); anything else is refused. */
  "op:phase": z.object({ phase: z.enum(MATCH_PHASES) }),
  "unit:register": z.object({
    unitId: z.string().regex(/^[a-z0-9-]{1,40}$/, "lowercase letters, digits and dashes"),
    callSign: text(40),
    kind: z.enum(UNIT_KINDS),
    agency: z.enum(AGENCIES),
    sector: Sector.nullable(),
    parentId: Id.nullable().default(null),
    strength: z.number().int().min(0).max(200).nullable().default(null),
  }),
  "unit:status": z.object({ unitId: Id, status: z.enum(UNIT_STATUSES) }),
  "incident:report": z.object({
    type: z.enum(INCIDENT_TYPES),
    grade: z.enum(GRADES).nullable().default(null),
    location: LatLng,
    locationText: z.string().trim().max(200).default(""),
    description: text(2000),
    /** Where it reached control from; an officer's report is recorded as "officer" whatever it says. */
    source: z.enum(INCIDENT_SOURCES).default("radio"),
  }),
  /** A correction of the record: a new, attributed event; the log keeps what it replaced. */
  "incident:correct": z
    .object({
      incidentId: Id,
      type: z.enum(INCIDENT_TYPES).optional(),
      grade: z.enum(GRADES).optional(),
      location: LatLng.optional(),
      locationText: z.string().trim().max(200).optional(),
      description: text(2000).optional(),
      reason: text(300),
    })
    .refine((c) => CORRECTABLE.some((k) => c[k] !== undefined), {
      message: "a correction changes at least one of type, grade, location, location text or description",
      path: ["type"],
    }),
  "incident:reopen": z.object({ incidentId: Id, reason: text(500) }),
  "incident:grade": z.object({ incidentId: Id, grade: z.enum(GRADES) }),
  "incident:assign": z.object({
    incidentId: Id,
    unitId: Id,
    /** The dispatch recommender's first choice as the operator saw it (may differ from the unit assigned). */
    recommended: z
      .object({ unitId: Id, etaSeconds: z.number().int().min(0).nullable(), reason: z.string().trim().max(300) })
      .nullable()
      .default(null),
  }),
  /** The Bronze of the incident's sector says they have it (issue 11): refused outside their sector. */
  "incident:bronze-ack": z.object({ incidentId: Id }),
  /** An officer says their unit has the assignment (issue 12): logged, shown on control's board. */
  "incident:acknowledge": z.object({ incidentId: Id }),
  "incident:release": z.object({ incidentId: Id, unitId: Id }),
  "incident:note": z
    .object({
      incidentId: Id,
      text: text(2000),
      intel: z.boolean().default(false),
      /** Police free text reaches stewards only when its author marks it for them (DESIGN §4). */
      forStewards: z.boolean().default(false),
    })
    .refine((n) => !(n.intel && n.forStewards), {
      message: "an intelligence note cannot be for stewards",
      path: ["forStewards"],
    }),
  "incident:resolve": z.object({ incidentId: Id, outcome: text(500), forStewards: z.boolean().default(false) }),
  "incident:close": z.object({
    incidentId: Id,
    result: z.enum(CLOSE_RESULTS),
    note: z.string().trim().max(500).default(""),
  }),
  "report:submit": z
    .object({
      type: z.enum(INCIDENT_TYPES),
      location: LatLng.nullable().default(null),
      postId: z.string().max(64).nullable().default(null),
      text: z.string().trim().max(500).default(""),
      /** The phone's clock when the steward pressed send (may be long before delivery). */
      reporterTime: z.number().int().min(0),
      /** Photos already uploaded to this operation (POST /api/operations/:opId/photos), by hash. */
      photos: z.array(Sha256).max(4).default([]),
    })
    .refine((r) => r.location !== null || r.postId !== null, {
      message: "a report needs a location or a post",
      path: ["location"],
    }),
  /**
   * A partner's evidence (issue 12 item 8): images uploaded first (by hash, with the names they
   * had), a statement, where (a named place of the plan or a point) and when it happened, and the
   * partner's own reference. It reaches control's triage like a steward's report.
   */
  "evidence:submit": z
    .object({
      type: z.enum(INCIDENT_TYPES).default("other"),
      statement: text(4000),
      placeId: z.string().max(64).nullable().default(null),
      location: LatLng.nullable().default(null),
      /** When it happened, by the partner's account (ms); not checked against anything. */
      occurredAt: z.number().int().min(0),
      reference: z.string().trim().max(80).default(""),
      /** The person at the partner who sends it (the account names the organisation). */
      submitter: text(120),
      files: z
        .array(z.object({ sha256: Sha256, name: z.string().trim().max(200).default("") }))
        .max(4)
        .default([]),
    })
    .refine((r) => r.location !== null || r.placeId !== null, {
      message: "say where: a place of the plan or a point",
      path: ["location"],
    }),
  "report:promote": z.object({
    reportId: Id,
    grade: z.enum(GRADES),
    type: z.enum(INCIDENT_TYPES).optional(),
    description: z.string().trim().max(2000).optional(),
  }),
  "report:merge": z.object({ reportId: Id, incidentId: Id }),
  "report:dismiss": z.object({ reportId: Id, reason: text(200) }),
  "alert:send": z.object({
    audience: z.enum(ALERT_AUDIENCES),
    sector: Sector.nullable().default(null),
    priority: z.enum(ALERT_PRIORITIES).default("info"),
    text: text(500),
    /** A resend of an earlier alert to those who have not seen it: who saw the original has seen this. */
    resendOf: Id.optional(),
  }),
  /** A METHANE (or ETHANE) report on an incident, or an update of it: every field each time (issue 11 item 6). */
  "incident:methane": MethaneInput.extend({ incidentId: Id }),
  /** A steward's or officer's receipt: "I have seen this alert" (issue 11 item 4). */
  "alert:seen": z.object({ alertId: Id }),
  /** A decision and its rationale, with the Joint Decision Model's steps as optional fields (issue 11 item 5). */
  "decision:log": JdmFields.extend({ decision: text(2000), rationale: text(4000) }),
} as const;

/**
 * Commands only the server sends, as SYSTEM_ACTOR, for the events it makes itself (DESIGN §1):
 * decided by `decide` like any other command, but never on the wire (the gateway registers
 * COMMAND_NAMES only) and refused by `decide` for any other actor. Each is sent with a key
 * derived from what triggered it (`systemKey`), so that several processes noticing the same
 * thing append it once.
 */
export const SystemCommandBodies = {
  /** An open incident its sector's Bronze has not acknowledged within BRONZE_ACK_MINUTES (issue 11 item 2). */
  "bronze:overdue": z.object({ incidentId: Id, withinMs: z.number().int().min(1), dueAt: z.number().int() }),
  "attendance:flag": z.object({
    incidentId: Id,
    /** The grade the target was set for: a regraded incident is judged by its new grade. */
    grade: z.enum(GRADES),
    target: z.enum(ATTENDANCE_TARGETS),
    withinMs: z.number().int().min(1),
    dueAt: z.number().int(),
  }),
  // Sectors that warn (issue 11 item 2; shared/sectorRules.ts, server/system/sectorWatch.ts).
  /** A unit out of its assigned sector by more than the margin: the fix that showed it, and how far out. */
  "sector:left": z.object({ unitId: Id, sector: Sector, location: LatLng, outsideM: z.number().min(0).max(100_000) }),
  /** The unit is back inside its sector by the margin. */
  "sector:returned": z.object({ unitId: Id, sector: Sector, location: LatLng }),
  /** The sector has no available unit of a kind its plan requires (decide reads which from the state). */
  "cover:lost": z.object({ sector: Sector }),
  "cover:restored": z.object({ sector: Sector }),
  // Crowd ingress (issue 11 item 7; shared/ingress.ts, server/ingress/hotEntrances.ts).
  /** An entrance group's rate or queue passed its upper line: what the watcher measured. */
  "entrance:hot": z.object({
    groupId: Id,
    reason: z.enum(["rate", "queue"]),
    ratePerMinute: z.number().min(0).max(100_000).nullable(),
    queue: z.number().int().min(0).max(100_000).nullable(),
  }),
  /** Both back below the lower lines. */
  "entrance:cooled": z.object({
    groupId: Id,
    ratePerMinute: z.number().min(0).max(100_000).nullable(),
    queue: z.number().int().min(0).max(100_000).nullable(),
  }),
} as const;

export type CommandName = keyof typeof CommandBodies;
export type SystemCommandName = keyof typeof SystemCommandBodies;
export const COMMAND_NAMES = Object.keys(CommandBodies) as CommandName[];
export const SYSTEM_COMMAND_NAMES = Object.keys(SystemCommandBodies) as SystemCommandName[];
export type CommandInput<N extends CommandName> = z.input<(typeof CommandBodies)[N]>;
export type CommandBody<N extends CommandName> = z.output<(typeof CommandBodies)[N]>;
export type SystemCommandBody<N extends SystemCommandName> = z.output<(typeof SystemCommandBodies)[N]>;

/** A command a person sends, parsed. */
export type ClientCommand = { [N in CommandName]: { name: N; body: CommandBody<N> } }[CommandName];
/** A command the server sends itself. */
export type SystemCommand = { [N in SystemCommandName]: { name: N; body: SystemCommandBody<N> } }[SystemCommandName];
/** A parsed command, as the decide step receives it. */
export type Command = ClientCommand | SystemCommand;

/** The key of a server-made command: what triggered it, so every process derives the same one. */
export function systemKey(...parts: string[]): string {
  return `${SYSTEM_KEY_PREFIX}${parts.join(":")}`;
}

/** What goes on the wire: the body plus the operation and the idempotency key. */
export function commandEnvelope<N extends CommandName>(name: N) {
  return z.object({ opId: Id, key: IdempotencyKey, body: CommandBodies[name] });
}

const CONTROL: readonly Role[] = ["commander", "controller"];

/**
 * Which roles may send each command (checked on the server for every command, DESIGN §8). Gold
 * sends decisions only. A Bronze reports, assigns and releases, notes and acknowledges in their
 * own sector only (shared/bronze.ts checks every id a Bronze's command names against it).
 */
export const COMMAND_ROLES: Record<CommandName, readonly Role[]> = {
  "op:phase": ["commander"],
  "unit:register": CONTROL,
  "unit:status": [...CONTROL, "officer"],
  "incident:report": [...CONTROL, "officer", "bronze"],
  "incident:correct": CONTROL,
  "incident:reopen": CONTROL,
  "incident:grade": CONTROL,
  "incident:assign": [...CONTROL, "bronze"],
  "incident:bronze-ack": ["bronze"],
  "incident:acknowledge": ["officer"],
  "incident:release": [...CONTROL, "bronze"],
  "incident:note": [...CONTROL, "officer", "bronze"],
  "incident:resolve": CONTROL,
  "incident:close": CONTROL,
  "report:submit": ["steward"],
  "evidence:submit": ["partner"],
  "report:promote": CONTROL,
  "report:merge": CONTROL,
  "report:dismiss": CONTROL,
  "alert:send": CONTROL,
  "alert:seen": ["steward", "officer"],
  // Silver, control and Bronze report; Gold reads (issue 11 item 6).
  "incident:methane": ["commander", "controller", "bronze"],
  // Commanders log decisions; a controller does not (a loggist writes on Gold's account).
  "decision:log": ["gold", "commander", "bronze"],
};

/** Opening an operation is a REST call (there is no operation to send a command to yet). */
export const OpenOperation = z.object({
  name: text(120),
  venueId: z.string().min(1).max(40).default("wembley"),
  cadStart: z.number().int().min(0).max(99999).default(4000),
  phases: z
    .array(z.object({ name: text(60), at: z.number().int() }))
    .max(40)
    .default([]),
});
export type OpenOperation = z.output<typeof OpenOperation>;
