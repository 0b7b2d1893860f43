import { createHash, randomUUID } from "node:crypto";
import { GENESIS_HASH, hashedText } from "../../shared/canonical";
import type { Command } from "../../shared/commands";
import { decide } from "../../shared/decide";
import { type Ack, ErrorCode, Rejection } from "../../shared/errors";
import type { Actor, CordonEvent, DecidedEvent } from "../../shared/events";
import { evolve } from "../../shared/evolve";
import type { CommandResult } from "../../shared/protocol";
import { initialState, type OperationState } from "../../shared/state";
import type { VenuePlan } from "../../shared/venue";
import { AppendConflict, type EventLog, type SnapshotStore } from "../store/eventStore";
import { Mutex } from "./mutex";

/**
 * How many of the newest events each operation keeps in memory for catch-up, as their JSON text
 * (~0.7 KB each): a string is one object to the garbage collector, where a parsed event is a
 * dozen (issue 14: 20,000 events as objects were 31 MB and half a million objects that every
 * major collection traced).
 */
export const RECENT_EVENTS = 100_000;

/**
 * A log whose last commit ended this recently is busy: the next command gathers with the rest of
 * the loop's turn instead of committing at once, so that under load commands still share
 * transactions (and fsyncs) rather than each paying its own.
 */
const IDLE_AFTER_MS = 5;

/**
 * After this many lost races a batch is appended holding the operation's append lock (it
 * cannot lose again); MAX_RACES only guards against a store that keeps refusing regardless.
 */
const EXCLUSIVE_AFTER = 2;
const MAX_RACES = 50;

interface Decided {
  accepted: { pending: Pending; event: CordonEvent }[];
  refused: { pending: Pending; err: unknown }[];
}

export interface Sender {
  actor: Actor;
  unitId: string | null;
  /** The sender's own sector, for a Bronze (their commands are kept to it: shared/bronze.ts). */
  sector?: string | null;
  /** The sending device's clock offset at its last hello, where measured. */
  clockOffsetMs?: number | null;
  /** The photos the command names that are in the photo store, looked up before deciding (issue 12). */
  photos?: ReadonlyMap<string, { takenAt: string | null }>;
}

interface Pending {
  sender: Sender;
  command: Command;
  key: string;
  resolve: (ack: Ack<CommandResult>) => void;
  /** Told the ack at once when the command's event is on disk, before it is broadcast (see `execute`). */
  early: ((ack: Ack<CommandResult>) => void) | undefined;
  /** Lost races so far (another process appended first). */
  races: number;
}

const NOT_SAVED = "Not saved: the log could not be written. Nothing was recorded; send it again.";

export interface OperationLogOptions {
  opId: string;
  store: EventLog & SnapshotStore;
  venue: VenuePlan;
  now: () => number;
  /**
   * How long to gather commands into one transaction after a busy spell. A command that finds
   * the log idle (nothing queued, none committed within this window) is committed on the next
   * turn of the event loop, ahead of any timer due (Z11).
   */
  groupCommitMs: number;
  /** When false, each command gets its own transaction (for measuring group commit). */
  groupCommit: boolean;
  snapshotEvery: number;
  /**
   * Called with each run of events applied to live state, in seq order, before any ack goes
   * out: this process's own appends and those it read from the store after another process
   * appended (both are delivered alike).
   */
  onCommitted: (events: readonly CordonEvent[], texts: readonly string[]) => void;
  /** Told of failures the sender only hears of in general terms. */
  onError: (err: unknown, what: string) => void;
}

/**
 * One operation's live log: the current state (a fold of the stored log), the hash chain head,
 * and the group committer. Commands queue here; a flush decides each against the state so far,
 * appends the batch in one durable transaction, and only then updates the state, broadcasts and
 * acks (DESIGN §2). A failed append changes nothing and every command in it gets an error ack.
 *
 * Many writers (issue 9, DESIGN §3): when the store refuses a batch because the head moved
 * (another process appended) or a key is already there, the log reads the tail, answers every
 * key already in the log as a duplicate, and decides the rest again against the new state: a
 * race is never an error the client sees. `follow` applies other processes' appends.
 */
export class OperationLog {
  state: OperationState;
  /** Held while a batch is committed and broadcast, and while a client is brought up to date. */
  readonly lock = new Mutex();
  private headHash: string;
  /** The newest events of the log as JSON text, oldest first, ending at the head (at most about RECENT_EVENTS). */
  private recent: string[] = [];
  private queue: Pending[] = [];
  /** A flush is scheduled (on the timer of the group window, or at once). */
  private scheduled = false;
  /** When the last flush began (this process's monotonic clock, ms). */
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  /** When the last flush ended (same clock): a log busy within IDLE_AFTER_MS of it gathers the turn. */
  private lastFlushEndAt = Number.NEGATIVE_INFINITY;
  private readonly inFlight = new Map<string, Promise<Ack<CommandResult>>>();
  private closed = false;
  private following: Promise<void> | null = null;

