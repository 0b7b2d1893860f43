import type Database from "better-sqlite3";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL,
  sector        TEXT,
  unit_id       TEXT,
  post          TEXT,
  password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS account_changes (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         INTEGER NOT NULL,
  user_id    TEXT NOT NULL,
  token_hash TEXT,
  reason     TEXT NOT NULL
);
`;

/** Columns added after the first release, added in place to an older database. */
const ADDED: { table: string; column: string; ddl: string }[] = [
  { table: "users", column: "disabled", ddl: "disabled INTEGER NOT NULL DEFAULT 0" },
  { table: "users", column: "operations", ddl: "operations TEXT NOT NULL DEFAULT '[]'" },
  { table: "sessions", column: "last_seen_at", ddl: "last_seen_at INTEGER" },
];

/** Creates the account tables, or brings an older database's up to date. */
export function migrate(db: Database.Database): void {
  // One write transaction, taken up front: a CLI run and the server (or two CLI runs) starting
  // together wait for each other instead of failing halfway.
  db.transaction(() => {
    db.exec(SCHEMA);
    for (const { table, column, ddl } of ADDED) {
      const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
      if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${ddl}`);
    }
    db.exec("CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id)");
  }).immediate();
}
