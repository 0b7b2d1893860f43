import { randomUUID } from "node:crypto";
import type { OpenOperation } from "../../shared/commands";
import type { Actor, CordonEvent } from "../../shared/events";
import type { VenuePlan } from "../../shared/venue";
import type { EventStore } from "../store/eventStore";
import { Audiences } from "./audiences";
import { OperationLog, RECENT_EVENTS } from "./operationLog";

export interface OperationsOptions {
  store: EventStore;
  venues: ReadonlyMap<string, VenuePlan>;
  now: () => number;
  groupCommitMs: number;
  groupCommit: boolean;
  snapshotEvery: number;
  onCommitted: (opId: string, events: readonly CordonEvent[]) => void;
  onError: (opId: string, err: unknown, what: string) => void;
  /**
   * With a store shared by several processes: how often to compare each live log with the
   * stored head, in case a notification of an append elsewhere was missed (0: never).
   */
  checkHeadsEveryMs?: number;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The date part of a CAD reference, `17Oct`, in London time. */
export function cadDate(at: number): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "numeric" }).formatToParts(at);
  const day = parts.find((p) => p.type === "day")?.value ?? "1";
  const month = Number(parts.find((p) => p.type === "month")?.value ?? "1");
  return `${day}${MONTHS[month - 1]}`;
}

/**
 * Every operation this process serves, each with its live log. With a shared store each log
 * follows the appends of other processes (the store's notifications, and a periodic check of
 * the heads), and an operation opened elsewhere is loaded here too.
 */
export class Operations {
  private readonly logs = new Map<string, OperationLog>();
  private readonly views = new Map<string, Audiences>();
  private readonly loading = new Map<string, Promise<OperationLog | null>>();
  private unsubscribe: (() => void) | null = null;
  private checkTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: OperationsOptions) {}

  async loadAll(): Promise<void> {
    for (const op of await this.opts.store.operations()) await this.load(op.id);
    this.unsubscribe ??= this.opts.store.onAppended((opId, seq) => void this.appendedElsewhere(opId, seq));
    const every = this.opts.checkHeadsEveryMs ?? 0;
    if (every > 0 && !this.checkTimer) {
      this.checkTimer = setInterval(() => void this.appendedElsewhere("*", 0), every);
      this.checkTimer.unref();
    }
  }

  /** Another process appended to `opId` up to `seq` ("*": check every operation). */
  private async appendedElsewhere(opId: string, seq: number): Promise<void> {
    try {
      if (opId === "*") {
        // The head rows, not the operations' opening events: this runs every few seconds.
        for (const head of await this.opts.store.heads()) {
          const log = this.logs.get(head.opId) ?? (await this.load(head.opId));
          if (log && head.seq > log.state.seq) await log.follow();
        }
        return;
      }
      const log = this.logs.get(opId) ?? (await this.load(opId));
      if (log && seq > log.state.seq) await log.follow();
    } catch (err) {
      this.opts.onError(opId, err, "following appends made by another process failed (retried by the next check)");
    }
  }

  get(opId: string): OperationLog | undefined {
    return this.logs.get(opId);
  }

  /** What each steward and officer audience of the operation may see (catch-up and resets). */
  audiences(opId: string): Audiences | undefined {
    return this.views.get(opId);
  }

  all(): OperationLog[] {
    return [...this.logs.values()];
  }

  async open(actor: Actor, input: OpenOperation, key = randomUUID()): Promise<OperationLog> {
    if (!this.opts.venues.has(input.venueId)) throw new Error(`No venue plan "${input.venueId}"`);
    const opId = `op-${randomUUID().slice(0, 8)}`;
    const log = await this.load(opId, true);
    if (!log) throw new Error(`could not start operation ${opId}`);
    // Not opened (the store refused): no log is left for an operation that does not exist.
    const opened = log.open(
      actor,
      {
        type: "OperationOpened",
        payload: {
          name: input.name,
          venueId: input.venueId,
          cadStart: input.cadStart,
          cadDate: cadDate(this.opts.now()),
          phases: input.phases,
        },
        scope: { sector: null, stewards: [], units: [] },
      },
      key,
    );
    await opened.catch((err) => {
      this.logs.delete(opId);
      this.views.delete(opId);
      throw err;
    });
    return log;
  }

  async closeAll(): Promise<void> {
    this.unsubscribe?.();
    if (this.checkTimer) clearInterval(this.checkTimer);
    await Promise.all(this.all().map((l) => l.close()));
  }

  /**
   * One load per operation, however many notifications ask for it at once. Only an operation
   * whose log opens with OperationOpened is loaded (`starting`: the one being opened here), so
   * no state is ever made for an id that names no operation.
   */
  private load(opId: string, starting = false): Promise<OperationLog | null> {
    const existing = this.logs.get(opId);
    if (existing) return Promise.resolve(existing);
    let loading = this.loading.get(opId);
    if (!loading) {
      loading = this.loadNow(opId, starting).finally(() => this.loading.delete(opId));
      this.loading.set(opId, loading);
    }
    return loading;
  }

  private async loadNow(opId: string, starting: boolean): Promise<OperationLog | null> {
    const [first] = await this.opts.store.readAfter(opId, 0, 1);
    if (!starting && first?.type !== "OperationOpened") return null;
    const venueId = first?.type === "OperationOpened" ? first.payload.venueId : "wembley";
    const venue = this.opts.venues.get(venueId) ?? [...this.opts.venues.values()][0];
    if (!venue) throw new Error("No venue plans loaded");
    const audiences = new Audiences(() => this.opts.store.readAfter(opId, 0));
    const log = await OperationLog.load({
      opId,
      store: this.opts.store,
      venue,
      now: this.opts.now,
      groupCommitMs: this.opts.groupCommitMs,
      groupCommit: this.opts.groupCommit,
      snapshotEvery: this.opts.snapshotEvery,
      onCommitted: (events, texts) => {
        audiences.append(events, texts);
        this.opts.onCommitted(opId, events);
      },
      onError: (err, what) => this.opts.onError(opId, err, what),
    });
    // The same window the log keeps in memory; older catch-up reads the store.
    const from = Math.max(0, log.state.seq - RECENT_EVENTS);
    const texts = log.recentAfter(from);
    const events = texts ? texts.map((t) => JSON.parse(t) as CordonEvent) : await log.eventsAfter(from);
    audiences.seed(events, texts ?? undefined);
    this.views.set(opId, audiences);
    this.logs.set(opId, log);
    return log;
  }
}
