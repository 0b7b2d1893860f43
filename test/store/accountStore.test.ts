import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { PgAccountStore } from "../../server/store/postgres/pgAccountStore";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import { SqliteAccountStore } from "../../server/store/sqliteAccountStore";
import type { Storage } from "../../server/store/storage";
import { createTestSchema, postgresAvailable, type TestSchema } from "../support/services";
import { accountStoreContract, storedUser } from "./accountStore.contract";

accountStoreContract("SQLite", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-accounts-store-"));
  const db = new Database(path.join(dir, "accounts.db"));
  return {
    store: new SqliteAccountStore(db),
    close: async () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

const up = await postgresAvailable();

describe.skipIf(!up)("PostgreSQL account store", () => {
  const schemas: TestSchema[] = [];
  afterAll(async () => {
    for (const s of schemas) await s.drop();
  });

  accountStoreContract("PostgreSQL", async () => {
    const schema = await createTestSchema();
    schemas.push(schema);
    const storage = await openPostgresStorage(schema.url, { poolMax: 4 });
    return { store: new PgAccountStore(storage.pg!), close: () => storage.close() };
  });

  it("S28: change ids commit in id order: a reader polling while two processes write never skips one", async () => {
    const schema = await createTestSchema();
    schemas.push(schema);
    const open: Storage[] = await Promise.all([openPostgresStorage(schema.url), openPostgresStorage(schema.url)]);
    try {
      const [a, b] = open.map((s) => new PgAccountStore(s.pg!)) as [PgAccountStore, PgAccountStore];
      for (let i = 0; i < 10; i++) await a.insertUser(storedUser(`u-${i}`));
      // A reader like every process's sweep: from the last id it saw, over and over.
      const reader = new pg.Pool({ connectionString: schema.url, max: 1 });
      const seen: number[] = [];
      let writing = true;
      const poll = (async () => {
        while (writing || seen.length < 200) {
          for (const c of await new PgAccountStore(reader).changesAfter(seen.at(-1) ?? 0)) seen.push(c.id);
          if (!writing && seen.length < 200) throw new Error(`the reader saw ${seen.length} of 200 changes`);
        }
      })();
      const writes = Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).endSessionsOf(`u-${i % 10}`, i, "rights-changed"));
      const ids = await Promise.all(writes);
      writing = false;
      await poll;
      await reader.end();
      expect(seen).toEqual([...ids].sort((x, y) => x - y));
    } finally {
      for (const s of open) await s.close();
    }
  });
});
