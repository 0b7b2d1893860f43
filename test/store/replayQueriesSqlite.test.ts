import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SqliteReplayQueries } from "../../server/store/sqliteReplayQueries";
import { SqliteEventStore } from "../../server/store/sqliteStore";
import { replayQueriesContract } from "./replayQueries.contract";

replayQueriesContract("SQLite", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-replayq-"));
  const log = new SqliteEventStore(path.join(dir, "replay.db"));
  return {
    log,
    queries: new SqliteReplayQueries(log.db, log),
    async close() {
      await log.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
