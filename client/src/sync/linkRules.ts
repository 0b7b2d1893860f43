import type { SyncPhase } from "./syncEngine";

/**
 * Whether the board in front of the operator is the server's present, as pure rules (no socket,
 * no timer, no DOM), so each is named by a unit test. The browser feeds them from
 * `connection.ts`; the banner, the markers, the timers and the command gate read the result.
 *
 * - `connecting`: the first load is under way (the badge says how far); nothing is frozen yet.
 * - `live`: connected, synced, not behind the head.
 * - `offline`: no connection (or the server refused us for good): the board is frozen.
 * - `behind`: connected but catching up, or lagging behind the announced head past a grace.
 * - `back`: live again after `offline` or `behind`; says how many events were caught up, then
 *   turns `live` after `backMs`.
 */
export type LinkPhase = "connecting" | "live" | "offline" | "behind" | "back";

export interface LinkState {
  phase: LinkPhase;
  /** The server time the board stopped being current (`offline` and `behind`); null otherwise. */
  frozenAt: number | null;
  /** The last applied seq when the board stopped being current. */
  fromSeq: number;
  /** Events the board is behind the announced head (0 when unknown). */
  behind: number;
  /** Events folded in between losing the link and being live again (shown in `back`). */
  caughtUp: number;
  /** Device time since which the head has been ahead of the board while live (the lag grace). */
  aheadSince: number | null;
  /** Device time the board came back live (`back` fades after `backMs`). */
  backSince: number | null;
  /** The server refused this page for good (another protocol version): no reconnect will help. */
  stopped: boolean;
}

/** One look at the connection: what the engine says, where the store is, and both clocks. */
export interface LinkObservation {
  engine: SyncPhase;
  seq: number;
  head: number;
  /** The server's time now (as estimated by the board's clock): what `frozenAt` is in. */
  serverNow: number;
  /** The device's time now: what the grace and the fade are measured in. */
  localNow: number;
  /**
   * How long the server has said nothing (control hears its `head` at least every 2 s). A link that
   * dropped without a word (a cable pulled, Wi-Fi gone) still looks connected until socket.io's
   * ping times out, up to 45 s: silence says so sooner. Omitted where no heartbeat is promised.
   */
  silentMs?: number;
}

export interface LinkTiming {
  /** A live board whose head stays ahead of it this long is behind (the engine resyncs at 2 s). */
  lagGraceMs: number;
  /** How long "Back live — N events caught up" stays up. */
  backMs: number;
  /** A connected control board that has heard nothing for this long is treated as offline. */
  silenceMs: number;
}

export const LINK_TIMING: LinkTiming = { lagGraceMs: 2_000, backMs: 8_000, silenceMs: 5_000 };

export const initialLink: LinkState = {
  phase: "connecting",
  frozenAt: null,
  fromSeq: 0,
  behind: 0,
  caughtUp: 0,
  aheadSince: null,
  backSince: null,
  stopped: false,
};

/** The next link state after one observation. Returns `prev` itself when nothing changed. */
export function nextLink(prev: LinkState, o: LinkObservation, timing: LinkTiming = LINK_TIMING): LinkState {
  const behind = Math.max(0, o.head - o.seq);
  const aheadSince = isCatchingUp(o.engine, behind) ? (prev.aheadSince ?? o.localNow) : null;
  // A connected board a moment behind is normal (an event on its way, a gap being repaired); for
  // longer it is lag. A board already frozen stays frozen until it has caught up.
  const lagging = aheadSince !== null && (prev.frozenAt !== null || o.localNow - aheadSince >= timing.lagGraceMs);
  const silentMs = o.engine === "live" ? (o.silentMs ?? 0) : 0;
  const silent = silentMs >= timing.silenceMs;
  const down = isDown(o.engine) || silent ? "offline" : lagging ? "behind" : null;
  const base = { ...prev, behind, aheadSince, stopped: o.engine === "refused" };
  // The first load: there is no picture to call frozen yet (the badge says how far the load is).
  if (prev.phase === "connecting") return same(prev, o.engine === "live" ? { ...base, phase: "live" } : base);
  if (down) {
    // Frozen since the first moment it stopped being current: a lag that became a drop keeps its time.
    const current = prev.frozenAt === null;
    // Frozen since the board last knew it was current: when it fell behind, or last heard the server.
    const since = silent ? silentMs : down === "behind" && aheadSince !== null ? o.localNow - aheadSince : 0;
    const frozenAt = current ? o.serverNow - since : prev.frozenAt;
    return same(prev, { ...base, phase: down, frozenAt, fromSeq: current ? o.seq : prev.fromSeq, caughtUp: 0, backSince: null });
  }
  if (prev.frozenAt !== null) {
    return same(prev, { ...base, phase: "back", frozenAt: null, caughtUp: Math.max(0, o.seq - prev.fromSeq), backSince: o.localNow });
  }
  const showingBack = prev.phase === "back" && prev.backSince !== null && o.localNow - prev.backSince < timing.backMs;
  return same(prev, showingBack ? base : { ...base, phase: "live", backSince: null });
}

