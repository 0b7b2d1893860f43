import type { JdmFields } from "./decisionLog";
import type {
  Agency,
  AlertAudience,
  AlertPriority,
  AttendanceTarget,
  CloseResult,
  Grade,
  IncidentSource,
  IncidentStatus,
  IncidentType,
  ReportStatus,
  UnitKind,
  UnitStatus,
} from "./domain";
import type { Actor, EventType, LatLng, PhotoRef } from "./events";
import type { MethaneRevision } from "./methane";
import type { Warning } from "./warnings";

/** The picture of one operation: a pure fold of its event log (DESIGN §1). */
export interface OperationState {
  /** Seq of the last event applied. */
  seq: number;
  /** Record time of the last event applied (ms). */
  at: number;
  operation: OperationInfo | null;
  incidents: Readonly<Record<string, Incident>>;
  units: Readonly<Record<string, Unit>>;
  reports: Readonly<Record<string, StewardReport>>;
  alerts: readonly Alert[];
  decisions: readonly Decision[];
  /** Server-made warnings, open and cleared (shared/warnings.ts). */
  warnings: Readonly<Record<string, Warning>>;
}

export interface OperationInfo {
  id: string;
  name: string;
  venueId: string;
  cadStart: number;
  cadDate: string;
  openedAt: number;
  phases: readonly { name: string; at: number }[];
  currentPhase: string | null;
}

export interface TimelineEntry {
  seq: number;
  at: number;
  actor: Actor;
  kind: EventType;
  text: string;
  intel: boolean;
  /** A note or outcome its author marked for stewards. */
  forStewards: boolean;
}

export interface Incident {
  id: string;
  ref: string;
  type: IncidentType;
  grade: Grade | null;
  status: IncidentStatus;
  location: LatLng;
  sector: string | null;
  locationText: string;
  description: string;
  /** Record time: when control knew. */
  reportedAt: number;
  /** The reporter's own time, where it differs. */
  reporterTime: number | null;
  reportedBy: Actor | null;
  /**
   * Where it reached control from: "steward" for a promoted report. Absent where unknown
   * (incidents reported before issue 10, and snapshots taken before it).
   */
  source?: IncidentSource;
  /** The result code it was last closed with; null once reopened. Absent until first closed. */
  closeResult?: CloseResult | null;
  /** Units assigned now. */
  assigned: readonly string[];
  reportIds: readonly string[];
  timeline: readonly TimelineEntry[];
  updatedAt: number;
  /** Time of each lifecycle step, for response times. */
  steps: Readonly<Partial<Record<IncidentStatus, number>>>;
  /**
   * Attendance targets the server found missed (AttendanceTargetMissed), each with its due time.
   * Absent until the first: incidents folded before issue 9, and snapshots, have none.
   */
  targetsMissed?: Readonly<Partial<Record<AttendanceTarget, number>>>;
  /**
   * When each assigned unit acknowledged this assignment (UnitAcknowledged, record time), by
   * unit id; a unit assigned again drops its entry. Absent until the first acknowledgement.
   */
  acknowledged?: Readonly<Record<string, number>>;
  /** When, and by whom, the Bronze of its sector acknowledged it (BronzeAcknowledged). Absent until then. */
  bronzeAck?: { at: number; userId: string; name: string };
  /** Its METHANE/ETHANE reports, every revision in order (issue 11 item 6). Absent until the first. */
  methane?: readonly MethaneRevision[];
}

export interface Unit {
  id: string;
  callSign: string;
  kind: UnitKind;
  agency: Agency;
  status: UnitStatus;
  statusSince: number;
  sector: string | null;
  parentId: string | null;
  strength: number | null;
  incidentId: string | null;
}

/** A partner's evidence: who sent it, their reference, and the files as they named them. */
export interface Provenance {
  organisation: string;
  submitter: string;
  reference: string;
  /** When it happened, by the partner's account. */
  occurredAt: number;
  files: readonly { name: string; sha256: string }[];
}

export interface StewardReport {
  id: string;
  type: IncidentType;
  status: ReportStatus;
  location: LatLng | null;
  post: { id: string; name: string } | null;
  sector: string | null;
  text: string;
  steward: Actor;
  receivedAt: number;
  reporterTime: number;
  /** Server time minus the phone's clock at its last hello; |offset| over a minute is flagged. */
  clockOffsetMs: number | null;
  /** Photos on the report (issue 12), by the hash of the stored JPEG. */
  photos: readonly PhotoRef[];
  /** Where a partner's evidence came from (issue 12 item 8); absent for a steward's report. */
  provenance?: Provenance;
  incidentId: string | null;
  incidentRef: string | null;
  resolution: string | null;
  updatedAt: number;
}

export interface Alert {
  id: string;
  seq: number;
  at: number;
  actor: Actor;
  audience: AlertAudience;
  sector: string | null;
  priority: AlertPriority;
  text: string;
  /** The earlier alert this one resends: a receipt for either counts for both (shared/alertReceipts.ts). */
  resendOf?: string;
  /**
   * Who has seen it (user id → record time of the receipt). Filled from AlertSeen, which only
   * control receives: on a steward's or officer's phone it stays empty.
   */
  seenBy: Readonly<Record<string, number>>;
}

/** A logged decision; the Joint Decision Model's steps where they were recorded (issue 11 item 5). */
export interface Decision extends JdmFields {
  id: string;
  seq: number;
  at: number;
  actor: Actor;
  decision: string;
  rationale: string;
}

export const initialState: OperationState = Object.freeze({
  seq: 0,
  at: 0,
  operation: null,
  incidents: {},
  units: {},
  reports: {},
  alerts: [],
  decisions: [],
  warnings: {},
});

/** A unit's latest known position: the second stream (DESIGN §1), kept apart from the fold. */
export interface Fix {
  unitId: string;
  lat: number;
  lng: number;
  /** Device time of the fix (ms). */
  at: number;
  heading: number | null;
  speed: number | null;
  accuracy: number | null;
}
