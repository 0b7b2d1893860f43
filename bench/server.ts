import { createApp } from "../server/app";
import { seedDemoAccounts } from "../server/auth/accounts";
import { loadConfig } from "../server/config";

/**
 * A benchmark's server, in its own process so that client and server do not share a core's
 * event loop. Prints `READY <port> <opId>` when it listens on 127.0.0.1.
 */
const config = loadConfig({ ...process.env, PORT: "0", LOG_LEVEL: "silent" });
const app = createApp({ config });
await app.start();
await seedDemoAccounts(app.accounts, "demo");
const log = await app.ops.open(
  { userId: "bench", role: "commander", name: "Bench" },
  { name: "Bench", venueId: "wembley", cadStart: 4000, phases: [] },
);
app.httpServer.listen(0, "127.0.0.1", () => {
  const address = app.httpServer.address();
  const port = typeof address === "object" && address ? address.port : 0;
  console.log(`READY ${port} ${log.opId}`);
});
process.on("SIGTERM", () => {
  void app.close().then(() => process.exit(0));
});
