import type { SystemCommandBody } from "./commands";
import type { DecideContext } from "./decide";
import { type EntranceGroup, entranceGroupById } from "./entrances";
import { ErrorCode, Rejection } from "./errors";
import type { DecidedEvent, EventOf, Scope } from "./events";
import type { OperationState } from "./state";
import { clearWarning, openWarning, raiseWarning } from "./warningFold";

/**
 * An entrance running hot (issue 11 item 7): the rules for the two commands the server's ingress
 * watcher sends (server/ingress/hotEntrances.ts), and how their events fold into
 * `state.warnings` (kind "entrance-hot", subject the entrance group, sector the entrance's).
 * The watcher's thresholds (shared/ingress.ts) give the hysteresis; decide refuses a second
 * raise of an open warning and a clear of none, so several processes noticing it append it once.
 */

const conflict = (message: string) => new Rejection(ErrorCode.Conflict, message);

function groupOf(ctx: DecideContext, groupId: string): EntranceGroup {
  if (ctx.actor.role !== "system") throw new Rejection(ErrorCode.Forbidden, "Only the server warns of an entrance running hot.");
  const g = entranceGroupById(ctx.venue).get(groupId);
  if (!g) throw new Rejection(ErrorCode.NotFound, `No entrance group ${groupId} in the plan.`);
  return g;
}

const scopeOf = (g: EntranceGroup): Scope => ({ sector: g.sector, stewards: [], units: [] });

export function decideEntranceHot(state: OperationState, ctx: DecideContext, b: SystemCommandBody<"entrance:hot">): DecidedEvent {
  const g = groupOf(ctx, b.groupId);
  if (openWarning(state, "entrance-hot", g.id)) throw conflict(`${g.name} is already marked running hot.`);
  return {
    type: "EntranceRunningHot",
    payload: { ...b, name: g.name, entranceId: g.entranceId, sector: g.sector, perMinute: g.perMinute },
    scope: scopeOf(g),
  };
}

export function decideEntranceCooled(state: OperationState, ctx: DecideContext, b: SystemCommandBody<"entrance:cooled">): DecidedEvent {
  const g = groupOf(ctx, b.groupId);
  if (!openWarning(state, "entrance-hot", g.id)) throw conflict(`${g.name} is not marked running hot.`);
  return { type: "EntranceCooled", payload: { ...b, name: g.name }, scope: scopeOf(g) };
}

type EntranceEvent = EventOf<"EntranceRunningHot"> | EventOf<"EntranceCooled">;

/** "Bobby Moore West running hot: 131 a minute (throughput 140)" or "… queue of 1,500 (11 min)". */
export function foldEntranceEvent(s: OperationState, e: EntranceEvent): OperationState {
  if (e.type === "EntranceCooled") return clearWarning(s, e, "entrance-hot", e.payload.groupId);
  const p = e.payload;
  const why =
    p.reason === "queue" && p.queue !== null
      ? `queue of ${p.queue.toLocaleString("en-GB")} (${Math.round(p.queue / p.perMinute)} min)`
      : `${Math.round(p.ratePerMinute ?? 0)} a minute (throughput ${p.perMinute})`;
  return raiseWarning(s, e, { kind: "entrance-hot", subject: p.groupId, sector: p.sector, text: `${p.name} running hot: ${why}` });
}
