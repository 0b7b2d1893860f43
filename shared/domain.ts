/**
 * The vocabulary of UK major-event policing (see ../shared/DOMAIN.md beside the checkout).
 * Every list here is the single source for schemas, the reducer and the UI's labels.
 */

/** `admin` manages accounts and reads the access log; it has no live feed and no replay. */
/**
 * `partner` (issue 12 item 8): a venue's CCTV room, a retailer's security, a transport operator —
 * sends evidence (images, a statement) to control's triage; no live feed, no replay.
 */
export const ROLES = ["gold", "commander", "bronze", "controller", "steward", "officer", "analyst", "admin", "partner"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who an event's actor may be: a person's role, or `system` for the events the server makes
 * itself (DESIGN §1). No account can hold `system`: accounts, sign-in and the admin page take
 * ROLES only, so a person can never act as the server.
 */
export const ACTOR_ROLES = [...ROLES, "system"] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** Met response grades: Immediate, Significant, Extended, Referred. */
export const GRADES = ["I", "S", "E", "R"] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_LABELS: Record<Grade, string> = {
  I: "Immediate (15 min)",
  S: "Significant (60 min)",
  E: "Extended",
  R: "Referred",
};

export const INCIDENT_TYPES = [
  "disorder",
  "missile",
  "pyrotechnics",
  "pitch-incursion",
  "discriminatory-chanting",
  "ticketless-entry",
  "gate-breach",
  "crowd-surge",
  "assault-on-staff",
  "drunk-drugs",
  "theft",
  "ticket-touting",
  "suspicious-item",
  "lost-child",
  "vulnerable-person",
  "medical",
  "ejection",
  "arrest",
  "turnstile-failure",
  "other",
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const INCIDENT_TYPE_LABELS: Record<IncidentType, string> = {
  disorder: "Fight / disorder",
  missile: "Missile thrown",
  pyrotechnics: "Pyrotechnics",
  "pitch-incursion": "Pitch incursion",
  "discriminatory-chanting": "Discriminatory chanting",
  "ticketless-entry": "Ticketless entry / tailgating",
  "gate-breach": "Gate or fire-door breach",
  "crowd-surge": "Crowd surge / crush risk",
  "assault-on-staff": "Assault on steward or officer",
  "drunk-drugs": "Drunk / drugs",
  theft: "Theft",
  "ticket-touting": "Ticket touting",
  "suspicious-item": "Suspicious item",
  "lost-child": "Lost child",
  "vulnerable-person": "Vulnerable person",
  medical: "Medical",
  ejection: "Ejection",
  arrest: "Arrest",
  "turnstile-failure": "Gate / turnstile failure",
  other: "Other",
};

/** Where an incident reached control from (issue 10): a 999 call passed on, radio, the venue's CCTV room, … */
export const INCIDENT_SOURCES = ["999", "radio", "cctv", "steward", "partner", "officer"] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

export const INCIDENT_SOURCE_LABELS: Record<IncidentSource, string> = {
  "999": "999 call",
  radio: "Radio",
  cctv: "CCTV",
  steward: "Steward",
  partner: "Partner agency",
  officer: "Officer",
};

/** The result code control records when it closes an incident (issue 10). */
export const CLOSE_RESULTS = [
  "arrest",
  "ejection",
  "advice-given",
  "treated",
  "no-trace",
  "no-further-action",
  "false-alarm",
  "duplicate",
  "referred",
] as const;
export type CloseResult = (typeof CLOSE_RESULTS)[number];

export const CLOSE_RESULT_LABELS: Record<CloseResult, string> = {
  arrest: "Arrest made",
  ejection: "Ejected from venue",
  "advice-given": "Words of advice",
  treated: "Treated by medics",
  "no-trace": "No trace",
  "no-further-action": "No further action",
  "false-alarm": "False alarm",
  duplicate: "Duplicate of another incident",
  referred: "Referred to partner",
};

/** reported → triaged (graded) → resourced (units assigned) → on scene → resolved → closed */
export const INCIDENT_STATUSES = ["reported", "triaged", "resourced", "on-scene", "resolved", "closed"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const UNIT_STATUSES = ["available", "en-route", "on-scene", "committed", "refreshment", "returning", "off-duty"] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const UNIT_KINDS = ["psu", "serial", "mounted", "dogs", "fio", "btp", "las", "response", "drone"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const AGENCIES = ["MPS", "BTP", "LAS", "Venue"] as const;
export type Agency = (typeof AGENCIES)[number];

export const REPORT_STATUSES = ["new", "promoted", "merged", "dismissed"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const ALERT_AUDIENCES = ["all", "stewards", "units", "control"] as const;
export type AlertAudience = (typeof ALERT_AUDIENCES)[number];

export const ALERT_PRIORITIES = ["info", "warning", "urgent"] as const;
export type AlertPriority = (typeof ALERT_PRIORITIES)[number];

/** Attendance targets per grade (issue 10): a unit assigned within, a unit on scene within. */
export const ATTENDANCE_TARGETS = ["assign", "arrive"] as const;
export type AttendanceTarget = (typeof ATTENDANCE_TARGETS)[number];

export const ATTENDANCE_TARGET_LABELS: Record<AttendanceTarget, string> = {
  assign: "no unit assigned",
  arrive: "no unit on scene",
};

/**
 * The match phases Silver sets from the board (issue 11 item 3), in match-day order (DOMAIN.md's
 * timeline). Older logs hold free-text phases ("Turnstiles open"): they still fold, shown as written.
 */
export const MATCH_PHASES = ["build-up", "gates-open", "kick-off", "half-time", "second-half", "full-time", "egress"] as const;
export type MatchPhase = (typeof MATCH_PHASES)[number];

export const MATCH_PHASE_LABELS: Record<MatchPhase, string> = {
  "build-up": "Build-up",
  "gates-open": "Gates open",
  "kick-off": "Kick-off",
  "half-time": "Half-time",
  "second-half": "Second half",
  "full-time": "Full time",
  egress: "Egress",
};

/** Units that can take a new assignment. */
export const DEPLOYABLE_STATUSES: readonly UnitStatus[] = ["available", "returning", "refreshment"];
