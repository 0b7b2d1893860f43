import type { SystemCommand } from "../../shared/commands";
import { type Ack, ErrorCode } from "../../shared/errors";
import type { CommandResult } from "../../shared/protocol";
import type { OperationState } from "../../shared/state";
import type { OperationLog } from "../operations/operationLog";
import { LookLoop } from "./lookLoop";
import { sendSystem } from "./systemPath";

/** A command the server would send now, under the key derived from what triggered it. */
export interface Notice {
  command: SystemCommand;
  key: string;
}

export interface NoticeWatcherOptions {
  logs: () => readonly OperationLog[];
  /**
   * What to send for one operation's live state at record time `now`. Pure: every process that
   * looks at the same state derives the same commands under the same keys.
   */
  notices: (state: OperationState, now: number) => Notice[];
  /** Record time: the app's clock (the scenario clock in the demo). */
  now: () => number;
  /** How often to look (1 s in the app); 0: only when `tick` is called. */
  everyMs: number;
  onError: (err: unknown, what: string) => void;
  /** Said in the log when a look fails. */
  name: string;
}

/** How long a refused notice is left alone (record time) before it is sent again. */
const REFUSED_PAUSE_MS = 30_000;

/**
 * The watcher pattern of the events the server makes itself (DESIGN §1): looks at every
 * operation's live state on a timer and sends what `notices` finds through the server's one path
 * for its own events. It folds nothing: a notice reaches the state (and so stops being noticed)
 * only through the log, like any other event.
 */
export class NoticeWatcher {
  private readonly loop: LookLoop;
  /** Keys refused by decide (a race it lost), with the record time to try again after. */
  private readonly refused = new Map<string, number>();

  constructor(private readonly opts: NoticeWatcherOptions) {
    this.loop = new LookLoop(
      opts.everyMs,
      () => this.tick(),
      (err) => opts.onError(err, `${opts.name} failed`),
    );
  }

  start(): void {
    this.loop.start();
  }

  /** Sends every notice found now; resolves with each ack, in the order sent. */
  async tick(): Promise<Ack<CommandResult>[]> {
    const now = this.opts.now();
    const sent: Promise<Ack<CommandResult>>[] = [];
    for (const log of this.opts.logs()) {
      for (const { command, key } of this.opts.notices(log.state, now)) {
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

  close(): Promise<void> {
    return this.loop.stop();
  }
}
