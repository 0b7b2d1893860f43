import { canonicalJson } from "./canonical";
import { COMMAND_ROLES, type CommandBody } from "./commands";
import type { Role } from "./domain";
import { ErrorCode, Rejection } from "./errors";
import type { Actor, DecidedEvent, EventOf } from "./events";
import { METHANE_FIELDS, type MethaneField, type MethaneReport, type MethaneRevision, reportName, rvpsOf } from "./methane";
import type { Incident, OperationState } from "./state";
import { sectorAt, type VenuePlan } from "./venue";

/**
 * The METHANE report's rule and fold (issue 11 item 6): `incident:methane` → `MethaneReported`
 * with the next revision number, and each revision kept on its incident. Pure, like decide and
 * evolve, which call these.
 */

export interface MethaneContext {
  actor: Actor;
  venue: VenuePlan;
}

/**
 * A report or an update of one. Every revision carries every field (read alone it is whole) and
 * names the fields that differ from the one before; an update that changes nothing is refused, as
 * a correction of nothing is. The role is checked here too, not only at the gateway: Gold reads,
 * it does not report (issue 11: "gold is read-only").
 */
export function decideMethane(state: OperationState, ctx: MethaneContext, b: CommandBody<"incident:methane">): DecidedEvent {
  if (!(COMMAND_ROLES["incident:methane"] as readonly Role[]).includes(ctx.actor.role as Role)) {
    throw new Rejection(ErrorCode.Forbidden, `A ${ctx.actor.role} may not send a METHANE report.`);
  }
  const i = Object.hasOwn(state.incidents, b.incidentId) ? state.incidents[b.incidentId] : undefined;
  if (!i) throw new Rejection(ErrorCode.NotFound, `No incident ${b.incidentId}.`);
  if (i.status === "closed") throw new Rejection(ErrorCode.Conflict, `${i.ref} is closed: reopen it before reporting METHANE.`);
  const report = reportOf(ctx.venue, b);
  const previous = latestMethane(i);
  const changed = previous ? changedFields(previous.report, report) : [];
  if (previous && changed.length === 0) {
    throw new Rejection(ErrorCode.Conflict, `${i.ref}: revision ${previous.revision} already says that; nothing to update.`);
  }
  return {
    type: "MethaneReported",
    payload: { incidentId: i.id, ref: i.ref, revision: (previous?.revision ?? 0) + 1, report, changed },
    // Control's, and the officers who hold the incident (assigned, or in its sector); never stewards.
    scope: { sector: i.sector, stewards: [], units: [...i.assigned] },
  };
}

/** The report as logged: RVPs named from the plan (once each, an unknown one refused), the location's sector. */
function reportOf(venue: VenuePlan, b: CommandBody<"incident:methane">): MethaneReport {
  const plan = rvpsOf(venue);
  const rvps = [...new Set(b.access.rvpIds)].map((id) => {
    const rvp = plan.find((r) => r.id === id);
    if (!rvp) throw new Rejection(ErrorCode.BadRequest, `No rendezvous point "${id}" in the ${venue.name} plan.`);
    return { id: rvp.id, name: rvp.name };
  });
  return {
    major: b.major,
    location: { ...b.location, sector: sectorAt(venue, b.location.at) },
    type: b.type,
    hazards: b.hazards,
    access: { routes: b.access.routes, rvps },
    casualties: b.casualties,
    services: b.services,
  };
}

/** The fields whose values differ, in METHANE order (compared in canonical form: key order does not count). */
export function changedFields(before: MethaneReport, after: MethaneReport): MethaneField[] {
  return METHANE_FIELDS.filter((f) => canonicalJson(before[f]) !== canonicalJson(after[f]));
}

/** The incident's latest revision, or null before the first. */
export function latestMethane(i: Pick<Incident, "methane">): MethaneRevision | null {
  return i.methane?.at(-1) ?? null;
}

/** The incident with the revision appended (every revision is kept). */
export function withMethane(i: Incident, e: EventOf<"MethaneReported">): Incident {
  const { revision, report, changed } = e.payload;
  const rev: MethaneRevision = { revision, seq: e.seq, at: e.at, actor: e.actor, report, changed };
  return { ...i, methane: [...(i.methane ?? []), rev] };
}

/** How a revision reads in the incident's timeline: "METHANE revision 2: major incident declared (changed: casualties)". */
export function methaneText(p: EventOf<"MethaneReported">["payload"]): string {
  const declared = p.report.major ? "major incident declared" : "no major incident declared";
  const what = p.changed.length > 0 ? ` (changed: ${p.changed.join(", ")})` : "";
  return `${reportName(p.report)} revision ${p.revision}: ${declared}${what}`;
}
