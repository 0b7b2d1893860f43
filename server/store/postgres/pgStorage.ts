import pg from "pg";
import { type Storage, StorageUnavailable } from "../storage";
import { migrate } from "./migrate";
import { PgEventStore } from "./pgEventStore";

// bigint columns (seq, times in ms) come back as numbers: every value we store fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

/** Where a DATABASE_URL points, without its password: for messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "(an unparsable DATABASE_URL)";
  }
}

/**
 * Opens PostgreSQL for every store (issue 9): checks it answers, with a message naming where,
 * runs the migrations, and starts listening for other processes' appends.
 */
export async function openPostgresStorage(url: string, options: { poolMax?: number } = {}): Promise<Storage> {
  const where = `PostgreSQL ${describeUrl(url)}`;
  const pool = new pg.Pool({ connectionString: url, max: options.poolMax ?? 10, connectionTimeoutMillis: 5000 });
  // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  try {
    await pool.query("SELECT 1");
  } catch (err) {
    await pool.end().catch(() => {});
    throw new StorageUnavailable(`Cannot reach ${where} (DATABASE_URL): ${(err as Error).message}`);
  }
  await migrate(pool);
  const log = new PgEventStore(pool, url);
  await log.listen();
  return {
    kind: "postgres",
    where,
    log,
    sqlite: null,
    pg: pool,
    async close() {
      await log.close();
      await pool.end();
    },
  };
}
