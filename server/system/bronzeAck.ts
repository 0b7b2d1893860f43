import { systemKey } from "../../shared/commands";
import type { OperationState } from "../../shared/state";
import { currentWarning } from "../../shared/warningFold";
import type { OperationLog } from "../operations/operationLog";
import { type Notice, NoticeWatcher } from "./noticeWatcher";

/**
 * The incidents of `state` that wait too long for their Bronze at `now` (issue 11 item 2): open
 * (neither resolved nor closed), in a sector, not acknowledged by that sector's Bronze within
 * `withinMs` of being reported, and not warned about yet. Pure: every process that looks at the
 * same state derives the same commands under the same keys. An incident due more than
 * `lookbackMs` ago is left alone: a restart raises no warning over an operation that ended.
 */
export function unacknowledged(state: OperationState, withinMs: number, now: number, lookbackMs = Infinity): Notice[] {
  const notices: Notice[] = [];
  for (const i of Object.values(state.incidents)) {
    if (i.sector === null || i.bronzeAck || i.status === "resolved" || i.status === "closed") continue;
    const dueAt = i.reportedAt + withinMs;
    if (now < dueAt || now - dueAt > lookbackMs) continue;
    if (currentWarning(state, "bronze-unacknowledged", i.id)) continue;
    notices.push({ command: { name: "bronze:overdue", body: { incidentId: i.id, withinMs, dueAt } }, key: bronzeAckKey(i.id) });
  }
  return notices;
}

/** One key per incident: whoever notices it first appends the warning, the rest get a duplicate. */
export function bronzeAckKey(incidentId: string): string {
  return systemKey("bronze-ack", incidentId);
}

export interface BronzeAckWatcherOptions {
  logs: () => readonly OperationLog[];
  /** BRONZE_ACK_MINUTES, in ms. */
  withinMs: number;
  now: () => number;
  everyMs: number;
  lookbackMs?: number;
  onError: (err: unknown, what: string) => void;
}

/** Sends what `unacknowledged` finds, on a timer (server/system/noticeWatcher.ts). */
export class BronzeAckWatcher extends NoticeWatcher {
  constructor(opts: BronzeAckWatcherOptions) {
    const { withinMs, lookbackMs, ...rest } = opts;
    super({ ...rest, name: "Bronze acknowledgement watcher", notices: (state, now) => unacknowledged(state, withinMs, now, lookbackMs) });
  }
}
