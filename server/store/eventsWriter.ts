import type { AppendItem } from "./eventStore";
import { AppendConflict } from "./eventStore";
import { WriteFailed, WriterThread } from "./writerThread";

/** The events table's columns after op_id, in the order the worker inserts them. */
export const EVENT_COLUMNS = "seq, id, type, at, user_id, idem_key, body, prev_hash, hash";

/**
 * The worker's code, plain JavaScript (see WriterThread). Its connection is synchronous = FULL:
 * an append is acked as durable once this worker has committed it. It checks the chain itself,
 * as the store always has: a batch must continue the log exactly (`head`), and a key already in
 * the log is refused by the UNIQUE constraint (`key`).
 */
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("synchronous = FULL");
db.pragma("busy_timeout = " + workerData.busyTimeoutMs);
db.pragma("wal_autocheckpoint = 0");
const head = db.prepare("SELECT seq, hash FROM events WHERE op_id = ? ORDER BY seq DESC LIMIT 1");
const insert = db.prepare("INSERT INTO events (op_id, ${EVENT_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)");
class Conflict extends Error {}
// rows: [seq, id, type, at, userId, key, body, prevHash, hash] each.
const append = db.transaction((opId, rows) => {
  let last = head.get(opId);
  for (const r of rows) {
    const expected = (last ? last.seq : 0) + 1;
    if (r[0] !== expected) throw new Conflict("seq " + r[0] + " does not follow " + (expected - 1));
    if (last && r[7] !== last.hash) throw new Conflict("prevHash of seq " + r[0] + " does not match");
    insert.run(opId, ...r);
    last = { seq: r[0], hash: r[8] };
  }
}).immediate;
parentPort.on("message", (m) => {
  if (m.close) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    if (m.maxPageCount !== undefined) db.pragma("max_page_count = " + m.maxPageCount);
    else append(m.opId, m.rows);
    parentPort.postMessage({ id: m.id });
  } catch (err) {
    const conflict = err instanceof Conflict ? "head" : String(err && err.code).startsWith("SQLITE_CONSTRAINT") ? "key" : null;
    parentPort.postMessage({ id: m.id, error: String(err && err.message ? err.message : err), conflict });
  }
});
`;

/**
 * Appends events to an SQLite file from a worker thread (issue 14). On the event loop, an
 * append that found the fixes' worker holding the write lock waited there in SQLite's busy
 * handler, sleeping 1, 2, 5, 10 ms…: at the stadium profile appends took p50 2 ms and up to
 * 18 ms, with every socket of the process frozen meanwhile (uncontended, 0.3 ms). Here the wait,
 * the insert and the fsync are the worker's; the loop only turns the events into rows.
 */
export class EventsWriter {
  private readonly thread: WriterThread;

  constructor(file: string, busyTimeoutMs: number, onError: (err: Error) => void = () => {}) {
    this.thread = new WriterThread(WORKER, { file, busyTimeoutMs }, "events", onError);
  }

  async append(opId: string, batch: readonly AppendItem[]): Promise<void> {
    const rows = batch.map(({ key, event: e }) => [e.seq, e.id, e.type, e.at, e.actor.userId, key, JSON.stringify(e), e.prevHash, e.hash]);
    try {
      await this.thread.send({ opId, rows });
    } catch (err) {
      if (err instanceof WriteFailed && err.conflict) throw new AppendConflict(err.message, err.conflict);
      throw err;
    }
  }

  /** Caps the file's size on this worker's connection (see SqliteEventStore.capPages). */
  capPages(pages: number): Promise<void> {
    return this.thread.send({ maxPageCount: Math.trunc(pages) });
  }

  /** Waits for the pending appends and stops the worker. */
  close(): Promise<void> {
    return this.thread.close();
  }
}
