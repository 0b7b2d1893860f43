import { createApp } from "../server/app";
import { seedDemoAccounts } from "../server/auth/accounts";
import { loadConfig } from "../server/config";

/**
 * The replay benchmark's server: an existing database (DATABASE_PATH), in its own process so
 * that the bench's client work does not share the server's event loop or heap. Prints
 * `READY <port>` when it listens on 127.0.0.1.
 */
const config = loadConfig({ ...process.env, PORT: "0", LOG_LEVEL: "silent" });
const app = createApp({ config });
await app.start();
await seedDemoAccounts(app.accounts, "demo");
app.httpServer.listen(0, "127.0.0.1", () => {
  const address = app.httpServer.address();
  console.log(`READY ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => {
  void app.close().then(() => process.exit(0));
});