  constructor(
    private readonly opts: OperationLogOptions,
    state: OperationState,
    headHash: string,
  ) {
    this.state = state;
    this.headHash = headHash;
  }

  /** Loads the newest snapshot and folds the tail of the log after it. */
  static async load(opts: OperationLogOptions): Promise<OperationLog> {
    const { store, opId } = opts;
    let state = (await store.snapshot(opId)) ?? initialState;
    for (const e of await store.readAfter(opId, state.seq)) state = evolve(state, e);
    // The chain's head is the last event folded, never a later `store.head()`: another process may
    // have appended in between, and a head hash ahead of the state would make every later tail
    // look like a break in the chain. What was appended since is pulled like any other tail.
    const from = Math.max(0, state.seq - RECENT_EVENTS);
    const recent = state.seq > from ? await store.readAfter(opId, from, state.seq - from) : [];
    const log = new OperationLog(opts, state, recent.at(-1)?.hash ?? GENESIS_HASH);
    log.recent = recent.map(flatJson);
    return log;
  }

  /**
   * Events after `seq`, in order: from memory when they are recent (catch-up for thousands of
   * reconnecting phones must not reread the log from disk under the lock), else from the store.
   */
  async eventsAfter(seq: number, limit?: number): Promise<CordonEvent[]> {
    return this.recentAfter(seq, limit)?.map((text) => JSON.parse(text) as CordonEvent) ?? this.opts.store.readAfter(this.opId, seq, limit);
  }

  /** The JSON text of the events after `seq` (at most `limit`), or null when memory no longer reaches back to it. */
  recentAfter(seq: number, limit?: number): string[] | null {
    const first = this.state.seq - this.recent.length + 1;
    if (seq + 1 < first) return null;
    const from = seq + 1 - first;
    return this.recent.slice(from, limit === undefined ? undefined : from + limit);
  }

  get opId(): string {
    return this.opts.opId;
  }

  /** The last committed event's seq and hash (what a checkpoint signs). */
  get head(): { seq: number; hash: string } {
    return { seq: this.state.seq, hash: this.headHash };
  }

