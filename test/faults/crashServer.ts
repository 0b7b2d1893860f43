import { createInterface } from "node:readline";
import { createApp } from "../../server/app";
import { seedDemoAccounts } from "../../server/auth/accounts";
import { loadConfig } from "../../server/config";
import { openStorage } from "../../server/store/storage";

/**
 * The server the crash test kills: the real app on a fixed port and database (a SQLite file, or
 * PostgreSQL with DATABASE_URL). Opens the
 * test operation on first start; on every later start it just loads the log. Prints `READY <opId>`.
 *
 * Loading the modules is most of a start, so it happens first: the process prints `WARM` and waits
 * for a `GO` line on stdin before it opens the database. The test starts the next server while the
 * one it will kill still runs, and says GO once that one has exited; a closed stdin ends it.
 */
console.log("WARM");
const go = await new Promise<boolean>((resolve) => {
  const lines = createInterface({ input: process.stdin });
  lines.once("line", (line) => {
    resolve(line === "GO");
    lines.close();
  });
  lines.once("close", () => resolve(false));
});
if (!go) process.exit(0);
const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.CRASH_LOG_LEVEL ?? "silent", HOST: "127.0.0.1" });
// SQLite at DATABASE_PATH, or PostgreSQL when the test sets DATABASE_URL (K3).
const app = createApp({ config, storage: await openStorage(config) });
await app.start();
await seedDemoAccounts(app.accounts, "demo");
const existing = app.ops.all()[0];
const opId =
  existing?.opId ??
  (
    await app.ops.open(
      { userId: "crash", role: "commander", name: "Crash test" },
      { name: "Crash test", venueId: "wembley", cadStart: 1, phases: [] },
    )
  ).opId;
app.httpServer.listen(config.PORT, config.HOST, () => console.log(`READY ${opId}`));
process.on("SIGTERM", () => {
  void app.close().then(() => process.exit(0));
});
