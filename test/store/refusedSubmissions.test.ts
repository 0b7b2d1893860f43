import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe } from "vitest";
import { PgRefusedStore } from "../../server/store/postgres/pgRefusedStore";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import { SqliteRefusedStore } from "../../server/store/sqliteRefusedStore";
import { createTestSchema, postgresAvailable, type TestSchema } from "../support/services";
import { refusedContract } from "./refusedSubmissions.contract";

refusedContract("SQLite", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-refused-store-"));
  const db = new Database(path.join(dir, "refused.db"));
  return {
    store: new SqliteRefusedStore(db),
    raw: async (sql) => db.prepare(sql).run(),
    close: async () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

const up = await postgresAvailable();

describe.skipIf(!up)("PostgreSQL refused submissions", () => {
  const schemas: TestSchema[] = [];
  afterAll(async () => {
    for (const s of schemas) await s.drop();
  });

  refusedContract("PostgreSQL", async () => {
    const schema = await createTestSchema();
    schemas.push(schema);
    const storage = await openPostgresStorage(schema.url, { poolMax: 4 });
    return { store: new PgRefusedStore(storage.pg!), raw: (sql) => storage.pg!.query(sql), close: () => storage.close() };
  });
});
