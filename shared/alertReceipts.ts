import type { Alert } from "./state";

/**
 * Receipts across resends (issue 11 item 4): a resend is a new alert naming the one it resends,
 * so whoever saw either has seen it. Pure.
 */

/** This alert and those it resends, newest first (bounded by the alerts there are). */
export function resendChain(alerts: readonly Alert[], alert: Alert): Alert[] {
  const chain: Alert[] = [];
  let a: Alert | undefined = alert;
  while (a && chain.length <= alerts.length) {
    chain.push(a);
    const previous: string | undefined = a.resendOf;
    a = previous === undefined ? undefined : alerts.find((x) => x.id === previous);
  }
  return chain;
}

/** When this person's first receipt for the alert (or one it resends) was recorded, or null. */
export function seenAtOf(alerts: readonly Alert[], alert: Alert, userId: string): number | null {
  const times = resendChain(alerts, alert).flatMap((a) => (Object.hasOwn(a.seenBy, userId) ? [a.seenBy[userId] ?? 0] : []));
  return times.length > 0 ? Math.min(...times) : null;
}

/** Every user id with a receipt for this alert or one it resends. */
export function seenByAll(alerts: readonly Alert[], alert: Alert): Set<string> {
  return new Set(resendChain(alerts, alert).flatMap((a) => Object.keys(a.seenBy)));
}
