import { type SystemCommand, systemKey } from "../../shared/commands";
import { ATTENDANCE_TARGETS } from "../../shared/domain";
import { type Ack, ErrorCode } from "../../shared/errors";
import type { CommandResult } from "../../shared/protocol";
import { firstReportAt } from "../../shared/responseTimes";
import type { Incident, OperationState } from "../../shared/state";
import type { OperationLog } from "../operations/operationLog";
import type { AttendanceTargets } from "./attendanceTargets";
import { sendSystem } from "./systemPath";

/** The step of an incident's lifecycle that meets each target. */
const MET_BY = { assign: "resourced", arrive: "on-scene" } as const;

export interface Notice {
  command: SystemCommand;
  key: string;
}

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

/** How long a refused notice is left alone (record time) before it is sent again. */
const REFUSED_PAUSE_MS = 30_000;

/**
 * Looks at every operation's live state on a timer and sends what `missedTargets` finds through
 * the server's one path for its own events. It folds nothing: the flag reaches the state (and so
 * stops being noticed) only through the log, like any other event.
 */
export class AttendanceWatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  /** Keys refused by decide (a race it lost), with the record time to try again after. */
  private readonly refused = new Map<string, number>();

  constructor(private readonly opts: AttendanceWatcherOptions) {}

  start(): void {
    if (this.opts.everyMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      // One look at a time: a slow append must not pile up looks behind it.
      this.running ??= this.tick()
        .catch((err) => this.opts.onError(err, "attendance watcher failed"))
        .finally(() => {
          this.running = null;
        });
    }, this.opts.everyMs);
    this.timer.unref();
  }

  /** Sends every missed target found now; resolves with each ack, in the order sent. */
  async tick(): Promise<Ack<CommandResult>[]> {
    const now = this.opts.now();
    const sent: Promise<Ack<CommandResult>>[] = [];
    for (const log of this.opts.logs()) {
      for (const { command, key } of missedTargets(log.state, this.opts.targets, now, this.opts.lookbackMs)) {
        const scoped = `${log.opId}/${key}`;
        if ((this.refused.get(scoped) ?? -Infinity) > now) continue;
        sent.push(
          sendSystem(log, command, key).then((ack) => {
            // "Not saved" (the store is down) is tried again at the next look; a rule's refusal waits.
            if (!ack.ok && ack.error.code !== ErrorCode.Unavailable) this.refused.set(scoped, now + REFUSED_PAUSE_MS);
            else this.refused.delete(scoped);
            return ack;
          }),
        );
      }
    }
    return Promise.all(sent);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
