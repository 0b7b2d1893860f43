import type { AlertPriority } from "../../../../shared/domain";
import type { Alert } from "../../../../shared/state";

const RANK: Record<AlertPriority, number> = { urgent: 0, warning: 1, info: 2 };

/**
 * The order a steward reads alerts in: urgent before warning before info, newest first within
 * each. A later, lower-priority alert never pushes an urgent one out of the top line.
 */
export function alertsInOrder(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort((a, b) => RANK[a.priority] - RANK[b.priority] || b.at - a.at || b.seq - a.seq);
}

export const PRIORITY_WORD: Record<AlertPriority, string> = { urgent: "URGENT", warning: "WARNING", info: "ALERT" };
