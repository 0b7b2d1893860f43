import { afterAll, describe } from "vitest";
import { openPostgresStorage } from "../../server/store/postgres/pgStorage";
import { createTestSchema, postgresAvailable, type TestSchema } from "../support/services";
import { countStoreContract } from "./countStore.contract";

const up = await postgresAvailable();

describe.skipIf(!up)("PostgreSQL counts", () => {
  const schemas: TestSchema[] = [];
  afterAll(async () => {
    for (const s of schemas) await s.drop();
  });
  countStoreContract("PostgreSQL", async () => {
    const schema = await createTestSchema();
    schemas.push(schema);
    const storage = await openPostgresStorage(schema.url);
    return { store: storage.log, close: () => storage.close() };
  });
});
