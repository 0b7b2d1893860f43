import { resendChain } from "../../../../shared/alertReceipts";
import type { AlertPriority } from "../../../../shared/domain";
import type { Alert } from "../../../../shared/state";

const RANK: Record<AlertPriority, number> = { urgent: 0, warning: 1, info: 2 };

/**
 * How long an alert stays on a phone after it was sent (issue 11 item 4): an info for half an
 * hour, a warning for two; an urgent one stays until its reader marks it Seen, then as long as a
 * warning. Stale alerts must not sit on top all evening.
 */
export const ALERT_LIFETIME_MS: Record<AlertPriority, number> = { urgent: 2 * 3_600_000, warning: 2 * 3_600_000, info: 30 * 60_000 };

/**
 * The order a steward reads alerts in: urgent before warning before info, newest first within
 * each. A later, lower-priority alert never pushes an urgent one out of the top line.
 */
export function alertsInOrder(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort((a, b) => RANK[a.priority] - RANK[b.priority] || b.at - a.at || b.seq - a.seq);
}

/** Whether an alert is still shown at `now` (server time): an unseen urgent one always is. */
export function isLive(a: Alert, seen: boolean, now: number): boolean {
  if (a.priority === "urgent" && !seen) return true;
  return now - a.at < ALERT_LIFETIME_MS[a.priority];
}

/**
 * What a phone shows: the alerts not yet expired, those still to be marked Seen first (in
 * priority order, so an unseen urgent one is pinned on top), then those already seen.
 */
export function alertsForPhone(alerts: readonly Alert[], seen: ReadonlySet<string>, now: number): Alert[] {
  const live = alertsInOrder(alerts).filter((a) => isLive(a, seen.has(a.id), now));
  return [...live.filter((a) => !seen.has(a.id)), ...live.filter((a) => seen.has(a.id))];
}

/**
 * The alerts this phone counts as seen: those it marked, and resends of them (a resend goes to
 * everyone of the audience, but whoever saw the original need not press Seen again).
 */
export function seenOnPhone(alerts: readonly Alert[], marked: ReadonlySet<string>): Set<string> {
  return new Set(alerts.filter((a) => resendChain(alerts, a).some((x) => marked.has(x.id))).map((a) => a.id));
}

/** The alerts that should sound and vibrate: new, unseen, urgent or warning. */
export function alertsToSound(alerts: readonly Alert[], seen: ReadonlySet<string>, heard: ReadonlySet<string>): Alert[] {
  return alerts.filter((a) => a.priority !== "info" && !seen.has(a.id) && !heard.has(a.id));
}

export const PRIORITY_WORD: Record<AlertPriority, string> = { urgent: "URGENT", warning: "WARNING", info: "ALERT" };
