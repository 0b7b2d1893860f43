import type { EntranceGroup } from "../../shared/entrances";
import { ErrorCode, Rejection } from "../../shared/errors";
import { type GateCount, RATE_WINDOW_MS } from "../../shared/ingress";
import type { Viewer } from "../../shared/visibility";
import type { CountTuple } from "../../shared/wire";
import type { CountStore } from "../store/eventStore";
import type { TelemetryShare } from "../telemetry/redisTelemetry";
import { TelemetryLane } from "../telemetry/telemetryLane";
import { countKind } from "./countKind";

export interface IngressOptions {
  store: Pick<CountStore, "appendCounts" | "latestCounts" | "countHistory">;
  flushMs: number;
  now: () => number;
  /** The operation's entrance groups by id, or undefined for no such operation. */
  groupsOf: (opId: string) => ReadonlyMap<string, EntranceGroup> | undefined;
  emit: (opId: string, room: string, counts: CountTuple[]) => void;
  hasListeners: (opId: string, room: string) => boolean;
  /** The rooms that receive counts: control's and the command roles' (DESIGN §4: never stewards or officers). */
  rooms: readonly string[];
  share?: TelemetryShare<GateCount> | null;
  onError?: (err: unknown, what: string) => void;
}

/**
 * Crowd ingress (issue 11 item 7): turnstile readings from the feed and from stewards at the
 * gates, checked here and carried by the telemetry lane (stored in full, latest wins live).
 * A batch is taken whole or refused whole: an unknown group, or a count lower than one already
 * taken from the same source for that group (cumulative counts do not go backwards: a turnstile
 * system that restarts from zero must say so by a new feed, not by a smaller number). It keeps
 * each group's counted readings of the last few minutes, for the rate (hotEntrances.ts).
 */
export class Ingress {
  readonly lane: TelemetryLane<GateCount, CountTuple>;
  /** `opId group source` → the highest count taken. */
  private readonly highest = new Map<string, number>();
  /** `opId group` → counted readings within the rate window, oldest first. */
  private readonly recent = new Map<string, GateCount[]>();

  constructor(private readonly opts: IngressOptions) {
    const share = opts.share ?? null;
    this.lane = new TelemetryLane({
      kind: countKind,
      track: { append: (opId, rows, at) => opts.store.appendCounts(opId, rows, at), latest: (opId) => opts.store.latestCounts(opId) },
      flushMs: opts.flushMs,
      now: opts.now,
      known: (opId, groupId) => opts.groupsOf(opId)?.has(groupId) ?? false,
      emit: opts.emit,
      hasListeners: opts.hasListeners,
      rooms: opts.rooms,
      // Another process's readings count for the rate and the order here too.
      share: share && {
        publish: (opId, rows) => share.publish(opId, rows),
        load: (opId) => share.load(opId),
        subscribe: (onRows, onResync) =>
          share.subscribe((opId, rows) => {
            this.observe(opId, rows);
            onRows(opId, rows);
          }, onResync),
        close: () => share.close(),
      },
      ...(opts.onError ? { onError: opts.onError } : {}),
    });
  }

  /** Checks and queues readings; resolves once they are stored. Throws a Rejection and keeps nothing when any is refused. */
  report(opId: string, readings: readonly GateCount[]): Promise<void> {
    const groups = this.opts.groupsOf(opId);
    if (!groups) throw new Rejection(ErrorCode.NotFound, `No operation ${opId}.`);
    const seen = new Map<string, number>();
    for (const r of readings) {
      if (!groups.has(r.groupId)) throw new Rejection(ErrorCode.NotFound, `No entrance group ${r.groupId} in this operation's plan.`);
      if (r.count === null) continue;
      const k = `${opId} ${r.groupId} ${r.source}`;
      const before = seen.get(k) ?? this.highest.get(k);
      if (before !== undefined && r.count < before) {
        throw new Rejection(ErrorCode.Conflict, `${r.groupId}: count ${r.count} is below ${before}, already taken from the ${r.source}.`);
      }
      seen.set(k, r.count);
    }
    for (const [k, count] of seen) this.highest.set(k, count);
    this.observe(opId, readings);
    return this.lane.accept(opId, readings).stored;
  }

  /** Reads the latest back (start-up) and the last few minutes of readings, for the order check and the rate. */
  async load(opId: string): Promise<void> {
    await this.lane.loadLatest(opId);
    const now = this.opts.now();
    for (const r of await this.opts.store.latestCounts(opId)) this.raise(opId, r);
    this.observe(opId, await this.opts.store.countHistory(opId, now - RATE_WINDOW_MS, now));
  }

  /** A group's counted readings of the last few minutes, oldest first. */
  recentOf(opId: string, groupId: string): readonly GateCount[] {
    return this.recent.get(`${opId} ${groupId}`) ?? [];
  }

  /** The latest reading of a group (count and queue merged). */
  latestOf(opId: string, groupId: string): GateCount | undefined {
    return this.lane.latestOf(opId, groupId);
  }

  latestFor(opId: string, viewer: Viewer): CountTuple[] {
    return this.lane.latestFor(opId, viewer);
  }

  close(): Promise<void> {
    return this.lane.close();
  }

  private raise(opId: string, r: GateCount): void {
    if (r.count === null) return;
    const k = `${opId} ${r.groupId} ${r.source}`;
    if ((this.highest.get(k) ?? -1) < r.count) this.highest.set(k, r.count);
  }

  private observe(opId: string, readings: readonly GateCount[]): void {
    for (const r of readings) {
      this.raise(opId, r);
      if (r.count === null) continue;
      const k = `${opId} ${r.groupId}`;
      const list = this.recent.get(k) ?? [];
      list.push(r);
      list.sort((a, b) => a.at - b.at);
      const newest = list[list.length - 1]?.at ?? r.at;
      const from = list.findIndex((x) => x.at >= newest - RATE_WINDOW_MS - 60_000);
      this.recent.set(k, from > 0 ? list.slice(from) : list);
    }
  }
}
