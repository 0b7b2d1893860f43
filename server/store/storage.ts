import type Database from "better-sqlite3";
import type pg from "pg";
import type { Config } from "../config";
import type { EventStore } from "./eventStore";
import { SqliteEventStore } from "./sqliteStore";

/**
 * Where the server's data lives (issue 9, DESIGN §5): the embedded SQLite file, or PostgreSQL
 * shared by several processes. Every read and write goes through an interface with one
 * implementation per backend, each passing the same contract suite in test/store/:
 * - the event log, snapshots and position tracks (`log`: EventStore);
 * - accounts and sessions (server/auth), the access log (server/audit), replay queries and
 *   exports (server/replay, server/export): each area's factory picks its implementation from
 *   `kind` and the one connection handle that is not null.
 * Nothing outside an implementation touches `sqlite` or `pg`.
 */
export interface Storage {
  readonly kind: "sqlite" | "postgres";
  /** For messages: "SQLite data/cordon.db", "PostgreSQL 127.0.0.1:5432/cordon". */
  readonly where: string;
  readonly log: EventStore;
  readonly sqlite: Database.Database | null;
  readonly pg: pg.Pool | null;
  close(): Promise<void>;
}

export class StorageUnavailable extends Error {}

export function openSqliteStorage(file: string, options: { busyTimeoutMs?: number } = {}): Storage {
  return sqliteStorage(new SqliteEventStore(file, options), file);
}

/** Wraps an already open SQLite store (tests that build one themselves). */
export function sqliteStorage(store: SqliteEventStore, file = "(given)"): Storage {
  return {
    kind: "sqlite",
    where: `SQLite ${file}`,
    log: store,
    sqlite: store.db,
    pg: null,
    close: () => store.close(),
  };
}

/** The storage the configuration names: PostgreSQL when DATABASE_URL is set, else SQLite. */
export async function openStorage(config: Config): Promise<Storage> {
  if (!config.DATABASE_URL) return openSqliteStorage(config.DATABASE_PATH, { busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS });
  const { openPostgresStorage } = await import("./postgres/pgStorage");
  return openPostgresStorage(config.DATABASE_URL, { poolMax: config.PG_POOL_MAX });
}
