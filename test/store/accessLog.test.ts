import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { PgAccessLogStore } from "../../server/store/postgres/pgAccessLogStore";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import { SqliteAccessLogStore } from "../../server/store/sqliteAccessLogStore";
import { createTestSchema, postgresAvailable, type TestSchema } from "../support/services";
import { accessLogContract } from "./accessLog.contract";

accessLogContract("SQLite", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-access-store-"));
  const db = new Database(path.join(dir, "access.db"));
  // A scratch file: no fsync per insert (S32 writes two thousand entries).
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  return {
    store: new SqliteAccessLogStore(db),
    raw: async (sql) => db.prepare(sql).run(),
    close: async () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

const up = await postgresAvailable();

describe.skipIf(!up)("PostgreSQL access log", () => {
  const schemas: TestSchema[] = [];
  afterAll(async () => {
    for (const s of schemas) await s.drop();
  });

  accessLogContract("PostgreSQL", async () => {
    const schema = await createTestSchema();
    schemas.push(schema);
    const storage = await openPostgresStorage(schema.url, { poolMax: 8 });
    return { store: new PgAccessLogStore(storage.pg!), raw: (sql) => storage.pg!.query(sql), close: () => storage.close() };
  });

  it("S35: TRUNCATE, which SQLite does not have, is refused too", async () => {
    const schema = await createTestSchema();
    schemas.push(schema);
    const storage = await openPostgresStorage(schema.url);
    try {
      await new PgAccessLogStore(storage.pg!).append({
        at: 1,
        userId: "u-1",
        userName: "A",
        role: "admin",
        opId: null,
        action: "admin.user.create",
        target: null,
        reason: null,
        recipient: null,
        detail: null,
      });
      await expect(storage.pg!.query("TRUNCATE access_log")).rejects.toThrow(/append-only/);
      expect((await storage.pg!.query("SELECT count(*)::int AS n FROM access_log")).rows[0]).toEqual({ n: 1 });
    } finally {
      await storage.close();
    }
  });
});
