import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { openReplayQueries } from "../../server/store/replayQueries";
import { SqliteReplayQueries } from "../../server/store/sqliteReplayQueries";
import { SqliteEventStore } from "../../server/store/sqliteStore";
import { sqliteStorage } from "../../server/store/storage";
import { replayQueriesContract } from "./replayQueries.contract";

const tempStore = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-replayq-"));
  return { dir, log: new SqliteEventStore(path.join(dir, "replay.db")) };
};

replayQueriesContract("SQLite", async () => {
  const { dir, log } = tempStore();
  return {
    log,
    queries: new SqliteReplayQueries(log.db, log),
    async close() {
      await log.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

it("S47: the factory picks the SQLite replay queries for SQLite storage", async () => {
  const { dir, log } = tempStore();
  try {
    const queries = openReplayQueries(sqliteStorage(log));
    expect(queries).toBeInstanceOf(SqliteReplayQueries);
    expect(queries.kind).toBe("sqlite");
  } finally {
    await log.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
