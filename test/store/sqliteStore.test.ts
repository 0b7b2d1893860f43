import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { SqliteEventStore } from "../../server/store/sqliteStore";
import { eventStoreContract } from "./eventStore.contract";

eventStoreContract("SQLite", async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cordon-store-")), "events.db");
  return { store: new SqliteEventStore(file), reopen: async () => new SqliteEventStore(file) };
});

it("S7: the SQLite store commits with WAL and synchronous = FULL", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cordon-store-")), "events.db");
  const store = new SqliteEventStore(file);
  expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
  // 2 = FULL: a commit survives a power cut, not just a crash of the process.
  expect(store.db.pragma("synchronous", { simple: true })).toBe(2);
  void store.close();
  expect(new Database(file).pragma("journal_mode", { simple: true })).toBe("wal");
});
