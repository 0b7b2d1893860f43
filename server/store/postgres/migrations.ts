import { ACCOUNT_MIGRATIONS } from "./accountMigrations";
import { EVENT_MIGRATIONS } from "./eventMigrations";
import { REPLAY_MIGRATIONS } from "./replayMigrations";

/**
 * One versioned change to the PostgreSQL schema. Versions never change once released: a new
 * change is a new entry. Each area keeps its own list in a range of its own: the event log
 * 100–199, accounts, sessions and the access log 200–299, replay and exports 300–399.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [...EVENT_MIGRATIONS, ...ACCOUNT_MIGRATIONS, ...REPLAY_MIGRATIONS].sort(
  (a, b) => a.version - b.version,
);
