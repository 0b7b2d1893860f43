import type { CordonEvent } from "../../shared/events";
import type { OperationState } from "../../shared/state";
import type { Viewer } from "../../shared/visibility";
import type { Audiences } from "../operations/audiences";
import type { OperationLog } from "../operations/operationLog";

/** A control client further behind than this gets a snapshot instead of the events. */
export const RESET_AFTER = 2000;

/** The most one events-mode hello reply carries (issue 8 item 5). */
export interface PageLimits {
  events: number;
  bytes: number;
}

export type CatchUp = { mode: "reset"; state: OperationState } | { mode: "events"; events: CordonEvent[]; complete: boolean };

/**
 * What a client is missing (DESIGN §3), bounded whatever the log holds: the live state (control)
 * or the audience's own projected state (stewards, officers) for a fresh client, else a page of
 * at most `limits.events` events and about `limits.bytes` bytes, with `complete: false` when
 * more follow (the client says hello again with its new last seq). Takes no lock: the caller has
 * already joined the rooms, and the client ignores what it already has.
 */
export async function catchUp(
  log: OperationLog,
  audiences: Audiences,
  viewer: Viewer,
  lastSeq: number | null,
  limits: PageLimits,
): Promise<CatchUp> {
  const head = log.state.seq;
  const fresh = lastSeq === null || lastSeq > head;
  const fits = byteBudget(limits.bytes);
  if (viewer.kind === "control") {
    if (fresh || head - lastSeq > RESET_AFTER) return { mode: "reset", state: plain(log.state) };
    const events = takeWhile(await log.eventsAfter(lastSeq, limits.events), fits);
    const last = events[events.length - 1]?.seq ?? lastSeq;
    return { mode: "events", events, complete: last >= log.state.seq };
  }
  if (fresh) return { mode: "reset", state: plain(await audiences.stateFor(viewer)) };
  const run = await audiences.visibleAfter(viewer, lastSeq, limits.events, fits);
  return { mode: "events", events: run.events, complete: !run.more };
}

/** Plain copies of states, by identity: a state changes only when an event it may see commits. */
const plainCopies = new WeakMap<OperationState, OperationState>();

/**
 * The state as plain objects, made once per state. The fold's collections are proxies, and
 * socket.io walks a reply twice (its binary check, then JSON): through the proxies that costs
 * several times more, on every hello of a reconnect storm.
 */
function plain(state: OperationState): OperationState {
  let copy = plainCopies.get(state);
  if (!copy) {
    copy = JSON.parse(JSON.stringify(state)) as OperationState;
    plainCopies.set(state, copy);
  }
  return copy;
}

/** A predicate that says yes until the events it was shown pass `max` bytes of JSON. */
function byteBudget(max: number): (e: CordonEvent) => boolean {
  let used = 0;
  return (e) => {
    used += Buffer.byteLength(JSON.stringify(e));
    return used <= max;
  };
}

/** The events up to the first that does not fit; the first always goes, so each page moves on. */
function takeWhile(events: CordonEvent[], fits: (e: CordonEvent) => boolean): CordonEvent[] {
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as CordonEvent;
    if (!fits(e) && i > 0) return events.slice(0, i);
  }
  return events;
}
