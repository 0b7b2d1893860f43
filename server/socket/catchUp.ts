import type { CordonEvent } from "../../shared/events";
import type { HelloReply } from "../../shared/protocol";
import { assembleSnapshot } from "../../shared/snapshot";
import type { OperationState } from "../../shared/state";
import type { Viewer } from "../../shared/visibility";
import type { PositionTuple } from "../../shared/wire";
import { type Audiences, audienceKey } from "../operations/audiences";
import type { OperationLog } from "../operations/operationLog";
import { encodedPage, jsonBytes, pageCount, pageOf, type SnapshotPlan } from "./snapshotPages";
import { SnapshotPins } from "./snapshotPins";

/** A control client further behind than this gets a snapshot instead of the events. */
export const RESET_AFTER = 2000;

/** Room in a page for what is not the payload: mode, seq, head, page numbers, the ack's envelope. */
export const ENVELOPE_BYTES = 512;

/**
 * A state up to this size goes as a plain `reset`; a bigger one as snapshot pages, even when one
 * page would hold it, so that its encoding is made once and shared (the hello storm: ten steward
 * sockets asking for a 500 KB state over and over were encoding it on every reply).
 */
export const PLAIN_RESET_BYTES = 64 * 1024;

/** The most one hello reply carries (issue 8 item 5). */
export interface PageLimits {
  events: number;
  bytes: number;
}

/** What the client said: where it is, and which snapshot page it wants next, if it is loading one. */
export interface HelloAsk {
  lastSeq: number | null;
  snapshot?: { seq: number; page: number } | undefined;
}

/** What the gateway adds to a reply; `head` is set by the gateway after (null here). */
export interface ReplyContext {
  /** The viewer's latest positions, asked for only by the reply that completes the catch-up. */
  positions: () => PositionTuple[];
}

/** Snapshots being paged, per operation log (so per server and per operation). */
const pinsOf = new WeakMap<OperationLog, SnapshotPins>();

/**
 * What a client is missing (DESIGN §3), bounded whatever the log holds: every reply's JSON is at
 * most `limits.bytes` (one item bigger than that goes alone). A fresh client, or control more
 * than RESET_AFTER behind, gets the state (the live state, or the audience's projected state):
 * whole as a `reset` if it fits, else as `snapshot` pages of one pinned state, then the events
 * committed since. Otherwise a page of events, `complete: false` while more follow. Takes no
 * lock: the caller has already joined the rooms, so an event committed while the client pages
 * is live (buffered by the client) or in a later page; the client drops what it already has.
 */
export async function catchUp(
  log: OperationLog,
  audiences: Audiences,
  viewer: Viewer,
  ask: HelloAsk,
  limits: PageLimits,
  context: ReplyContext,
): Promise<HelloReply> {
  const budget = Math.max(1, limits.bytes - ENVELOPE_BYTES);
  const { lastSeq } = ask;
  let pins = pinsOf.get(log);
  if (!pins) {
    pins = new SnapshotPins();
    pinsOf.set(log, pins);
  }
  const audience = audienceKey(viewer);
  const asked = ask.snapshot && pins.find(audience, ask.snapshot.seq);
  if (ask.snapshot && asked && ask.snapshot.page <= pageCount(asked.plan)) {
    return snapshotPage(asked.plan, ask.snapshot.page, asked.head, log, budget, context);
  }
  const head = log.state.seq;
  const fresh = lastSeq === null || lastSeq > head || ask.snapshot !== undefined;
  if (fresh || (viewer.kind === "control" && head - lastSeq > RESET_AFTER)) {
    const stateOf = (): OperationState | Promise<OperationState> => (viewer.kind === "control" ? log.state : audiences.stateFor(viewer));
    // A small state is planned afresh; a big one may be shared with clients that started lately.
    const pin = await pins.start(audience, head, lastSeq, stateOf, budget, PLAIN_RESET_BYTES);
    return snapshotPage(pin.plan, 1, pin.head, log, budget, context);
  }
  const fits = byteBudget(budget);
  if (viewer.kind === "control") {
    const events = takeWhile(await log.eventsAfter(lastSeq, limits.events), fits);
    const last = events[events.length - 1]?.seq ?? lastSeq;
    return complete({ mode: "events", events, head: null, positions: [], complete: last >= log.state.seq }, fits.used, budget, context);
  }
  const run = await audiences.visibleAfter(viewer, lastSeq, limits.events, fits);
  return complete({ mode: "events", events: run.events, head: null, positions: [], complete: !run.more }, fits.used, budget, context);
}

/**
 * Page `page` of a pinned state. A small one-page state goes as a plain reset (what every client
 * has always understood). The last page is complete only if nothing was committed since the pin.
 */
function snapshotPage(
  plan: SnapshotPlan,
  page: number,
  pinnedAt: number,
  log: OperationLog,
  budget: number,
  context: ReplyContext,
): HelloReply {
  const pages = pageCount(plan);
  const last = page === pages;
  const caughtUp = last && log.state.seq === pinnedAt;
  if (pages === 1 && plan.lastPageBytes <= PLAIN_RESET_BYTES) {
    return complete(
      { mode: "reset", state: plainOf(plan), head: null, positions: [], complete: caughtUp },
      plan.lastPageBytes,
      budget,
      context,
    );
  }
  const reply = {
    mode: "snapshot" as const,
    seq: plan.state.seq,
    page,
    pages,
    data: encodedPage(plan, page),
    head: null,
    positions: [],
    complete: caughtUp,
  };
  return last ? complete(reply, plan.lastPageBytes, budget, context) : reply;
}

/**
 * Adds the positions to a reply that completes the catch-up, if they fit beside what it holds;
 * else it goes out as not complete, and the next hello (nothing left to page) brings them alone.
 */
function complete<R extends HelloReply>(reply: R, used: number, budget: number, context: ReplyContext): R {
  if (reply.complete === false) return reply;
  const positions = context.positions();
  if (positions.length === 0) return reply;
  const holdsSomething = reply.mode !== "events" || reply.events.length > 0;
  if (holdsSomething && used + jsonBytes(positions) > budget) return { ...reply, complete: false };
  return { ...reply, positions };
}

/** A one-page plan as a plain state, made once per plan: the fold's collections are proxies, slow for socket.io to walk. */
const plainStates = new WeakMap<SnapshotPlan, OperationState>();

function plainOf(plan: SnapshotPlan): OperationState {
  let state = plainStates.get(plan);
  if (!state) {
    state = assembleSnapshot([pageOf(plan, 1)]);
    plainStates.set(plan, state);
  }
  return state;
}

/** A predicate that says yes until the events it was shown pass `max` bytes of JSON; `used` is what it counted. */
function byteBudget(max: number): ((e: CordonEvent) => boolean) & { used: number } {
  const fits = Object.assign(
    (e: CordonEvent) => {
      fits.used += jsonBytes(e) + 1;
      return fits.used <= max;
    },
    { used: 0 },
  );
  return fits;
}

/** The events up to the first that does not fit; the first always goes, so each page moves on. */
function takeWhile(events: CordonEvent[], fits: (e: CordonEvent) => boolean): CordonEvent[] {
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as CordonEvent;
    if (!fits(e) && i > 0) return events.slice(0, i);
  }
  return events;
}
