import { systemKey } from "../../shared/commands";
import { ATTENDANCE_TARGETS } from "../../shared/domain";
import { firstReportAt } from "../../shared/responseTimes";
import type { Incident, OperationState } from "../../shared/state";
import type { OperationLog } from "../operations/operationLog";
import type { AttendanceTargets } from "./attendanceTargets";
import { type Notice, NoticeWatcher } from "./noticeWatcher";

/** The step of an incident's lifecycle that meets each target. */
const MET_BY = { assign: "resourced", arrive: "on-scene" } as const;

export type { Notice };

/**
 * The attendance targets missed in `state` at `now` that it does not record yet (issue 9 item 5,
 * issue 10 item 2). Pure: the live state and the time are its inputs, so every process that
 * looks at the same state derives the same commands under the same keys. A target is counted
 * from the incident's first report (shared/responseTimes.ts, as the debrief counts); it is missed
 * when its step came after the due time, or has not come and the time has passed. Resolved and
 * closed incidents are no longer waiting for anyone. A target due more than `lookbackMs` ago is
 * left alone: a restart must not raise alarms over an operation that ended yesterday.
 */
export function missedTargets(state: OperationState, targets: AttendanceTargets, now: number, lookbackMs = Infinity): Notice[] {
  const notices: Notice[] = [];
  for (const i of Object.values(state.incidents)) {
    if (i.grade === null || i.status === "resolved" || i.status === "closed") continue;
    const mine = targets[i.grade];
    if (!mine) continue;
    for (const target of ATTENDANCE_TARGETS) {
      const withinMs = mine[target];
      if (withinMs === undefined || i.targetsMissed?.[target] !== undefined) continue;
      const dueAt = firstReportAt(state, i) + withinMs;
      if (now - dueAt > lookbackMs) continue;
      const met = i.steps[MET_BY[target]];
      if (met === undefined ? now < dueAt : met <= dueAt) continue;
      notices.push({
        command: { name: "attendance:flag", body: { incidentId: i.id, grade: i.grade, target, withinMs, dueAt } },
        key: attendanceKey(i, target),
      });
    }
  }
  return notices;
}

/** One key per incident and target: whoever notices it first appends it, the rest get a duplicate. */
export function attendanceKey(i: Pick<Incident, "id">, target: string): string {
  return systemKey("attendance", target, i.id);
}

export interface AttendanceWatcherOptions {
  logs: () => readonly OperationLog[];
  targets: AttendanceTargets;
  /** Record time: the app's clock (the scenario clock in the demo). */
  now: () => number;
  /** How often to look (1 s in the app); 0: only when `tick` is called. */
  everyMs: number;
  /** Targets due longer ago than this are not flagged (ATTENDANCE_LOOKBACK_MINUTES). */
  lookbackMs?: number;
  onError: (err: unknown, what: string) => void;
}

/** Sends what `missedTargets` finds, on a timer (server/system/noticeWatcher.ts). */
export class AttendanceWatcher extends NoticeWatcher {
  constructor(opts: AttendanceWatcherOptions) {
    const { targets, lookbackMs, ...rest } = opts;
    super({ ...rest, name: "attendance watcher", notices: (state, now) => missedTargets(state, targets, now, lookbackMs) });
  }
}
