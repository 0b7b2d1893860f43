import { createApp } from "../../server/app";
import { seedDemoAccounts } from "../../server/auth/accounts";
import { loadConfig } from "../../server/config";

/**
 * The server the crash test kills: the real app on a fixed port and database file. Opens the
 * test operation on first start; on every later start it just loads the log. Prints `READY <opId>`.
 */
const config = loadConfig({ ...process.env, LOG_LEVEL: "silent", HOST: "127.0.0.1" });
const app = createApp({ config });
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
