import type { IncidentStatus } from "../../../shared/domain";

export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, string> = {
  reported: "Reported",
  triaged: "Triaged",
  resourced: "Resourced",
  "on-scene": "On scene",
  resolved: "Resolved",
  closed: "Closed",
};
