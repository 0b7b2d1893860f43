import type { EventType } from "./events";

/** Each event type in plain English, for exports, prints and timelines read by people outside Cordon. */
export const EVENT_LABELS: Record<EventType, string> = {
  OperationOpened: "Operation opened",
  OperationPhaseStarted: "Match phase started",
  UnitRegistered: "Unit deployed",
  UnitStatusChanged: "Unit status changed",
  IncidentReported: "Incident created by control",
  IncidentCorrected: "Incident corrected",
  IncidentReopened: "Incident reopened",
  IncidentGraded: "Graded",
  UnitAssigned: "Unit assigned",
  UnitArrived: "Unit on scene",
  UnitReleased: "Unit released",
  UnitAcknowledged: "Assignment acknowledged by the unit",
  IncidentNoteAdded: "Note added",
  IncidentResolved: "Resolved",
  IncidentClosed: "Closed",
  StewardReportSubmitted: "Steward report received",
  PartnerEvidenceSubmitted: "Partner evidence received",
  StewardReportPromoted: "Steward report promoted to an incident",
  StewardReportMerged: "Steward report merged into the incident",
  StewardReportDismissed: "Steward report dismissed",
  AlertSent: "Alert sent",
  AlertSeen: "Alert seen",
  DecisionLogged: "Decision logged",
  AttendanceTargetMissed: "Attendance target missed",
};
