/**
 * Crowd ingress (issue 11 item 7): turnstile counts per entrance group, as readings of the
 * telemetry lane (server/telemetry/telemetryLane.ts), and the pure rules over them: the rate
 * through a group, and when a group runs hot or has cooled (with hysteresis). No I/O, no clock.
 */

export const COUNT_SOURCES = ["feed", "steward"] as const;
/** Who read it: the turnstile system's feed, or a steward at the gate. */
export type CountSource = (typeof COUNT_SOURCES)[number];

/** One reading of an entrance group: the cumulative count through its turnstiles, and/or its queue. */
export interface GateCount {
  groupId: string;
  /** When it was read (the feed's or the phone's time, ms). */
  at: number;
  /** People through since the gates opened (cumulative); null when only the queue was read. */
  count: number | null;
  /** People waiting outside, as estimated; null when not read. */
  queue: number | null;
  source: CountSource;
  /** The steward's user id, or the feed's name; kept in the store, never on the wire. */
  by: string | null;
}

/**
 * The latest shown live: the newer reading, with the fields it leaves out kept from the one
 * held (a steward reporting only the queue does not blank the turnstile count).
 */
export function mergeCount(prev: GateCount, next: GateCount): GateCount {
  if (next.count !== null && next.queue !== null) return next;
  return { ...next, count: next.count ?? prev.count, queue: next.queue ?? prev.queue };
}

/** The rate is taken over this window of readings. */
export const RATE_WINDOW_MS = 5 * 60_000;

/** People a minute through a group over the readings `recent` (oldest first), or null with fewer than two counts. */
export function ratePerMinute(recent: readonly Pick<GateCount, "at" | "count">[], now: number, windowMs = RATE_WINDOW_MS): number | null {
  const counted = recent.filter((r) => r.count !== null && r.at >= now - windowMs && r.at <= now);
  const first = counted[0];
  const last = counted[counted.length - 1];
  if (!first || !last || last.at - first.at < 30_000) return null;
  return (((last.count ?? 0) - (first.count ?? 0)) / (last.at - first.at)) * 60_000;
}

/**
 * When a group runs hot and when it has cooled again: two thresholds each (hysteresis), so a
 * rate hovering at one line raises one warning, not one a minute. A rate is against the group's
 * turnstile throughput; a queue is in minutes of that throughput (300 people at 60 a minute: 5).
 */
export const HOT = { rateShare: 0.9, queueMinutes: 10 } as const;
export const COOLED = { rateShare: 0.75, queueMinutes: 5 } as const;

export interface GroupLoad {
  rate: number | null;
  queue: number | null;
}

export type HotReason = "rate" | "queue";

/** Why a group that is not hot now runs hot, or null. */
export function runsHot(load: GroupLoad, perMinute: number): HotReason | null {
  if (load.rate !== null && load.rate >= HOT.rateShare * perMinute) return "rate";
  if (load.queue !== null && load.queue >= HOT.queueMinutes * perMinute) return "queue";
  return null;
}

/** Whether a group that is hot has cooled: both below the lower lines (an unknown rate counts as cooled). */
export function hasCooled(load: GroupLoad, perMinute: number): boolean {
  const rateOk = load.rate === null || load.rate < COOLED.rateShare * perMinute;
  const queueOk = load.queue === null || load.queue < COOLED.queueMinutes * perMinute;
  return rateOk && queueOk;
}
