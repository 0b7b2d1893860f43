import type { CommandInput } from "../../../../shared/commands";
import type { Grade, IncidentType } from "../../../../shared/domain";
import type { LatLng } from "../../../../shared/events";
import type { Incident } from "../../../../shared/state";

/** What the edit form holds: the incident's correctable fields as the operator left them. */
export interface CorrectionDraft {
  type: IncidentType;
  grade: Grade | "";
  location: LatLng;
  locationText: string;
  description: string;
}

export type CorrectionChanges = Omit<CommandInput<"incident:correct">, "incidentId" | "reason">;

export function draftOf(i: Incident): CorrectionDraft {
  return { type: i.type, grade: i.grade ?? "", location: i.location, locationText: i.locationText, description: i.description };
}

const samePoint = (a: LatLng, b: LatLng) => a.lat === b.lat && a.lng === b.lng;

/**
 * Only the fields the operator actually changed, so the log says what was corrected and nothing
 * else (the server refuses a correction that changes nothing). A grade cannot be taken away.
 */
export function changedFields(i: Incident, d: CorrectionDraft): CorrectionChanges {
  const changes: CorrectionChanges = {};
  if (d.type !== i.type) changes.type = d.type;
  if (d.grade !== "" && d.grade !== i.grade) changes.grade = d.grade;
  if (!samePoint(d.location, i.location)) changes.location = d.location;
  if (d.locationText.trim() !== i.locationText) changes.locationText = d.locationText.trim();
  if (d.description.trim() !== i.description && d.description.trim() !== "") changes.description = d.description.trim();
  return changes;
}
