import type { CommandInput } from "../../../../shared/commands";
import { INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import { CASUALTY_KINDS, type CasualtyKind, METHANE_SERVICES, type MethaneService } from "../../../../shared/methane";
import { latestMethane } from "../../../../shared/methaneRules";
import type { Incident } from "../../../../shared/state";
import type { LocationChoice } from "./PlacePicker";

/** The METHANE form's fields while typed: counts as text (an empty box is 0), the location as the picker holds it. */
export interface MethaneDraft {
  major: boolean | null;
  where: LocationChoice;
  type: string;
  hazards: string;
  routes: string;
  rvpIds: string[];
  counts: Record<CasualtyKind, string>;
  casualtiesText: string;
  services: Record<MethaneService, { present: boolean; required: boolean }>;
  servicesText: string;
}

const noService = { present: false, required: false };

/** A new report starts from the incident (its place, its type); an update from the latest revision. */
export function draftFor(i: Incident): MethaneDraft {
  const latest = latestMethane(i);
  if (!latest) {
    return {
      major: null,
      where: { at: i.location, text: i.locationText, placeId: null },
      type: INCIDENT_TYPE_LABELS[i.type],
      hazards: "",
      routes: "",
      rvpIds: [],
      counts: { fatal: "", p1: "", p2: "", p3: "" },
      casualtiesText: "",
      services: { police: { present: true, required: false }, ambulance: noService, fire: noService, other: noService },
      servicesText: "",
    };
  }
  const r = latest.report;
  const counts = Object.fromEntries(CASUALTY_KINDS.map((k) => [k, String(r.casualties.counts[k])])) as Record<CasualtyKind, string>;
  return {
    major: r.major,
    where: { at: r.location.at, text: r.location.text, placeId: null },
    type: r.type,
    hazards: r.hazards,
    routes: r.access.routes,
    rvpIds: r.access.rvps.map((x) => x.id),
    counts,
    casualtiesText: r.casualties.text,
    services: { police: r.services.police, ambulance: r.services.ambulance, fire: r.services.fire, other: r.services.other },
    servicesText: r.services.text,
  };
}

/** A count box: empty is 0; anything but a whole number from 0 is not a count. */
export const countOf = (s: string): number | null => (s.trim() === "" ? 0 : /^\d{1,5}$/.test(s.trim()) ? Number(s.trim()) : null);

/** What the form still needs, in words. */
export function missingOf(d: MethaneDraft): string[] {
  const missing: string[] = [];
  if (d.major === null) missing.push("major incident declared? yes or no");
  if (!d.where.at) missing.push("exact location");
  if (!d.type.trim()) missing.push("type");
  if (CASUALTY_KINDS.some((k) => countOf(d.counts[k]) === null)) missing.push("casualty numbers (whole numbers)");
  return missing;
}

/** The command's body from a complete draft (missingOf is empty). */
export function bodyOf(incidentId: string, d: MethaneDraft): CommandInput<"incident:methane"> {
  const counts = Object.fromEntries(CASUALTY_KINDS.map((k) => [k, countOf(d.counts[k]) ?? 0])) as Record<CasualtyKind, number>;
  return {
    incidentId,
    major: d.major === true,
    location: { at: d.where.at ?? { lat: 0, lng: 0 }, text: d.where.text.trim() },
    type: d.type.trim(),
    hazards: d.hazards.trim(),
    access: { routes: d.routes.trim(), rvpIds: d.rvpIds },
    casualties: { counts, text: d.casualtiesText.trim() },
    services: { ...d.services, text: d.servicesText.trim() },
  };
}

export const SERVICES = METHANE_SERVICES;
