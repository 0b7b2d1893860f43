import type Database from "better-sqlite3";

/**
 * Each SQL text prepared once per connection, on first use (issue 14): preparing compiles the
 * statement, and a store method called for every message, append or hello paid that each time.
 * A statement keeps its mode (`pluck`, `raw`), so one SQL text must always be read the same way.
 */
export function preparedOnce(db: Database.Database): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
