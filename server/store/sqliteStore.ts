import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { CordonEvent } from "../../shared/events";
import type { GateCount } from "../../shared/ingress";
import { parseStoredSnapshot } from "../../shared/snapshot";
import type { Fix, OperationState } from "../../shared/state";
import { AppendConflict, type AppendItem, type EventStore, type KeyRecord, type OperationSummary } from "./eventStore";
import { FixesWriter } from "./fixesWriter";
import { snapshotJson } from "./snapshotJson";
import { COUNTS_SCHEMA, inlineCounts, SqliteCounts } from "./sqliteCounts";
import { preparedOnce } from "./statements";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  op_id     TEXT    NOT NULL,
  seq       INTEGER NOT NULL,
  id        TEXT    NOT NULL UNIQUE,
  type      TEXT    NOT NULL,
  at        INTEGER NOT NULL,
  user_id   TEXT    NOT NULL,
  idem_key  TEXT    NOT NULL,
  body      TEXT    NOT NULL,
  prev_hash TEXT    NOT NULL,
  hash      TEXT    NOT NULL,
  PRIMARY KEY (op_id, seq),
  UNIQUE (op_id, idem_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (
  op_id TEXT    NOT NULL,
  seq   INTEGER NOT NULL,
  state TEXT    NOT NULL,
  PRIMARY KEY (op_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fixes (
  op_id       TEXT    NOT NULL,
  unit_id     TEXT    NOT NULL,
  at          INTEGER NOT NULL,
  lat         REAL    NOT NULL,
  lng         REAL    NOT NULL,
  heading     REAL,
  speed       REAL,
  accuracy    REAL,
  received_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS fixes_by_time ON fixes (op_id, at);
CREATE INDEX IF NOT EXISTS fixes_by_unit ON fixes (op_id, unit_id, at);
`;

interface EventRow {
  body: string;
}

/**
 * The embedded event store: better-sqlite3, WAL, synchronous = FULL so that a commit survives a
 * power cut (the WAL default, NORMAL, may lose the last transactions). Positions are typed rows,
 * written by a worker thread with a connection of its own at synchronous = NORMAL (issue 14,
 * fixesWriter.ts): fixes are telemetry, acked as received, not as durable events, and a flush
 * costs the event loop neither an fsync nor the insert. The worker also runs the WAL's
 * checkpoints (the event connection does none of its own), so no report's commit pays for one.
 * A crash of the process loses no stored fix (the OS has the WAL); a power cut may lose the fixes
 * since the last event commit or checkpoint, each of which syncs the WAL.
 */
export class SqliteEventStore implements EventStore {
  readonly db: Database.Database;
  /** The fixes' worker; none for an in-memory database, which another connection cannot see. */
  private readonly fixesWriter: FixesWriter | null;
  /** Every statement prepared once (issue 14), including the per-hello and per-append reads. */
  private readonly sql: (sql: string) => Database.Statement;
  private readonly insertEvent: Database.Statement;
  private readonly appendTx: (opId: string, batch: readonly AppendItem[]) => void;
  private readonly fixesTx: ((opId: string, fixes: readonly Fix[], receivedAt: number) => void) | null;
  private readonly countsTx: ((opId: string, counts: readonly GateCount[], receivedAt: number) => void) | null;
  private readonly counts: SqliteCounts;
  /** Snapshots being written out or stored; close waits for them. */
  private readonly snapshotsSaving = new Set<Promise<void>>();

  constructor(file: string, options: { busyTimeoutMs?: number } = {}) {
    if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.sql = preparedOnce(this.db);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    this.db.exec(SCHEMA);
    this.db.exec(COUNTS_SCHEMA);
    this.counts = new SqliteCounts(this.sql);
    this.insertEvent = this.sql(
      "INSERT INTO events (op_id, seq, id, type, at, user_id, idem_key, body, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
    );
    const memory = file === ":memory:";
    // The worker checkpoints; a commit here must not stop to copy the WAL on the event loop.
    if (!memory) this.db.pragma("wal_autocheckpoint = 0");
    this.fixesWriter = memory ? null : new FixesWriter(file, Math.trunc(options.busyTimeoutMs ?? 5000));
    this.fixesWriter?.start();
    this.fixesTx = memory ? inlineFixes(this.db) : null;
    this.countsTx = memory ? inlineCounts(this.db) : null;
    const headStmt = this.sql("SELECT seq, hash FROM events WHERE op_id = ? ORDER BY seq DESC LIMIT 1");
    const appendTx = this.db.transaction((opId: string, batch: readonly AppendItem[]) => {
      // The store checks the chain itself: a batch must continue the log exactly.
      let head = headStmt.get(opId) as { seq: number; hash: string } | undefined;
      for (const { key, event: e } of batch) {
        const expected = (head?.seq ?? 0) + 1;
        if (e.seq !== expected) throw new AppendConflict(`seq ${e.seq} does not follow ${expected - 1}`);
        if (head && e.prevHash !== head.hash) throw new AppendConflict(`prevHash of seq ${e.seq} does not match`);
        this.insertEvent.run(opId, e.seq, e.id, e.type, e.at, e.actor.userId, key, JSON.stringify(e), e.prevHash, e.hash);
        head = { seq: e.seq, hash: e.hash };
      }
    });
    // Taken as a writer from the start: a transaction that reads first and then finds the fixes'
    // worker writing gets SQLITE_BUSY at once, without waiting out the busy timeout.
    this.appendTx = appendTx.immediate;
  }

  async append(opId: string, batch: readonly AppendItem[]): Promise<void> {
    try {
      this.appendTx(opId, batch);
    } catch (err) {
      if (err instanceof Database.SqliteError && err.code.startsWith("SQLITE_CONSTRAINT")) {
        throw new AppendConflict(err.message, "key");
      }
      throw err;
    }
  }

  /** One writer: nothing can move the head between reading the tail and appending. */
  async appendHolding(opId: string, afterSeq: number, write: (tail: readonly CordonEvent[]) => readonly AppendItem[]): Promise<void> {
    const batch = write(await this.readAfter(opId, afterSeq));
    if (batch.length > 0) await this.append(opId, batch);
  }

  async findKeys(opId: string, keys: readonly string[]): Promise<Map<string, KeyRecord>> {
    const found = new Map<string, KeyRecord>();
    for (const key of new Set(keys)) {
      const row = await this.findKey(opId, key);
      if (row) found.set(key, row);
    }
    return found;
  }

  async readAfter(opId: string, afterSeq: number, limit = 1_000_000): Promise<CordonEvent[]> {
    const rows = this.sql("SELECT body FROM events WHERE op_id = ? AND seq > ? ORDER BY seq LIMIT ?").all(
      opId,
      afterSeq,
      limit,
    ) as EventRow[];
    return rows.map((r) => JSON.parse(r.body) as CordonEvent);
  }

  async head(opId: string): Promise<{ seq: number; hash: string } | null> {
    const row = this.sql("SELECT seq, hash FROM events WHERE op_id = ? ORDER BY seq DESC LIMIT 1").get(opId) as
      | { seq: number; hash: string }
      | undefined;
    return row ?? null;
  }

  async findKey(opId: string, key: string): Promise<KeyRecord | null> {
    const row = this.sql("SELECT seq, id AS eventId, user_id AS userId FROM events WHERE op_id = ? AND idem_key = ?").get(opId, key) as
      | KeyRecord
      | undefined;
    return row ?? null;
  }

  async heads(): Promise<{ opId: string; seq: number }[]> {
    return this.sql("SELECT op_id AS opId, MAX(seq) AS seq FROM events GROUP BY op_id").all() as { opId: string; seq: number }[];
  }

  async operations(): Promise<OperationSummary[]> {
    const rows = this.sql(
      `SELECT e.op_id AS id, e.body AS body, e.at AS openedAt, (SELECT MAX(seq) FROM events x WHERE x.op_id = e.op_id) AS seq
         FROM events e WHERE e.seq = 1 AND e.type = 'OperationOpened' ORDER BY e.at DESC`,
    ).all() as { id: string; body: string; openedAt: number; seq: number }[];
    return rows.map((r) => {
      const e = JSON.parse(r.body) as Extract<CordonEvent, { type: "OperationOpened" }>;
      return { id: r.id, name: e.payload.name, venueId: e.payload.venueId, openedAt: r.openedAt, seq: r.seq };
    });
  }

  /**
   * Written out a slice at a time and stored by the worker (issue 14): in one piece on the event
   * loop, a stadium's snapshot held every report and position behind it for 300–400 ms.
   */
  async saveSnapshot(opId: string, state: OperationState): Promise<void> {
    const saving = this.storeSnapshot(opId, state);
    this.snapshotsSaving.add(saving);
    try {
      await saving;
    } finally {
      this.snapshotsSaving.delete(saving);
    }
  }

  private async storeSnapshot(opId: string, state: OperationState): Promise<void> {
    const text = await snapshotJson(state);
    if (!this.db.open) return;
    if (this.fixesWriter) return this.fixesWriter.writeSnapshot(opId, state.seq, text);
    this.sql("INSERT OR REPLACE INTO snapshots (op_id, seq, state) VALUES (?,?,?)").run(opId, state.seq, text);
  }

  async snapshot(opId: string, atOrBeforeSeq = Number.MAX_SAFE_INTEGER): Promise<OperationState | null> {
    const row = this.sql("SELECT state FROM snapshots WHERE op_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1").get(opId, atOrBeforeSeq) as
      | { state: string }
      | undefined;
    return row ? parseStoredSnapshot(row.state) : null;
  }

  async snapshotSeqs(opId: string): Promise<number[]> {
    return this.sql("SELECT seq FROM snapshots WHERE op_id = ? ORDER BY seq").pluck().all(opId) as number[];
  }

  async appendFixes(opId: string, fixes: readonly Fix[], receivedAt: number): Promise<void> {
    if (this.fixesWriter) return this.fixesWriter.write(opId, fixes, receivedAt);
    this.fixesTx?.(opId, fixes, receivedAt);
  }

  async latestFixes(opId: string): Promise<Fix[]> {
    return this.sql(
      `SELECT unit_id AS unitId, lat, lng, MAX(at) AS at, heading, speed, accuracy
         FROM fixes WHERE op_id = ? GROUP BY unit_id`,
    ).all(opId) as Fix[];
  }

  async track(opId: string, from: number, to: number, unitId?: string): Promise<Fix[]> {
    const cols = "unit_id AS unitId, lat, lng, at, heading, speed, accuracy";
    return (
      unitId
        ? this.sql(`SELECT ${cols} FROM fixes WHERE op_id = ? AND unit_id = ? AND at BETWEEN ? AND ? ORDER BY at`).all(
            opId,
            unitId,
            from,
            to,
          )
        : this.sql(`SELECT ${cols} FROM fixes WHERE op_id = ? AND at BETWEEN ? AND ? ORDER BY at`).all(opId, from, to)
    ) as Fix[];
  }

  /** Counts go the fixes' way: through the worker, at synchronous = NORMAL (telemetry, Z6). */
  async appendCounts(opId: string, counts: readonly GateCount[], receivedAt: number): Promise<void> {
    if (this.fixesWriter) return this.fixesWriter.writeCounts(opId, counts, receivedAt);
    this.countsTx?.(opId, counts, receivedAt);
  }

  async latestCounts(opId: string): Promise<GateCount[]> {
    return this.counts.at(opId, Number.MAX_SAFE_INTEGER);
  }

  async countsAt(opId: string, t: number): Promise<GateCount[]> {
    return this.counts.at(opId, t);
  }

  async countHistory(opId: string, from: number, to: number, groupId?: string): Promise<GateCount[]> {
    return this.counts.history(opId, from, to, groupId);
  }

  /** One writer: nothing is appended behind this store's back. */
  onAppended(): () => void {
    return () => {};
  }

  async close(): Promise<void> {
    // A snapshot being written out would otherwise start the worker again after it has closed.
    await Promise.allSettled([...this.snapshotsSaving]);
    await this.fixesWriter?.close();
    if (this.db.open) this.db.close();
  }
}

/** An in-memory database's fixes, on its one connection. */
function inlineFixes(db: Database.Database): (opId: string, fixes: readonly Fix[], receivedAt: number) => void {
  const insert = db.prepare(
    "INSERT INTO fixes (op_id, unit_id, at, lat, lng, heading, speed, accuracy, received_at) VALUES (?,?,?,?,?,?,?,?,?)",
  );
  return db.transaction((opId: string, fixes: readonly Fix[], receivedAt: number) => {
    for (const f of fixes) insert.run(opId, f.unitId, f.at, f.lat, f.lng, f.heading, f.speed, f.accuracy, receivedAt);
  });
}
