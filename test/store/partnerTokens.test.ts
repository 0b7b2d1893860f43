import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import {
  type PartnerTokenStore,
  PartnerTokens,
  PgPartnerTokenStore,
  SqlitePartnerTokenStore,
  tokenHash,
} from "../../server/partners/partnerTokens";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import { createTestSchema, postgresAvailable, type TestSchema } from "../support/services";

/** Partners' API tokens (issue 12 item 8) on SQLite and PostgreSQL: the same behaviour from both. */
function tokenContract(name: string, open: () => Promise<{ store: PartnerTokenStore; close: () => Promise<void> }>) {
  it(`H13 (${name}): a token works until revoked, only its hash is kept, and one partner cannot revoke another's`, async () => {
    const { store, close } = await open();
    try {
      let clock = 1000;
      const tokens = new PartnerTokens(store, () => clock);
      const a = await tokens.create("u-boxpark", "CCTV export");
      const b = await tokens.create("u-tfl", "Station control");
      expect(a.token).toMatch(/^cpt_[A-Za-z0-9_-]{43}$/);
      expect(await tokens.userOf(a.token)).toBe("u-boxpark");
      expect(await tokens.userOf(b.token)).toBe("u-tfl");
      expect(await tokens.userOf(`${a.token}x`)).toBeNull();
      expect(await tokens.userOf("not a token")).toBeNull();
      expect((await store.byHash(tokenHash(a.token)))?.id).toBe(a.row.id);
      expect(await tokens.revoke("u-tfl", a.row.id)).toBe(false);
      clock = 2000;
      expect(await tokens.revoke("u-boxpark", a.row.id)).toBe(true);
      expect(await tokens.revoke("u-boxpark", a.row.id)).toBe(false);
      expect(await tokens.userOf(a.token)).toBeNull();
      expect(await tokens.userOf(b.token)).toBe("u-tfl");
      expect(await tokens.list("u-boxpark")).toEqual([
        { id: a.row.id, userId: "u-boxpark", label: "CCTV export", createdAt: 1000, revokedAt: 2000 },
      ]);
    } finally {
      await close();
    }
  });
}

tokenContract("SQLite", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-tokens-"));
  const db = new Database(path.join(dir, "tokens.db"));
  return {
    store: new SqlitePartnerTokenStore(db),
    close: async () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

const up = await postgresAvailable();

describe.skipIf(!up)("PostgreSQL partner tokens", () => {
  const schemas: TestSchema[] = [];
  afterAll(async () => {
    for (const s of schemas) await s.drop();
  });
  tokenContract("PostgreSQL", async () => {
    const schema = await createTestSchema();
    schemas.push(schema);
    const storage = await openPostgresStorage(schema.url, { poolMax: 2 });
    return { store: new PgPartnerTokenStore(storage.pg!), close: () => storage.close() };
  });
});
