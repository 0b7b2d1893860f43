import { createApp } from "../../server/app";
import { seedDemoAccounts } from "../../server/auth/accounts";
import { loadConfig } from "../../server/config";
import { openStorage } from "../../server/store/storage";

/**
 * One process of the cluster tests and bench (issue 9): the real app on DATABASE_URL and
 * REDIS_URL. With CLUSTER_FIRST=1 it seeds the test accounts and opens the operation if none is
 * open; the others load what the first made. Prints `READY <opId>` once it listens.
 */
const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "silent", HOST: "127.0.0.1" });
const storage = await openStorage(config);
const app = createApp({ config, storage });
await app.start();
if (process.env.CLUSTER_FIRST === "1") await seedDemoAccounts(app.accounts, "demo");
const existing = app.ops.all()[0];
const opId =
  existing?.opId ??
  (
    await app.ops.open(
      { userId: "cluster", role: "commander", name: "Cluster test" },
      { name: "Cluster test", venueId: "wembley", cadStart: 1, phases: [] },
    )
  ).opId;
app.httpServer.listen(config.PORT, config.HOST, () => console.log(`READY ${opId}`));
process.on("SIGTERM", () => {
  void app.close().then(() => process.exit(0));
});
