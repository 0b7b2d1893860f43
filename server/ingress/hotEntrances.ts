import { type SystemCommand, systemKey } from "../../shared/commands";
import type { EntranceGroup } from "../../shared/entrances";
import { type Ack, ErrorCode } from "../../shared/errors";
import { type GateCount, type GroupLoad, hasCooled, ratePerMinute, runsHot } from "../../shared/ingress";
import type { CommandResult } from "../../shared/protocol";
import type { OperationState } from "../../shared/state";
import { currentWarning } from "../../shared/warningFold";
import type { OperationLog } from "../operations/operationLog";
import { LookLoop } from "../system/lookLoop";
import { sendSystem } from "../system/systemPath";

export interface EntranceNotice {
  command: SystemCommand;
  key: string;
}

/** A group's rate over the last readings of one source (the newest's: feed and steward counters may differ), and its queue. */
export function loadOf(recent: readonly GateCount[], latest: GateCount | undefined, now: number): GroupLoad {
  const source = recent[recent.length - 1]?.source;
  return {
    rate: ratePerMinute(
      recent.filter((r) => r.source === source),
      now,
    ),
    queue: latest?.queue ?? null,
  };
}

/**
 * The entrance warnings to raise or clear in `state` given each group's load (pure, like
 * missedTargets): hot above the upper lines, cooled below the lower ones (shared/ingress.ts).
 * The key names the warning it follows (the last raise's seq, 0 for none), so every process that
 * looks at the same state sends the same key, and one raise is appended however many noticed it.
 */
export function entranceNotices(
  state: OperationState,
  groups: readonly EntranceGroup[],
  load: (groupId: string) => GroupLoad,
): EntranceNotice[] {
  const notices: EntranceNotice[] = [];
  for (const g of groups) {
    const w = currentWarning(state, "entrance-hot", g.id);
    const l = load(g.id);
    const ratePerMinute = l.rate === null ? null : Math.round(l.rate * 10) / 10;
    if (!w || w.clearedAt !== null) {
      const reason = runsHot(l, g.perMinute);
      if (!reason) continue;
      notices.push({
        command: { name: "entrance:hot", body: { groupId: g.id, reason, ratePerMinute, queue: l.queue } },
        key: systemKey("entrance-hot", g.id, String(w?.raisedSeq ?? 0)),
      });
    } else if (hasCooled(l, g.perMinute)) {
      notices.push({
        command: { name: "entrance:cooled", body: { groupId: g.id, ratePerMinute, queue: l.queue } },
        key: systemKey("entrance-cooled", g.id, String(w.raisedSeq)),
      });
    }
  }
  return notices;
}

export interface HotEntranceWatcherOptions {
  logs: () => readonly OperationLog[];
  groupsOf: (log: OperationLog) => readonly EntranceGroup[];
  load: (opId: string, groupId: string) => GroupLoad;
  everyMs: number;
  onError: (err: unknown, what: string) => void;
}

/** Looks at every operation's entrance groups on a timer and sends what `entranceNotices` finds (attendance.ts's pattern). */
export class HotEntranceWatcher {
  private readonly loop: LookLoop;

  constructor(private readonly opts: HotEntranceWatcherOptions) {
    this.loop = new LookLoop(
      opts.everyMs,
      () => this.tick(),
      (err) => opts.onError(err, "hot entrance watcher failed"),
    );
  }

  start(): void {
    this.loop.start();
  }

  async tick(): Promise<Ack<CommandResult>[]> {
    const sent: Promise<Ack<CommandResult>>[] = [];
    for (const log of this.opts.logs()) {
      const notices = entranceNotices(log.state, this.opts.groupsOf(log), (groupId) => this.opts.load(log.opId, groupId));
      for (const { command, key } of notices) {
        sent.push(
          sendSystem(log, command, key).then((ack) => {
            // A conflict is another process's raise folded meanwhile: nothing to do.
            if (!ack.ok && ack.error.code !== ErrorCode.Conflict && ack.error.code !== ErrorCode.Unavailable) {
              this.opts.onError(new Error(ack.error.message), "hot entrance refused");
            }
            return ack;
          }),
        );
      }
    }
    return Promise.all(sent);
  }

  close(): Promise<void> {
    return this.loop.stop();
  }
}
