import { put, sizeOf } from "./collection";
import type { CommandBody } from "./commands";
import { ErrorCode, Rejection } from "./errors";
import type { CordonEvent, DecidedEvent, LatLng } from "./events";
import type { OperationState, StewardReport } from "./state";
import { sectorAt, type VenuePlan } from "./venue";

/**
 * Partners' evidence (issue 12 item 8): the rule that turns `evidence:submit` into
 * `PartnerEvidenceSubmitted`, and its fold into a report awaiting triage. Pure, like decide and
 * evolve, which call these.
 */

export interface EvidenceContext {
  now: number;
  actor: { userId: string; name: string };
  venue: VenuePlan;
  /** The photos uploaded to this operation that the command names (the gateway looked). */
  photos?: ReadonlyMap<string, { takenAt: string | null }>;
}

/** A named place of the plan: a post first, else any named point (an entrance, a station). */
export function namedPlace(venue: VenuePlan, id: string): { id: string; name: string; location: LatLng; sector: string | null } | null {
  const post = venue.posts.find((p) => p.id === id);
  if (post) return { id: post.id, name: post.name, location: post.location, sector: post.sector || null };
  const f = venue.features.features.find((x) => x.properties.id === id && x.geometry.type === "Point" && x.properties.name);
  if (f?.geometry.type !== "Point") return null;
  const [lng = 0, lat = 0] = f.geometry.coordinates;
  return { id, name: f.properties.name, location: { lat, lng }, sector: null };
}

export function decideEvidence(state: OperationState, ctx: EvidenceContext, b: CommandBody<"evidence:submit">): DecidedEvent {
  const place = b.placeId ? namedPlace(ctx.venue, b.placeId) : null;
  if (b.placeId && !place) throw new Rejection(ErrorCode.BadRequest, `No place "${b.placeId}" in the ${ctx.venue.name} plan.`);
  const location = b.location ?? place?.location ?? null;
  const sector = place?.sector ?? (location ? sectorAt(ctx.venue, location) : null);
  const missing = b.files.filter((f) => !ctx.photos?.has(f.sha256)).length;
  if (missing > 0)
    throw new Rejection(
      ErrorCode.PhotoPending,
      `${missing} of the files has not been uploaded to this operation yet: upload ${missing === 1 ? "it" : "them"} first, then send the evidence again.`,
    );
  const seen = new Set<string>();
  const files = b.files
    .filter((f) => !seen.has(f.sha256) && seen.add(f.sha256))
    .map((f) => ({ sha256: f.sha256, name: f.name, takenAt: ctx.photos?.get(f.sha256)?.takenAt ?? null }));
  return {
    type: "PartnerEvidenceSubmitted",
    payload: {
      reportId: `rep-${sizeOf(state.reports) + 1}`,
      type: b.type,
      location,
      place: place ? { id: place.id, name: place.name } : null,
      sector,
      statement: b.statement,
      occurredAt: b.occurredAt,
      reference: b.reference,
      organisation: ctx.actor.name,
      submitter: b.submitter,
      files,
    },
    // Control's alone until control acts on it: no steward reported it, no unit is named.
    scope: { sector, stewards: [], units: [] },
  };
}

/** The evidence as a report awaiting triage, with its provenance; promoted or merged like any other. */
export function foldEvidence(s: OperationState, e: Extract<CordonEvent, { type: "PartnerEvidenceSubmitted" }>): OperationState {
  const p = e.payload;
  const report: StewardReport = {
    id: p.reportId,
    type: p.type,
    status: "new",
    location: p.location,
    post: p.place,
    sector: p.sector,
    text: p.statement,
    steward: e.actor,
    receivedAt: e.at,
    // No phone clock: the partner's "when" is the provenance's occurredAt, not a send time.
    reporterTime: e.at,
    clockOffsetMs: null,
    photos: p.files.map((f) => ({ sha256: f.sha256, takenAt: f.takenAt })),
    provenance: {
      organisation: p.organisation,
      submitter: p.submitter,
      reference: p.reference,
      occurredAt: p.occurredAt,
      files: p.files.map((f) => ({ name: f.name, sha256: f.sha256 })),
    },
    incidentId: null,
    incidentRef: null,
    resolution: null,
    updatedAt: e.at,
  };
  return { ...s, reports: put(s.reports, report.id, report) };
}
