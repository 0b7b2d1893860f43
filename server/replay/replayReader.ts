import type Database from "better-sqlite3";
import type { CordonEvent } from "../../shared/events";
import { evolve } from "../../shared/evolve";
import type { IncidentMark, ReplayMeta, ReplayState, ReplayWindow, TimeBasis } from "../../shared/replay";
import { initialState, type OperationState } from "../../shared/state";
import { encodeFix, type PositionTuple } from "../../shared/wire";

/** Late reports are searched for this far past T when replaying by the reporter's own time. */
const LATE_REPORT_HORIZON_MS = 60 * 60 * 1000;
const SNAPSHOT_CACHE = 16;

/**
 * Reads an operation's stored log as it was at any moment (issue 3). Replay folds the stored
 * events with the same reducer as live (shared/evolve.ts), starting from the newest snapshot at
 * or before the moment, so a seek folds at most SNAPSHOT_EVERY events.
 */
export class ReplayReader {
  private readonly snapshots = new Map<string, OperationState>();
  /** Units that have a track, per operation (a replay reads a finished log). */
  private readonly trackedUnits = new Map<string, string[]>();

  constructor(private readonly db: Database.Database) {
    db.exec("CREATE INDEX IF NOT EXISTS events_by_time ON events (op_id, at)");
  }

  meta(opId: string, name: string, venueId: string): ReplayMeta {
    const times = this.db.prepare("SELECT at FROM events WHERE op_id = ? ORDER BY seq").pluck().all(opId) as number[];
    const fixRange = this.db.prepare("SELECT MIN(at) AS lo, MAX(at) AS hi FROM fixes WHERE op_id = ?").get(opId) as {
      lo: number | null;
      hi: number | null;
    };
    const incidents: IncidentMark[] = [];
    const rows = this.db
      .prepare("SELECT body FROM events WHERE op_id = ? AND type IN ('IncidentReported', 'StewardReportPromoted') ORDER BY seq")
      .pluck()
      .all(opId) as string[];
    for (const body of rows) {
      const e = JSON.parse(body) as Extract<CordonEvent, { type: "IncidentReported" | "StewardReportPromoted" }>;
      const p = e.payload;
      incidents.push({ seq: e.seq, at: e.at, incidentId: p.incidentId, ref: p.ref, type: p.type, grade: p.grade });
    }
    const first = times[0] ?? 0;
    const last = times[times.length - 1] ?? 0;
    return {
      opId,
      name,
      venueId,
      startAt: Math.min(first, fixRange.lo ?? first),
      endAt: Math.max(last, fixRange.hi ?? last),
      headSeq: times.length,
      incidents,
      eventTimes: times,
    };
  }

  /** The board at time T: by record time (what control knew) or by the reporter's own time. */
  stateAt(opId: string, at: number, basis: TimeBasis): ReplayState {
    const seq = (this.db.prepare("SELECT MAX(seq) FROM events WHERE op_id = ? AND at <= ?").pluck().get(opId, at) as number | null) ?? 0;
    let state = this.stateAtSeq(opId, seq);
    if (basis === "reporter") {
      // A report sent late (a dead zone) counts from when the steward made it.
      for (const e of this.events(opId, seq, at, at + LATE_REPORT_HORIZON_MS)) {
        const reporterTime = "reporterTime" in e.payload ? e.payload.reporterTime : null;
        if (reporterTime !== null && reporterTime <= at) state = evolve(state, e);
      }
    }
    return { at, basis, seq: state.seq, state, positions: this.positionsAt(opId, at) };
  }

  /** The state after exactly `seq` events: snapshot plus tail. */
  stateAtSeq(opId: string, seq: number): OperationState {
    let state = this.snapshotAtOrBefore(opId, seq);
    const tail = this.db
      .prepare("SELECT body FROM events WHERE op_id = ? AND seq > ? AND seq <= ? ORDER BY seq")
      .pluck()
      .all(opId, state.seq, seq) as string[];
    for (const body of tail) state = evolve(state, JSON.parse(body) as CordonEvent);
    return state;
  }

  /** Each unit's latest fix at or before T: one indexed lookup per unit. */
  positionsAt(opId: string, at: number): PositionTuple[] {
    let units = this.trackedUnits.get(opId);
    if (!units) {
      units = this.db.prepare("SELECT DISTINCT unit_id FROM fixes WHERE op_id = ?").pluck().all(opId) as string[];
      this.trackedUnits.set(opId, units);
    }
    const latest = this.db.prepare(
      `SELECT unit_id AS unitId, lat, lng, at, heading, speed, accuracy FROM fixes
       WHERE op_id = ? AND unit_id = ? AND at <= ? ORDER BY at DESC LIMIT 1`,
    );
    const out: PositionTuple[] = [];
    for (const unitId of units) {
      const fix = latest.get(opId, unitId, at) as Parameters<typeof encodeFix>[0] | undefined;
      if (fix) out.push(encodeFix(fix));
    }
    return out;
  }

  /** Everything in (from, to]: events by record time and fixes by fix time, for playback. */
  window(opId: string, from: number, to: number): ReplayWindow {
    const events = this.events(opId, 0, from, to);
    const fixes = this.db
      .prepare(
        `SELECT unit_id AS unitId, lat, lng, at, heading, speed, accuracy FROM fixes
         WHERE op_id = ? AND at > ? AND at <= ? ORDER BY at`,
      )
      .all(opId, from, to) as Parameters<typeof encodeFix>[0][];
    return { from, to, events, fixes: fixes.map(encodeFix) };
  }

  private events(opId: string, afterSeq: number, fromAt: number, toAt: number): CordonEvent[] {
    return (
      this.db
        .prepare("SELECT body FROM events WHERE op_id = ? AND seq > ? AND at > ? AND at <= ? ORDER BY seq")
        .pluck()
        .all(opId, afterSeq, fromAt, toAt) as string[]
    ).map((b) => JSON.parse(b) as CordonEvent);
  }

  private snapshotAtOrBefore(opId: string, seq: number): OperationState {
    const snapSeq = this.db.prepare("SELECT MAX(seq) FROM snapshots WHERE op_id = ? AND seq <= ?").pluck().get(opId, seq) as number | null;
    if (snapSeq === null) return initialState;
    const key = `${opId}:${snapSeq}`;
    const cached = this.snapshots.get(key);
    if (cached) return cached;
    const json = this.db.prepare("SELECT state FROM snapshots WHERE op_id = ? AND seq = ?").pluck().get(opId, snapSeq) as string;
    const state = JSON.parse(json) as OperationState;
    if (this.snapshots.size >= SNAPSHOT_CACHE) this.snapshots.delete(this.snapshots.keys().next().value as string);
    this.snapshots.set(key, state);
    return state;
  }
}
