import { Operations } from "../../server/operations/operations";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import type { Storage } from "../../server/store/storage";
import { loadVenues } from "../../server/venues";
import { actors } from "./events";
import { createTestSchema, type TestSchema } from "./services";
import { until } from "./until";

export interface ProcessesOnOneLog {
  schema: TestSchema;
  storages: Storage[];
  processes: Operations[];
  /** The operation opened by the first process and loaded by every one. */
  opId: string;
  close(): Promise<void>;
}

/**
 * Several server processes' live logs on one fresh PostgreSQL schema, as the many-writers tests
 * of the server's own events need them (Y8, SW8, CR11, TC16): each with its own storage and
 * Operations, an operation opened by the first and loaded by all before anything else is
 * appended to it. `each` builds a process's watcher beside its Operations.
 */
export async function processesOnOneLog(
  count: number,
  options: { now: () => number; checkHeadsEveryMs?: number; each?: (ops: Operations, index: number) => void },
): Promise<ProcessesOnOneLog> {
  const schema = await createTestSchema();
  const venues = loadVenues();
  const storages: Storage[] = [];
  const processes: Operations[] = [];
  for (let i = 0; i < count; i++) {
    const storage = await openPostgresStorage(schema.url);
    storages.push(storage);
    const ops = new Operations({
      store: storage.log,
      venues,
      now: options.now,
      groupCommitMs: 2,
      groupCommit: true,
      snapshotEvery: 50,
      onCommitted: () => {},
      onError: () => {},
      checkHeadsEveryMs: options.checkHeadsEveryMs ?? 500,
    });
    await ops.loadAll();
    processes.push(ops);
    options.each?.(ops, i);
  }
  const first = processes[0];
  if (!first) throw new Error("at least one process");
  const log = await first.open(actors.silver, { name: "Three watchers", venueId: "wembley", cadStart: 4100, phases: [] });
  const opId = log.opId;
  for (const p of processes) await until(() => p.get(opId)?.state.seq === 1, "the operation opened on every process");
  return {
    schema,
    storages,
    processes,
    opId,
    async close() {
      for (const p of processes) await p.closeAll();
      for (const s of storages) await s.close();
      await schema.drop();
    },
  };
}

/** Rethrows a watcher's failure, so that a test hears of it. */
export function rethrow(err: unknown): never {
  throw err;
}
