import { z } from "zod";
import type { VenuePlan } from "./venue";

/**
 * JESIP's METHANE report of a major incident (issue 11 item 6; DOMAIN.md): Major incident
 * declared? Exact location, Type, Hazards, Access, Number and type of casualties, Emergency
 * services present and required. Declared "no", it is an ETHANE report. Each update is a new
 * revision carrying every field, so any revision read alone is a whole report.
 *
 * This module holds the vocabulary and the wire shapes only (no rules): `shared/commands.ts` and
 * `shared/events.ts` build on it; the rules and the fold are in `shared/methaneRules.ts`.
 */

/** Casualties by triage category: dead, P1 immediate, P2 urgent, P3 delayed (walking wounded). */
export const CASUALTY_KINDS = ["fatal", "p1", "p2", "p3"] as const;
export type CasualtyKind = (typeof CASUALTY_KINDS)[number];

export const CASUALTY_LABELS: Record<CasualtyKind, string> = {
  fatal: "Fatal",
  p1: "P1 Immediate",
  p2: "P2 Urgent",
  p3: "P3 Delayed",
};

export const METHANE_SERVICES = ["police", "ambulance", "fire", "other"] as const;
export type MethaneService = (typeof METHANE_SERVICES)[number];

export const METHANE_SERVICE_LABELS: Record<MethaneService, string> = {
  police: "Police",
  ambulance: "Ambulance",
  fire: "Fire",
  other: "Other",
};

/** The letters of the report, in order, as the form and the history name what changed. */
export const METHANE_FIELDS = ["major", "location", "type", "hazards", "access", "casualties", "services"] as const;
export type MethaneField = (typeof METHANE_FIELDS)[number];

export const METHANE_FIELD_LABELS: Record<MethaneField, string> = {
  major: "Major incident declared",
  location: "Exact location",
  type: "Type",
  hazards: "Hazards",
  access: "Access",
  casualties: "Casualties",
  services: "Emergency services",
};

// Its own point schema, not events.ts's LatLng: events.ts builds on this module, and a cycle
// between the two would leave one of them undefined at load.
const LatLng = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
const words = (max: number) => z.string().trim().max(max);
const count = z.number().int().min(0).max(99_999);
const Presence = z.object({ present: z.boolean(), required: z.boolean() });

/** A rendezvous point of the plan (`kind: rvp`), as the report names it: id and name. */
const Rvp = z.object({ id: z.string().min(1).max(64), name: z.string().max(120) });

/** The fields of a report as the command sends them (RVPs by id; the server names them). */
export const MethaneInput = z.object({
  major: z.boolean(),
  location: z.object({ at: LatLng, text: words(200) }),
  type: z.string().trim().min(1).max(300),
  hazards: words(1000),
  access: z.object({ routes: words(1000), rvpIds: z.array(z.string().min(1).max(64)).max(8).default([]) }),
  casualties: z.object({
    counts: z.object({ fatal: count, p1: count, p2: count, p3: count }),
    text: words(1000),
  }),
  services: z.object({
    police: Presence,
    ambulance: Presence,
    fire: Presence,
    other: Presence,
    text: words(500),
  }),
});
export type MethaneInput = z.output<typeof MethaneInput>;

/** A report as logged: the RVPs named, the sector of the exact location. */
export const MethaneReport = MethaneInput.omit({ access: true }).extend({
  location: z.object({ at: LatLng, text: z.string().max(200), sector: z.string().nullable() }),
  access: z.object({ routes: z.string().max(1000), rvps: z.array(Rvp).max(8) }),
});
export type MethaneReport = z.infer<typeof MethaneReport>;

/** The `MethaneReported` event's payload: the incident, the revision (1, 2, …), the whole report, what changed. */
export const MethaneReportedPayload = z.object({
  incidentId: z.string().min(1).max(64),
  ref: z.string(),
  revision: z.number().int().min(1),
  report: MethaneReport,
  /** The fields that differ from the previous revision (empty for the first). */
  changed: z.array(z.enum(METHANE_FIELDS)),
});

/** One revision as the fold keeps it on its incident. */
export interface MethaneRevision {
  revision: number;
  seq: number;
  at: number;
  /** Who reported it: a command role (never shown to partners by name). */
  actor: { userId: string; role: string; name: string };
  report: MethaneReport;
  changed: readonly MethaneField[];
}