  /**
   * Queues a command; resolves when it is durably applied, rejected, or known from an earlier send.
   * `early`, when given, is told the ack of a command appended now as soon as its event is on disk,
   * before the event is broadcast (DESIGN §2: append durably, then ack and broadcast): a report's
   * sender then waits for the disk, not also for the writes to every control screen (issue 14).
   */
  execute(sender: Sender, command: Command, key: string, early?: (ack: Ack<CommandResult>) => void): Promise<Ack<CommandResult>> {
    if (this.closed) return Promise.resolve(fail(ErrorCode.Unavailable, "The server is shutting down; try again shortly."));
    const inFlight = this.inFlight.get(key);
    if (inFlight) return inFlight.then((ack) => (ack.ok ? { ok: true, data: { ...ack.data, duplicate: true } } : ack));
    const result = this.admit(sender, command, key, early).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, result);
    return result;
  }

  /** Whether a command with this key is being applied or is in the log already (a resend). */
  async hasKey(key: string): Promise<boolean> {
    return this.inFlight.has(key) || (await this.opts.store.findKey(this.opId, key)) !== null;
  }

  /** Appends the first event of a new operation (OperationOpened) directly. */
  async open(actor: Actor, event: DecidedEvent, key: string): Promise<CordonEvent> {
    return this.lock.run(async () => {
      const e = this.seal(this.state.seq + 1, actor, event, this.headHash);
      await this.opts.store.append(this.opId, [{ key, event: e }]);
      this.commit([e]);
      return e;
    });
  }

  /** Stops taking commands and commits what is queued. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /**
   * Queues the command without asking the store about its key first: a new key (the hot path)
   * costs the append alone. A resend is found when the store refuses its key, or, if the rules
   * refuse it (a close of what it already closed), before that refusal is sent.
   */
  private admit(sender: Sender, command: Command, key: string, early?: (ack: Ack<CommandResult>) => void): Promise<Ack<CommandResult>> {
    return new Promise((resolve) => {
      this.queue.push({ sender, command, key, resolve, early, races: 0 });
      this.schedule();
    });
  }

  /**
   * Catches up with appends made by other processes: reads the stored tail after the live
   * state and applies it in seq order. Called when the store tells of an append elsewhere, and
   * by the periodic check of the head.
   */
  follow(): Promise<void> {
    if (this.closed) return Promise.resolve();
    // Notifications come one per append: those arriving while a read waits for the lock share it.
    this.following ??= this.lock.run(() => {
      this.following = null;
      return this.pullTail();
    });
    return this.following;
  }

  private replay(known: { seq: number; eventId: string; userId: string }, sender: Sender): Ack<CommandResult> {
    if (known.userId !== sender.actor.userId) {
      return fail(ErrorCode.Conflict, "That idempotency key belongs to another user's command.");
    }
    return { ok: true, data: { seq: known.seq, eventId: known.eventId, duplicate: true } };
  }

  /**
   * Starts the group commit. A log that is idle (no commit begun within the group window, and
   * none ended in the last IDLE_AFTER_MS) commits at once, once the code that sent the command
   * has run, with whatever else it sent: a lone report waits for nothing. A log that has just
   * committed is under load: it gathers what the rest of this turn of the event loop brings
   * (setImmediate), or, with a window, what the rest of the window brings. Issue 14: a lone
   * report waited first a fixed window, then for the rest of the loop's turn, behind the
   * readings and acks of thousands of devices (p99 50–75 ms at the stadium profile).
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const now = performance.now();
    const wait = this.lastFlushAt + this.opts.groupCommitMs - now;
    if (wait > 0) setTimeout(() => void this.flush(), wait);
    else if (now - this.lastFlushEndAt >= IDLE_AFTER_MS) queueMicrotask(() => void this.flush());
    else setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    this.lastFlushAt = performance.now();
    await this.lock.run(async () => {
      let batch = this.opts.groupCommit ? this.queue : this.queue.slice(0, 1);
      this.queue = this.opts.groupCommit ? [] : this.queue.slice(1);
      while (batch.length > 0) batch = await this.attempt(batch);
    });
    this.lastFlushEndAt = performance.now();
    if (this.queue.length > 0) this.schedule();
  }

  /**
   * Decides and appends one batch; returns the commands to decide again after a lost race.
   * A batch holding a command that already lost EXCLUSIVE_AFTER races is appended holding the
   * operation's append lock instead, so a writer cannot starve behind busier ones.
   */
  private async attempt(batch: Pending[]): Promise<Pending[]> {
    let decided: Decided = { accepted: [], refused: [] };
    // Until the batch is decided (the store may fail before it calls back), all of it is at stake.
    let atStake = batch;
    const decideNow = () => {
      decided = this.decideAll(batch);
      atStake = decided.accepted.map((a) => a.pending);
    };
    try {
      if (batch.some((p) => p.races >= EXCLUSIVE_AFTER)) {
        await this.opts.store.appendHolding(this.opId, this.state.seq, (tail) => {
          if (tail.length > 0) this.applyTail(tail);
          decideNow();
          return decided.accepted.map((a) => ({ key: a.pending.key, event: a.event }));
        });
      } else {
        decideNow();
        if (decided.accepted.length > 0) {
          await this.opts.store.append(
            this.opId,
            decided.accepted.map((a) => ({ key: a.pending.key, event: a.event })),
          );
        }
      }
    } catch (err) {
      await this.refuseAll(decided.refused);
      const pendings = atStake;
      if (err instanceof AppendConflict) return this.afterRace(pendings, err.reason);
      this.opts.onError(err, "append failed");
      for (const p of pendings) p.resolve(fail(ErrorCode.Unavailable, NOT_SAVED));
      return [];
    }
    const acks = decided.accepted.map(({ pending, event }) => {
      const ack: Ack<CommandResult> = { ok: true, data: { seq: event.seq, eventId: event.id, duplicate: false } };
      pending.early?.(ack);
      return ack;
    });
    if (decided.accepted.length > 0) {
      this.commit(decided.accepted.map((a) => a.event));
    }
    for (const [i, { pending }] of decided.accepted.entries()) pending.resolve(acks[i] as Ack<CommandResult>);
    await this.refuseAll(decided.refused);
    return [];
  }

  /** Decides each command against the state so far (pure, synchronous): the events to append, and the refusals. */
  private decideAll(batch: Pending[]): Decided {
    let tentative = this.state;
    let prevHash = this.headHash;
    const out: Decided = { accepted: [], refused: [] };
    for (const pending of batch) {
      try {
        const decided = decide(pending.command, tentative, {
          now: this.opts.now(),
          actor: pending.sender.actor,
          unitId: pending.sender.unitId,
          sector: pending.sender.sector ?? null,
          clockOffsetMs: pending.sender.clockOffsetMs ?? null,
          ...(pending.sender.photos ? { photos: pending.sender.photos } : {}),
          venue: this.opts.venue,
        });
        const event = this.seal(tentative.seq + 1, pending.sender.actor, decided, prevHash);
        tentative = evolve(tentative, event);
        prevHash = event.hash;
        out.accepted.push({ pending, event });
      } catch (err) {
        out.refused.push({ pending, err });
      }
    }
    return out;
  }

  /**
   * The store refused the batch. The head moved (another process appended first): read the
   * tail and decide everything again. A key was taken (a resend the rules accepted again, or
   * sent to two processes at once): also answer every key already in the log, in one query.
   */
  private async afterRace(pendings: Pending[], reason: "head" | "key"): Promise<Pending[]> {
    try {
      await this.pullTail();
      const known =
        reason === "key"
          ? await this.opts.store.findKeys(
              this.opId,
              pendings.map((p) => p.key),
            )
          : new Map();
      const retry: Pending[] = [];
      for (const p of pendings) {
        const record = known.get(p.key);
        if (record) p.resolve(this.replay(record, p.sender));
        else if (++p.races > MAX_RACES) p.resolve(fail(ErrorCode.Unavailable, "The log is too busy to take this now; send it again."));
        else retry.push(p);
      }
      return retry;
    } catch (err) {
      this.opts.onError(err, "reading the tail after a lost race failed");
      for (const p of pendings) p.resolve(fail(ErrorCode.Unavailable, NOT_SAVED));
      return [];
    }
  }

  /**
   * Refusals by the rules, except where the key shows the command was applied before (a resend):
   * the batch's refused keys are looked up in one query.
   */
  private async refuseAll(refused: Decided["refused"]): Promise<void> {
    if (refused.length === 0) return;
    const keys = refused.filter((r) => r.err instanceof Rejection).map((r) => r.pending.key);
    const known = keys.length > 0 ? await this.opts.store.findKeys(this.opId, keys).catch(() => new Map()) : new Map();
    for (const { pending, err } of refused) {
      const record = known.get(pending.key);
      if (record) pending.resolve(this.replay(record, pending.sender));
      else if (err instanceof Rejection) pending.resolve(fail(err.code, err.message));
      else {
        this.opts.onError(err, "decide failed");
        pending.resolve(fail(ErrorCode.Internal, "The server could not process this command; nothing was recorded."));
      }
    }
  }

  /** Applies the stored events after the live state (appended by other processes), in order. */
  private async pullTail(): Promise<void> {
    for (;;) {
      const events = await this.opts.store.readAfter(this.opId, this.state.seq, 1000);
      if (events.length === 0) return;
      this.applyTail(events);
      if (events.length < 1000) return;
    }
  }

  /** Applies events read from the store that directly follow the live state. */
  private applyTail(events: readonly CordonEvent[]): void {
    const first = events[0] as CordonEvent;
    if (first.seq !== this.state.seq + 1 || first.prevHash !== this.headHash) {
      throw new Error(`the stored log of ${this.opId} does not continue seq ${this.state.seq} (found seq ${first.seq})`);
    }
    this.commit(events);
  }

  /** Applies committed events to live state, snapshots when due, and hands them to delivery. */
  private commit(events: readonly CordonEvent[]): void {
    const before = this.state.seq;
    for (const e of events) this.state = evolve(this.state, e);
    const texts = events.map(flatJson);
    for (const t of texts) this.recent.push(t);
    if (this.recent.length > RECENT_EVENTS * 1.25) this.recent = this.recent.slice(-RECENT_EVENTS);
    this.headHash = events[events.length - 1]?.hash ?? this.headHash;
    const every = this.opts.snapshotEvery;
    if (Math.floor(this.state.seq / every) > Math.floor(before / every)) {
      // A snapshot is a cache; failing to write one loses nothing.
      this.opts.store.saveSnapshot(this.opId, this.state).catch(() => {});
    }
    this.opts.onCommitted(events, texts);
  }

  /**
   * The event in full, built as one literal with its members always in the same order: V8 gave
   * every object made as `{ ...unsealed, hash }` a hidden class of its own, so each event in
   * memory carried its own Map, DescriptorArray and enum cache (issue 14: 24,000 of them, about
   * 10 MB that every garbage collection traced). The hash leaves out `hash` itself.
   */
  private seal(seq: number, actor: Actor, decided: DecidedEvent, prevHash: string): CordonEvent {
    const { type, payload, scope } = decided;
    const e = { seq, id: randomUUID(), opId: this.opId, at: this.opts.now(), actor, type, payload, scope, prevHash, hash: "" };
    e.hash = createHash("sha256").update(hashedText(prevHash, e)).digest("hex");
    return e as CordonEvent;
  }
}

/**
 * An event's JSON text as one flat string, as the recent log and the rooms' index keep it for
 * hours: V8's JSON.stringify returns a rope of its output's chunks (a cons string: three heap
 * objects for a typical event instead of one; 64,000 objects for the stadium's 20,000 reports,
 * issue 14). JSON.stringify's output is well-formed UTF-16, so the round trip through UTF-8 keeps
 * every character.
 */
export function flatJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString();
}

function fail(code: ErrorCode, message: string): Ack<never> {
  return { ok: false, error: { code, message } };
}
