import type Database from "better-sqlite3";
import type { GateCount } from "../../shared/ingress";

/** Turnstile readings (issue 11 item 7): typed rows, every one kept, like the positions' `fixes`. */
export const COUNTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS gate_counts (
  op_id       TEXT    NOT NULL,
  group_id    TEXT    NOT NULL,
  at          INTEGER NOT NULL,
  count       INTEGER,
  queue       INTEGER,
  source      TEXT    NOT NULL,
  by          TEXT,
  received_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS gate_counts_by_time ON gate_counts (op_id, at);
CREATE INDEX IF NOT EXISTS gate_counts_by_group ON gate_counts (op_id, group_id, source, at);
`;

const COLS = "group_id AS groupId, at, count, queue, source, by";

/**
 * The newest row per group and source at or before a time. SQLite's bare columns beside MAX()
 * come from the row holding the maximum; the rowid breaks a tie of times (the later stored wins).
 */
const LATEST_AT = `
SELECT ${COLS} FROM gate_counts WHERE rowid IN (
  SELECT MAX(rowid) FROM gate_counts g
  WHERE g.op_id = ? AND g.at <= ? AND g.at = (
    SELECT MAX(at) FROM gate_counts x WHERE x.op_id = g.op_id AND x.group_id = g.group_id AND x.source = g.source AND x.at <= ?)
  GROUP BY g.group_id, g.source)
ORDER BY at, rowid`;

/** The counts' reads, over the store's statement cache. */
export class SqliteCounts {
  constructor(private readonly sql: (text: string) => Database.Statement) {}

  at(opId: string, t: number): GateCount[] {
    return this.sql(LATEST_AT).all(opId, t, t) as GateCount[];
  }

  history(opId: string, from: number, to: number, groupId?: string): GateCount[] {
    return (
      groupId
        ? this.sql(`SELECT ${COLS} FROM gate_counts WHERE op_id = ? AND group_id = ? AND at BETWEEN ? AND ? ORDER BY at, rowid`).all(
            opId,
            groupId,
            from,
            to,
          )
        : this.sql(`SELECT ${COLS} FROM gate_counts WHERE op_id = ? AND at BETWEEN ? AND ? ORDER BY at, rowid`).all(opId, from, to)
    ) as GateCount[];
  }
}

/** An in-memory database's counts, on its one connection (a file's go through the worker). */
export function inlineCounts(db: Database.Database): (opId: string, counts: readonly GateCount[], receivedAt: number) => void {
  const insert = db.prepare(
    "INSERT INTO gate_counts (op_id, group_id, at, count, queue, source, by, received_at) VALUES (?,?,?,?,?,?,?,?)",
  );
  return db.transaction((opId: string, counts: readonly GateCount[], receivedAt: number) => {
    for (const c of counts) insert.run(opId, c.groupId, c.at, c.count, c.queue, c.source, c.by, receivedAt);
  });
}
