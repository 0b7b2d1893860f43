import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

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
