import { createApp } from "../server/app";
import { seedDemoAccounts } from "../server/auth/accounts";
import { loadConfig } from "../server/config";
import { openSqliteStorage } from "../server/store/storage";
import { CommandBodies } from "../shared/commands";
import { sectorAt } from "../shared/venue";
import { home } from "./browserFeed";

/**
 * The browser bench's server (bench/browserBoard.ts starts it): the real app on a temp SQLite
 * file (DATABASE_PATH), in its own process, with the demo accounts as the tests have them, one
 * operation, BROWSER_UNITS units (one in five busy) and BROWSER_INCIDENTS incidents around the stadium. Fixes come
 * from the parent over the tracker feed (FEED_TOKENS). Prints `READY <port> <opId>`.
 */
const units = Number(process.env.BROWSER_UNITS ?? 1500);
const incidents = Number(process.env.BROWSER_INCIDENTS ?? 40);
const config = loadConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" });
const storage = openSqliteStorage(config.DATABASE_PATH, { busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS });
const app = createApp({ config, storage });
await app.start();
await seedDemoAccounts(app.accounts, "demo");
const log = await app.ops.open(
  { userId: "bench", role: "commander", name: "Bench" },
  { name: "Browser bench", venueId: "wembley", cadStart: 4000, phases: [] },
);
const sender = { actor: { userId: "bench", role: "controller" as const, name: "Bench" }, unitId: null };
const plan = app.venues.get("wembley");
if (!plan) throw new Error("no wembley plan");
/** The stadium's middle: units and incidents are spread about 600 m around it. */
const CENTRE = { lat: 51.556, lng: -0.2796 };

for (let i = 0; i < units; i += 500) {
  const batch = Array.from({ length: Math.min(500, units - i) }, (_, k) => i + k);
  await Promise.all(
    batch.map((n) =>
      log.execute(
        sender,
        {
          name: "unit:register",
          body: CommandBodies["unit:register"].parse({
            unitId: `u-${n}`,
            callSign: `U${n}`,
            kind: "serial",
            agency: "MPS",
            // The sector it stands in, as deployed: a unit placed outside its sector would be warned about (issue 11).
            sector: sectorAt(plan, home(n)),
          }),
        },
        `bench-unit-${n}`,
      ),
    ),
  );
}
// One unit in five is busy, as on the day: a crowded view labels only the busy ones (U41).
const BUSY = ["en-route", "on-scene", "committed"] as const;
for (let n = 0; n < units; n += 5) {
  const status = BUSY[(n / 5) % BUSY.length];
  const ack = await log.execute(
    sender,
    { name: "unit:status", body: CommandBodies["unit:status"].parse({ unitId: `u-${n}`, status }) },
    `bench-busy-${n}`,
  );
  if (!ack.ok) throw new Error(`unit:status refused: ${JSON.stringify(ack)}`);
}
const types = ["disorder", "medical", "crowd-surge", "missile", "lost-child"] as const;
for (let n = 0; n < incidents; n++) {
  const location = { lat: CENTRE.lat + Math.sin(n) * 0.004, lng: CENTRE.lng + Math.cos(n * 1.3) * 0.006 };
  const ack = await log.execute(
    sender,
    {
      name: "incident:report",
      body: CommandBodies["incident:report"].parse({
        type: types[n % types.length],
        grade: "S",
        location,
        description: `Bench incident ${n}`,
      }),
    },
    `bench-incident-${n}`,
  );
  if (!ack.ok) throw new Error(`incident:report refused: ${JSON.stringify(ack)}`);
}
app.httpServer.listen(0, "127.0.0.1", () => {
  const address = app.httpServer.address();
  console.log(`READY ${typeof address === "object" && address ? address.port : 0} ${log.opId}`);
});
process.on("SIGTERM", () => {
  void app.close().then(() => process.exit(0));
});
