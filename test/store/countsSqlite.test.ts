import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SqliteEventStore } from "../../server/store/sqliteStore";
import { countStoreContract } from "./countStore.contract";

// A file, so the counts go through the worker thread as they do in the server.
countStoreContract("SQLite", async () => {
  const store = new SqliteEventStore(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cordon-counts-")), "events.db"));
  return { store, close: () => store.close() };
});

countStoreContract("SQLite in memory", async () => {
  const store = new SqliteEventStore(":memory:");
  return { store, close: () => store.close() };
});