/** The plan's rendezvous points (features of kind `rvp`), in plan order. */
export function rvpsOf(plan: VenuePlan): { id: string; name: string; sector: string | null; location: { lat: number; lng: number } }[] {
  return plan.features.features.flatMap((f) => {
    if (f.properties.kind !== "rvp" || f.geometry.type !== "Point") return [];
    const [lng = 0, lat = 0] = f.geometry.coordinates;
    return [{ id: f.properties.id, name: f.properties.name, sector: f.properties.sector ?? null, location: { lat, lng } }];
  });
}

/** Casualties in all, for a one-line summary. */
export const totalCasualties = (r: Pick<MethaneReport, "casualties">): number =>
  CASUALTY_KINDS.reduce((n, k) => n + r.casualties.counts[k], 0);

/** "METHANE" when a major incident is declared, else "ETHANE" (JESIP). */
export const reportName = (r: Pick<MethaneReport, "major">): "METHANE" | "ETHANE" => (r.major ? "METHANE" : "ETHANE");

/** One incident's current report as a partner agency sees it (GET /api/operations/:opId/methane). */
export interface PartnerMethane {
  ref: string;
  revision: number;
  /** Record time of the revision (ms). */
  at: number;
  /** Which police role reported it, never the person: "Silver", "Bronze", "Police control". */
  reportedBy: string;
  report: MethaneReport;
}

const REPORTER_LABELS: Readonly<Record<string, string>> = { commander: "Silver", bronze: "Bronze", controller: "Police control" };

/**
 * The latest revision of each incident's report, newest first, and nothing else of the log: no
 * incident status, description, units, names or earlier revisions. Partners (LAS, fire, TfL, the
 * venue) get what JESIP shares between services, by the role that sent it.
 */
export function partnerMethane(incidents: Iterable<{ ref: string; methane?: readonly MethaneRevision[] }>): PartnerMethane[] {
  const out: PartnerMethane[] = [];
  for (const i of incidents) {
    const r = i.methane?.at(-1);
    if (r)
      out.push({ ref: i.ref, revision: r.revision, at: r.at, reportedBy: REPORTER_LABELS[r.actor.role] ?? "Police", report: r.report });
  }
  return out.sort((a, b) => b.at - a.at);
}

/** "Police present, required; Fire required" — who is there and who is asked for. */
export function servicesText(s: MethaneReport["services"]): string {
  const parts = METHANE_SERVICES.flatMap((k) => {
    const { present, required } = s[k];
    const state = [present ? "present" : "", required ? "required" : ""].filter(Boolean).join(", ");
    return state ? [`${METHANE_SERVICE_LABELS[k]} ${state}`] : [];
  });
  return [parts.join("; ") || "none named", s.text].filter(Boolean).join(". ");
}

/** "Fatal 0, P1 Immediate 2, …" and the words. */
export function casualtiesText(c: MethaneReport["casualties"]): string {
  const counts = CASUALTY_KINDS.map((k) => `${CASUALTY_LABELS[k]} ${c.counts[k]}`).join(", ");
  return c.text ? `${counts}. ${c.text}` : counts;
}

/** The report letter by letter, as the incident-log export and the printed report write it. */
export function methaneLines(r: MethaneReport): [letter: string, label: string, text: string][] {
  const where = `${r.location.text || "(no description)"} (${r.location.at.lat.toFixed(5)}, ${r.location.at.lng.toFixed(5)})`;
  const access = [r.access.routes, r.access.rvps.length > 0 ? `RVP: ${r.access.rvps.map((x) => x.name).join(", ")}` : ""]
    .filter(Boolean)
    .join(". ");
  return [
    ["M", METHANE_FIELD_LABELS.major, r.major ? "Yes" : "No (ETHANE)"],
    ["E", METHANE_FIELD_LABELS.location, where],
    ["T", METHANE_FIELD_LABELS.type, r.type],
    ["H", METHANE_FIELD_LABELS.hazards, r.hazards || "none reported"],
    ["A", METHANE_FIELD_LABELS.access, access || "none given"],
    ["N", METHANE_FIELD_LABELS.casualties, casualtiesText(r.casualties)],
    ["E", METHANE_FIELD_LABELS.services, servicesText(r.services)],
  ];
}
