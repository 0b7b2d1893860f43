import type { CordonEvent } from "../../shared/events";
import { evolve, foldEvents } from "../../shared/evolve";
import { initialState, type OperationState } from "../../shared/state";
import { deliveries, project, room as rooms, roomsOf, type Viewer } from "../../shared/visibility";

/** How many of the newest events each room's index keeps (as the log keeps in memory). */
const ROOM_EVENTS = 100_000;
/** How many audiences keep a live projected state (least recently asked for goes first). */
const CACHED_AUDIENCES = 5_000;

interface RoomIndex {
  /** The room's events' seqs, oldest first. */
  seqs: number[];
  /**
   * Their JSON text, as the log holds it (the same strings: OperationLog's recent events), parsed
   * and projected on the way out. Text, not objects: see RECENT_EVENTS in operationLog.ts.
   */
  texts: string[];
  /** Whether older events of this room were dropped from memory. */
  trimmed: boolean;
}

interface Cached {
  viewer: Viewer;
  state: OperationState;
}

/** A run of the events one audience may see, projected for it. */
export interface VisibleRun {
  events: CordonEvent[];
  /** True when the audience may see more events after the last one returned. */
  more: boolean;
}

/**
 * What each filtered audience (stewards, officers) may see of one operation, kept as the log
 * grows (issue 8 item 5): a per-room index of events, so a steward's catch-up costs what it may
 * see rather than a scan of the whole log, and a live projected state per audience, so a fresh
 * steward's reset costs its own state, not a fold of the log. Updated synchronously when a batch
 * commits, in the same turn as the live state, so a reader never sees one without the other.
 */
export class Audiences {
  private readonly index = new Map<string, RoomIndex>();
  private readonly cache = new Map<string, Cached>();
  /** Room → keys of cached audiences that are in it. */
  private readonly listeners = new Map<string, Set<string>>();
  /** The first seq the index holds: older events are read from the store. */
  private from = 1;

  constructor(
    /** Reads the stored log when an index was trimmed (rare: a very long log). */
    private readonly readAll: () => Promise<CordonEvent[]>,
    private readonly maxCached = CACHED_AUDIENCES,
  ) {}

  /** Indexes the newest events of a log being loaded (`events` ascending, ending at the head). */
  seed(events: readonly CordonEvent[], texts?: readonly string[]): void {
    this.from = events[0]?.seq ?? 1;
    this.append(events, texts);
  }

  /**
   * Indexes committed events and folds them into every cached audience that may see them.
   * `texts` are the events' JSON text, kept (and shared with the log) instead of the objects.
   */
  append(events: readonly CordonEvent[], texts?: readonly string[]): void {
    for (const [i, e] of events.entries()) {
      const touched = new Set<string>();
      const text = texts?.[i] ?? JSON.stringify(e);
      for (const d of deliveries(e)) {
        for (const r of d.rooms) {
          if (r === rooms.control) continue; // control reads the log itself
          this.indexed(r, e.seq, text);
          for (const key of this.listeners.get(r) ?? []) touched.add(key);
        }
      }
      for (const key of touched) {
        const c = this.cache.get(key);
        const seen = c && project(e, c.viewer);
        if (c && seen) c.state = evolve(c.state, seen);
      }
    }
  }

  /**
   * The events this viewer may see after `after`, projected, at most `limit` of them (and no
   * more once `fits` says no). Costs what the viewer may see, not the length of the log.
   */
  async visibleAfter(viewer: Viewer, after: number, limit: number, fits: (e: CordonEvent) => boolean = () => true): Promise<VisibleRun> {
    return this.fromIndex(viewer, after, limit, fits) ?? this.fromStore(viewer, after, limit, fits);
  }

  /** The fold of everything this viewer may see; its `seq` is the last event it may see. */
  async stateFor(viewer: Viewer): Promise<OperationState> {
    const key = audienceKey(viewer);
    const cached = this.cache.get(key);
    if (cached) {
      // Most recently used goes last; the first is the next to be evicted.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached.state;
    }
    const all = Number.POSITIVE_INFINITY;
    let state = initialState;
    const indexed = this.fromIndex(viewer, 0, all);
    if (!indexed) state = foldEvents(state, (await this.fromStore(viewer, 0, all)).events);
    // From here to `remember` nothing awaits, so no commit can fall between the fold and the cache.
    const raced = this.cache.get(key);
    if (raced) return raced.state;
    state = foldEvents(state, (indexed ?? this.fromIndex(viewer, state.seq, all) ?? { events: [] }).events);
    this.remember(key, { viewer, state });
    return state;
  }