/** Connected but not (yet) the server's present: a hello being answered, or the head ahead. */
function isCatchingUp(engine: SyncPhase, behind: number): boolean {
  return engine === "syncing" || (engine === "live" && behind > 0);
}

/** No connection, or none to come on this page (refused for good, closed). */
function isDown(engine: SyncPhase): boolean {
  return engine === "offline" || engine === "refused" || engine === "closed";
}

function same(prev: LinkState, next: LinkState): LinkState {
  for (const k of Object.keys(next) as (keyof LinkState)[]) if (prev[k] !== next[k]) return next;
  return prev;
}

/** True while the board is not the server's present: timers stop, positions grey, commands wait. */
export function isFrozen(link: LinkState): boolean {
  return link.frozenAt !== null;
}

/** A unit's last fix is stale past this (server time): the demo and the officer app send one every 5 s. */
export const STALE_FIX_MS = 2 * 60_000;

/** A position is shown as stale when its fix is old, or when the whole board is frozen. */
export function isFixStale(fixAt: number, now: number, frozen: boolean): boolean {
  return frozen || now - fixAt > STALE_FIX_MS;
}

/**
 * Why control may not send a command now, or null. Control's commands are decided against the
 * picture the operator sees; while that picture is frozen or behind, an "assign PSU 12" could be
 * wrong by the time it lands (the unit was sent elsewhere, the incident closed), so the board
 * refuses to send rather than queue it. Stewards (outbox) and officers (their own status) are not
 * gated here.
 */
export function commandBlock(link: LinkState, control: boolean): string | null {
  if (!control) return null;
  if (link.phase === "offline") return "Not connected: commands are off until the board is live again.";
  if (link.phase === "behind") return "Catching up: commands are off until the board is live again.";
  if (link.phase === "connecting") return "Still loading the operation.";
  return null;
}

export interface LinkBanner {
  tone: "down" | "behind" | "back";
  headline: string;
  detail: string;
}

/** What the full-width banner says, or null when the board is live (or still on its first load). */
export function linkBanner(link: LinkState, timeOfDay: (ms: number) => string): LinkBanner | null {
  const frozen = link.frozenAt === null ? "" : ` — the board is frozen at ${timeOfDay(link.frozenAt)}`;
  const detail = "Positions grey · timers stopped ❄ · commands off until live";
  if (link.phase === "offline") {
    return { tone: "down", headline: `Connection lost${frozen}. ${link.stopped ? "Reload the page." : "Reconnecting…"}`, detail };
  }
  if (link.phase === "behind") {
    const count = link.behind > 0 ? `: ${events(link.behind)} behind` : "";
    return { tone: "behind", headline: `Catching up${count}${frozen}.`, detail };
  }
  if (link.phase === "back") {
    const caught = link.caughtUp > 0 ? `${events(link.caughtUp)} caught up` : "nothing missed";
    return { tone: "back", headline: `Back live — ${caught}`, detail: "The board is live again." };
  }
  return null;
}

function events(n: number): string {
  return `${n.toLocaleString("en-GB")} event${n === 1 ? "" : "s"}`;
}
