import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { GateCount } from "../../shared/ingress";
import type { Fix } from "../../shared/state";

/** How often the worker copies the WAL into the database file when nothing else has (ms). */
const CHECKPOINT_EVERY_MS = 5000;

/**
 * The worker's code, plain JavaScript so that it runs the same under tsx, vitest and node. It
 * owns a connection of its own at synchronous = NORMAL (fixes are telemetry, Z6) and also runs
 * the WAL's checkpoints, which the event connection leaves to it (wal_autocheckpoint = 0 there):
 * a checkpoint copies and syncs up to the whole WAL, and on the event loop it held every report
 * behind it for hundreds of milliseconds (issue 14). It runs at the event loop's priority: it
 * shares the WAL's write lock with the event appends, and at nice 10 on a busy machine it was
 * descheduled inside its transactions, so an append waited longer for the lock (at the stadium
 * profile an append's p99 went from 23 to 38 ms).
 */
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("synchronous = NORMAL");
db.pragma("busy_timeout = " + workerData.busyTimeoutMs);
const insertFix = db.prepare(
  "INSERT INTO fixes (op_id, unit_id, at, lat, lng, heading, speed, accuracy, received_at) VALUES (?,?,?,?,?,?,?,?,?)",
);
const insertCount = db.prepare(
  "INSERT INTO gate_counts (op_id, group_id, at, count, queue, source, by, received_at) VALUES (?,?,?,?,?,?,?,?)",
);
const writeCounts = db.transaction((opId, counts, receivedAt) => {
  for (const c of counts) insertCount.run(opId, c.groupId, c.at, c.count, c.queue, c.source, c.by, receivedAt);
});
// Fixes come as columns (see packFixes): unit ids, and six numbers a fix with NaN for null.
const orNull = (x) => (Number.isNaN(x) ? null : x);
const writeFixColumns = db.transaction((opId, ids, nums, receivedAt) => {
  for (let i = 0; i < ids.length; i++) {
    const o = i * 6;
    insertFix.run(opId, ids[i], nums[o], nums[o + 1], nums[o + 2], orNull(nums[o + 3]), orNull(nums[o + 4]), orNull(nums[o + 5]), receivedAt);
  }
});
const checkpoint = () => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {}
};
const timer = setInterval(checkpoint, workerData.checkpointEveryMs);
const saveSnapshot = db.prepare("INSERT OR REPLACE INTO snapshots (op_id, seq, state) VALUES (?,?,?)");
parentPort.on("message", (m) => {
  if (m.close) {
    clearInterval(timer);
    checkpoint();
    db.close();
    parentPort.close();
    return;
  }
  try {
    if (m.snapshot) saveSnapshot.run(m.opId, m.snapshot.seq, m.snapshot.text);
    else if (m.fixColumns) writeFixColumns(m.opId, m.fixColumns.ids, m.fixColumns.nums, m.receivedAt);
    else writeCounts(m.opId, m.counts, m.receivedAt);
    parentPort.postMessage({ id: m.id });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String(err && err.message ? err.message : err) });
  }
});
`;

interface Waiting {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Writes telemetry (fixes, turnstile counts) to an SQLite file from a worker thread (issue 14 item 2): the insert, its
 * indexes and the WAL checkpoints cost the event loop nothing but the copy of the rows, so a
 * report's commit no longer waits behind a positions flush. A write resolves once the rows are
 * committed on the worker's connection. The worker keeps the process alive only while a write is
 * pending.
 */
export class FixesWriter {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;

  constructor(
    private readonly file: string,
    private readonly busyTimeoutMs: number,
    private readonly onError: (err: Error) => void = () => {},
  ) {}

  write(opId: string, fixes: readonly Fix[], receivedAt: number): Promise<void> {
    const fixColumns = packFixes(fixes);
    return this.send({ opId, fixColumns, receivedAt }, [fixColumns.nums.buffer]);
  }

  writeCounts(opId: string, counts: readonly GateCount[], receivedAt: number): Promise<void> {
    return this.send({ opId, counts, receivedAt });
  }

  /**
   * Stores a snapshot's text (a cache: the worker's synchronous = NORMAL is enough). Writing
   * several megabytes of state, and syncing them, held the event loop for over 100 ms (issue 14).
   */
  writeSnapshot(opId: string, seq: number, text: string): Promise<void> {
    return this.send({ opId, snapshot: { seq, text } });
  }

  private send(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<void> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.waiting.size === 1) worker.ref();
      worker.postMessage({ id, ...message }, transfer);
    });
  }

  /** Waits for the pending writes, checkpoints and stops the worker. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    worker.ref();
    worker.postMessage({ close: true });
    await exited;
  }

  /** Starts the worker now: it checkpoints the WAL even while no fix is written. */
  start(): Worker {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const worker = new Worker(WORKER, {
      eval: true,
      // Plain CommonJS: none of the parent's flags (a loader, --input-type=module) applies to it.
      execArgv: [],
      workerData: { file: this.file, driver, busyTimeoutMs: this.busyTimeoutMs, checkpointEveryMs: CHECKPOINT_EVERY_MS },
    });
    worker.unref();
    worker.on("message", (m: { id: number; error?: string }) => this.settle(m.id, m.error));
    // A worker that died fails what it had; the next write starts another.
    worker.on("exit", () => {
      if (this.worker === worker) this.worker = null;
      for (const id of [...this.waiting.keys()]) this.settle(id, "the fixes writer stopped");
    });
    worker.on("error", (err) => this.onError(err));
    this.worker = worker;
    return worker;
  }

  private settle(id: number, error: string | undefined): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker?.unref();
    if (error === undefined) w.resolve();
    else w.reject(new Error(`writing telemetry failed: ${error}`));
  }
}

/**
 * A flush's fixes as columns for the worker: the unit ids, and at, lat, lng, heading, speed and
 * accuracy in one Float64Array (NaN for null) moved, not copied. Cloning each fix as an object
 * cost the event loop about 1.7 % of its busy time at the stadium profile (issue 14).
 */
export function packFixes(fixes: readonly Fix[]): { ids: string[]; nums: Float64Array<ArrayBuffer> } {
  const ids = new Array<string>(fixes.length);
  const nums = new Float64Array(new ArrayBuffer(fixes.length * 6 * 8));
  for (let i = 0; i < fixes.length; i++) {
    const f = fixes[i] as Fix;
    const o = i * 6;
    ids[i] = f.unitId;
    nums[o] = f.at;
    nums[o + 1] = f.lat;
    nums[o + 2] = f.lng;
    nums[o + 3] = f.heading ?? Number.NaN;
    nums[o + 4] = f.speed ?? Number.NaN;
    nums[o + 5] = f.accuracy ?? Number.NaN;
  }
  return { ids, nums };
}