  /** How many audiences have a live state (for tests and metrics). */
  get cachedCount(): number {
    return this.cache.size;
  }

  private remember(key: string, entry: Cached): void {
    this.cache.set(key, entry);
    for (const r of roomsOf(entry.viewer)) {
      const set = this.listeners.get(r) ?? new Set<string>();
      set.add(key);
      this.listeners.set(r, set);
    }
    while (this.cache.size > this.maxCached) {
      const [oldest, old] = this.cache.entries().next().value as [string, Cached];
      this.cache.delete(oldest);
      for (const r of roomsOf(old.viewer)) {
        const set = this.listeners.get(r);
        set?.delete(oldest);
        if (set?.size === 0) this.listeners.delete(r);
      }
    }
  }

  private indexed(r: string, seq: number, text: string): void {
    let list = this.index.get(r);
    if (!list) {
      list = { seqs: [], texts: [], trimmed: false };
      this.index.set(r, list);
    }
    const last = list.seqs[list.seqs.length - 1];
    if (last !== undefined && last >= seq) return; // already indexed (a load that raced a commit)
    list.seqs.push(seq);
    list.texts.push(text);
    if (list.seqs.length > ROOM_EVENTS * 1.25) {
      list.seqs = list.seqs.slice(-ROOM_EVENTS);
      list.texts = list.texts.slice(-ROOM_EVENTS);
      list.trimmed = true;
    }
  }

  /** The run from memory, or null when an index no longer reaches back to `after`. */
  private fromIndex(viewer: Viewer, after: number, limit: number, fits: (e: CordonEvent) => boolean = () => true): VisibleRun | null {
    const lists = roomsOf(viewer).map((r) => this.index.get(r));
    if (after + 1 < this.from || lists.some((l) => l?.trimmed && (l.seqs[0] ?? 0) > after + 1)) return null;
    const none: RoomIndex = { seqs: [], texts: [], trimmed: false };
    const cursors = lists.map((l) => ({ list: l ?? none, at: firstAfter(l?.seqs ?? [], after) }));
    const out: CordonEvent[] = [];
    for (;;) {
      // The cursor at the lowest seq; the same event in two of the viewer's rooms is one event.
      let seq = Number.POSITIVE_INFINITY;
      let text = "";
      for (const c of cursors) {
        const s = c.list.seqs[c.at];
        if (s !== undefined && s < seq) {
          seq = s;
          text = c.list.texts[c.at] as string;
        }
      }
      if (text === "") return { events: out, more: false };
      for (const c of cursors) if (c.list.seqs[c.at] === seq) c.at++;
      const seen = project(JSON.parse(text) as CordonEvent, viewer);
      if (!seen) continue;
      if (out.length >= limit || (!fits(seen) && out.length > 0)) return { events: out, more: true };
      out.push(seen);
    }
  }

  private async fromStore(
    viewer: Viewer,
    after: number,
    limit: number,
    fits: (e: CordonEvent) => boolean = () => true,
  ): Promise<VisibleRun> {
    const out: CordonEvent[] = [];
    for (const e of await this.readAll()) {
      if (e.seq <= after) continue;
      const seen = project(e, viewer);
      if (!seen) continue;
      if (out.length >= limit || (!fits(seen) && out.length > 0)) return { events: out, more: true };
      out.push(seen);
    }
    return { events: out, more: false };
  }
}

/** Viewers with the same rooms see the same events (and the same snapshot pages). */
export function audienceKey(viewer: Viewer): string {
  return `${viewer.kind}|${roomsOf(viewer).join(",")}`;
}

/** Index of the first seq > after (seqs ascending). */
function firstAfter(seqs: readonly number[], after: number): number {
  let lo = 0;
  let hi = seqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((seqs[mid] ?? 0) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
