import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * Worker code (plain JavaScript) for taking turns at writing: `inTurn(fn)` runs `fn` holding the
 * lock in `workerData.turn` (an Int32Array on a SharedArrayBuffer that every writer thread of one
 * store shares: 0 free, 1 taken). Why: SQLite's own lock makes a writer that finds the file
 * locked sleep in its busy handler for 1, 2, 5, 10 ms… before it looks again, so an event
 * appended while the fixes' worker wrote waited several milliseconds past the end of that write
 * (report p99 15–20 ms against 6.5 for bare socket.io at a tenth of the stadium profile). With
 * the turn, the waiting thread wakes the moment the other releases it. A writer that has waited
 * 10 s (a thread that died holding the turn) goes on without it and leaves the rest to SQLite.
 */
export const IN_TURN = `
const turn = workerData.turn;
function inTurn(fn) {
  const until = Date.now() + 10000;
  let mine = true;
  while (Atomics.compareExchange(turn, 0, 0, 1) !== 0) {
    if (Date.now() > until) { mine = false; break; }
    Atomics.wait(turn, 0, 1, 50);
  }
  try {
    return fn();
  } finally {
    if (mine) {
      Atomics.store(turn, 0, 0);
      Atomics.notify(turn, 0);
    }
  }
}
`;

/** The lock the writer threads of one store share (see IN_TURN). */
export function newTurn(): Int32Array<SharedArrayBuffer> {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** A write the worker could not make; `conflict` says why when the log refused it (AppendConflict). */
export class WriteFailed extends Error {
  constructor(
    message: string,
    readonly conflict: "head" | "key" | null,
  ) {
    super(message);
  }
}

interface Waiting {
  resolve: () => void;
  reject: (err: Error) => void;
}

/** What a worker answers each message with: its id, and an error if the write failed. */
interface Reply {
  id: number;
  error?: string;
  conflict?: "head" | "key" | null;
}

/**
 * One SQLite connection on a worker thread of its own, fed writes by message (issue 14): the
 * insert, its indexes, the fsync and any wait for another connection's write lock cost the event
 * loop nothing but the copy of the rows. `source` is plain CommonJS run with `workerData.file`,
 * `.driver` (better-sqlite3's path) and whatever `data` adds; it answers every message `{ id }`
 * with a `Reply` and stops on `{ close: true }`. A write resolves once the worker has made it.
 * The worker keeps the process alive only while a write is pending; one that dies fails what it
 * had, and the next write starts another.
 */
export class WriterThread {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;

  constructor(
    private readonly source: string,
    private readonly data: Record<string, unknown>,
    /** What the writes are, for errors: "telemetry", "events". */
    private readonly what: string,
    private readonly onError: (err: Error) => void = () => {},
  ) {}

  send(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<void> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.waiting.size === 1) worker.ref();
      worker.postMessage({ id, ...message }, transfer);
    });
  }

  /** Waits for the pending writes, lets the worker finish (its `close` handler) and stops it. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    worker.ref();
    worker.postMessage({ close: true });
    await exited;
  }

  /** Starts the worker now (the fixes' worker checkpoints the WAL even while nothing is written). */
  start(): Worker {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const worker = new Worker(this.source, {
      eval: true,
      // Plain CommonJS: none of the parent's flags (a loader, --input-type=module) applies to it.
      execArgv: [],
      workerData: { ...this.data, driver },
    });
    worker.unref();
    worker.on("message", (m: Reply) => this.settle(m));
    worker.on("exit", () => {
      if (this.worker === worker) this.worker = null;
      for (const id of [...this.waiting.keys()]) this.settle({ id, error: `the ${this.what} writer stopped` });
    });
    worker.on("error", (err) => this.onError(err));
    this.worker = worker;
    return worker;
  }

  private settle({ id, error, conflict }: Reply): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker?.unref();
    if (error === undefined) w.resolve();
    else w.reject(new WriteFailed(`writing ${this.what} failed: ${error}`, conflict ?? null));
  }
}
