import fs from "node:fs";
import { parseArgs } from "node:util";
import { createApp } from "./app";
import { DEMO_ACCOUNTS, seedDemoAccounts } from "./auth/accounts";
import { ConfigError, loadConfig } from "./config";
import { LISTEN_BACKLOG } from "./http/listen";
import { createLogger } from "./logger";
import { openStorage, StorageUnavailable } from "./store/storage";

/**
 * The entry point: `npm start` (real use) or `npm run demo` (the England v Italy scenario
 * playing live). The only file that listens on a port.
 */
async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      demo: { type: "boolean", default: false },
      speed: { type: "string", default: "10" },
      units: { type: "string", default: "40" },
      seed: { type: "string", default: "2023" },
      start: { type: "string", default: "17:30" },
    },
  });
  const env = { ...process.env };
  // The demo gets a file of its own, recreated each run: it must never touch the real log.
  if (args.demo) {
    env.DATABASE_PATH = process.env.DEMO_DATABASE_PATH || "data/demo.db";
    // Its checkpoints and signing key are the demo's own too, never the real ones.
    env.CHECKPOINT_DIR = `${env.DATABASE_PATH}.checkpoints`;
    env.CHECKPOINT_KEY_FILE = `${env.DATABASE_PATH}.checkpoint-key.pem`;
    delete env.CHECKPOINT_WITNESS_DIR;
    // The demo is one process on its own SQLite file, never a shared PostgreSQL or Redis.
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
  }
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL);

  let now: (() => number) | undefined;
  let demo: typeof import("./demo/simulator") | undefined;
  let clock: import("./demo/clock").ScenarioClock | undefined;
  const speed = positive("--speed", args.speed);
  const units = positive("--units", args.units);
  const seed = positive("--seed", args.seed);
  if (args.demo) {
    // The demo is a fresh operation every run, on its own clock (17 October 2023).
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${config.DATABASE_PATH}${suffix}`, { force: true });
    fs.rmSync(`${config.DATABASE_PATH}.checkpoints`, { recursive: true, force: true });
    const { ScenarioClock, londonTime } = await import("./demo/clock");
    clock = new ScenarioClock(londonTime("2023-10-17", args.start), speed);
    now = () => clock!.now();
    demo = await import("./demo/simulator");
  }

  // PostgreSQL when DATABASE_URL is set (several processes may share it), else the SQLite file.
  const storage = await openStorage(config);
  const app = createApp({ config, logger, storage, ...(now ? { now } : {}) });
  await app.start();
  if (args.demo) {
    // Demo accounts exist only in demo mode, in the demo's own database (recreated each run).
    await seedDemoAccounts(app.accounts, "demo");
  } else {
    await refuseDemoPasswords(app.accounts);
    await refuseWithoutAdmin(app.accounts);
  }

  let stopDemo: (() => Promise<void>) | undefined;
  if (demo && clock) {
    const run = await demo.runDemo(app, { seed, units, speed, start: clock.now(), log: (msg: string) => logger.debug(msg) });
    stopDemo = run.stop;
    logger.info({ opId: run.opId, speed, units }, "demo scenario playing");
  }

  app.httpServer.listen({ port: config.PORT, host: config.HOST, backlog: LISTEN_BACKLOG }, () => {
    logger.info({ url: `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}` }, "Cordon is up");
  });
  // /metrics on its own address when METRICS_PORT is set (issue 8): not on the public port.
  app.metricsServer?.listen(config.METRICS_PORT, config.METRICS_HOST, () => {
    logger.info({ url: `http://${config.METRICS_HOST}:${config.METRICS_PORT}/metrics` }, "metrics served");
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down: no new commands, flushing");
    // A flush that cannot finish (a hung disk) must not keep the process alive for ever.
    setTimeout(() => {
      logger.error("shutdown took over 10 s: exiting");
      process.exit(1);
    }, 10_000).unref();
    await stopDemo?.();
    await app.close();
    app.httpServer.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/**
 * A real start never creates accounts. A database that still has an account signing in with
 * the demo password (made by an older version, which seeded them on every start) is refused:
 * anyone who can reach the port could otherwise sign in as the commander.
 */
async function refuseDemoPasswords(accounts: import("./auth/accounts").Accounts): Promise<void> {
  const open: string[] = [];
  for (const { username } of DEMO_ACCOUNTS) if (await accounts.acceptsPassword(username, "demo")) open.push(username);
  if (open.length === 0) return;
  throw new ConfigError(
    `Refusing to start: the account(s) ${open.join(", ")} in this database still sign in with the demo password.\n` +
      "Demo accounts exist only with --demo (npm run demo). Remove them or change their passwords (docs/operations.md, Accounts).",
  );
}

/**
 * Real use needs someone who can manage accounts: with no enabled admin nobody could create the
 * commander's account from the admin page, so say the one command that makes one.
 */
async function refuseWithoutAdmin(accounts: import("./auth/accounts").Accounts): Promise<void> {
  if ((await accounts.enabledAdmins()) > 0) return;
  throw new ConfigError(
    "Refusing to start: this database has no admin account, so nobody could manage accounts.\n" +
      "Create one (it asks for the password):\n\n  npm run users -- add --username <name> --role admin\n\n" +
      "then start again. Other accounts can then be made on the admin page (/admin) or with the same command.",
  );
}

function positive(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`${flag} must be a positive number, not ${JSON.stringify(value)}`);
  return n;
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof StorageUnavailable) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
