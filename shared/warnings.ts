/**
 * Warnings the server raises itself (issue 11 items 2 and 7): a unit out of its sector, a sector
 * without the cover its plan requires, an incident its Bronze has not acknowledged, an entrance
 * running hot. Each is raised and cleared by server-made events (DESIGN §1), folded into one
 * `state.warnings` record so the board lists them in one place, for whoever is responsible:
 * Silver and control see every warning, a Bronze those of their sector.
 */
export const WARNING_KINDS = ["unit-left-sector", "sector-cover", "bronze-unacknowledged", "entrance-hot"] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

export interface Warning {
  /** `<kind>:<subject>`: one open warning per kind and subject at a time. */
  id: string;
  kind: WarningKind;
  /** The sector whose Bronze is responsible (null: the whole ground, Silver's). */
  sector: string | null;
  /** What it is about: a unit id, a sector id, an incident id or an entrance id. */
  subject: string;
  /** One line for the board, built by the fold from the event's payload (no free text). */
  text: string;
  raisedAt: number;
  raisedSeq: number;
  /** Set when the condition ended (the unit came back, cover restored…); the warning stays listed as history. */
  clearedAt: number | null;
}

export function warningId(kind: WarningKind, subject: string): string {
  return `${kind}:${subject}`;
}
