import readline from "node:readline";
import { createApp } from "../server/app";
import { seedDemoAccounts } from "../server/auth/accounts";
import { loadConfig } from "../server/config";
import { openSqliteStorage } from "../server/store/storage";

/**
 * The field bench's server (bench/fieldOutbox.ts starts it): the real app on a temp SQLite file
 * (DATABASE_PATH) and its photo directory, in its own process, with the demo accounts and one
 * operation. Prints `READY <port> <opId>`; to the line `reports` on stdin it answers
 * `REPORTS <count> <how many name exactly one photo>` from the operation's folded log.
 */
const config = loadConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" });
const storage = openSqliteStorage(config.DATABASE_PATH, { busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS });
const app = createApp({ config, storage });
await app.start();
await seedDemoAccounts(app.accounts, "demo");
const log = await app.ops.open(
  { userId: "bench", role: "commander", name: "Bench" },
  { name: "Field bench", venueId: "wembley", cadStart: 4000, phases: [] },
);
app.httpServer.listen(0, "127.0.0.1", () => {
  const address = app.httpServer.address();
  console.log(`READY ${typeof address === "object" && address ? address.port : 0} ${log.opId}`);
});
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() !== "reports") return;
  const reports = Object.values(log.state.reports);
  console.log(`REPORTS ${reports.length} ${reports.filter((r) => r.photos.length === 1).length}`);
});
process.on("SIGTERM", () => {
  void app.close().then(() => process.exit(0));
});
