import { randomBytes } from "node:crypto";
import fs from "node:fs";
import pino from "pino";
import { createApp } from "../server/app";
import { accountStoreFor, type StoredUser } from "../server/auth/accountStore";
import { seedDemoAccounts, tokenHash } from "../server/auth/accounts";
import { loadConfig } from "../server/config";
import { LISTEN_BACKLOG } from "../server/http/listen";
import { SESSION_COOKIE } from "../server/http/routes";
import { openSqliteStorage } from "../server/store/storage";
import { CommandBodies } from "../shared/commands";
import { attachProbe } from "./stadiumProbe";
import { type Credentials, profileFromEnv, unitsOf } from "./stadiumProfile";

/**
 * The stadium bench's Cordon server (bench/stadium.ts starts it): the real app on a temp SQLite
 * file, in its own process, with the probe the parent reads over IPC. It seeds the demo accounts
 * as the tests do, opens an operation, registers one unit per tracked device through the
 * operation's own command path, and makes one account per control screen, steward and officer's
 * phone with a live session each, written to STADIUM_CREDS for the load processes. The accounts
 * and sessions go straight into the account store with one real Argon2id hash: 4,000 sign-ins
 * would cost minutes of hashing that the bench does not measure. Prints `READY <port> <opId>`.
 */
const profile = profileFromEnv();
const config = loadConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
const storage = openSqliteStorage(config.DATABASE_PATH, { busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS });
// Warnings and errors to stderr, which the bench shows: stdout carries READY to the parent.
const logger = pino({ level: config.LOG_LEVEL, base: { service: "cordon-bench" } }, pino.destination(2));
const app = createApp({ config, storage, logger });
await app.start();
await seedDemoAccounts(app.accounts, "demo");
const log = await app.ops.open(
  { userId: "bench", role: "commander", name: "Bench" },
  { name: "Stadium bench", venueId: "wembley", cadStart: 4000, phases: [] },
);

// One unit per device, as control registers them, in batches the group commit can take together.
const units = unitsOf(
  profile,
  [...(app.venues.get("wembley")?.sectors ?? [])].map((s) => s.id),
);
const controlSender = { actor: { userId: "bench", role: "controller" as const, name: "Bench" }, unitId: null };
for (let i = 0; i < units.length; i += 500) {
  const acks = await Promise.all(
    units.slice(i, i + 500).map((u) =>
      log.execute(
        controlSender,
        {
          name: "unit:register",
          body: { unitId: u.id, callSign: u.callSign, kind: "serial", agency: "MPS", sector: u.sector, parentId: null, strength: 6 },
        },
        `bench-unit-${u.id}`,
      ),
    ),
  );
  const refused = acks.find((a) => !a.ok);
  if (refused) throw new Error(`unit:register refused: ${JSON.stringify(refused)}`);
}

const credentials = await makeAccounts();
await prefill();
fs.writeFileSync(process.env.STADIUM_CREDS ?? "", JSON.stringify(credentials));
attachProbe();
app.httpServer.listen({ port: 0, host: "127.0.0.1", backlog: LISTEN_BACKLOG }, () => {
  const address = app.httpServer.address();
  console.log(`READY ${typeof address === "object" && address ? address.port : 0} ${log.opId}`);
});
process.on("SIGTERM", () => {
  void app.close().then(() => process.exit(0));
});

/**
 * The reports a match under way already holds (STADIUM_LOG_EVENTS), each from one of the bench's
 * stewards, through the log's own command path, 500 at a time so the group commit takes them together.
 */
async function prefill(): Promise<void> {
  const posts = [...(app.venues.get("wembley")?.posts ?? [])];
  for (let i = 0; i < profile.logEvents; i += 500) {
    const acks = await Promise.all(
      Array.from({ length: Math.min(500, profile.logEvents - i) }, (_, k) => {
        const n = i + k;
        const steward = n % Math.max(1, profile.stewards);
        const body = CommandBodies["report:submit"].parse({
          type: "crowd-surge",
          postId: posts[steward % posts.length]?.id ?? "post-ow-boxpark",
          text: `Earlier report ${n}`,
          reporterTime: Date.now(),
        });
        const sender = { actor: { userId: `u-bs-${steward}`, role: "steward" as const, name: `Bench steward ${steward}` }, unitId: null };
        return log.execute(sender, { name: "report:submit", body }, `bench-prefill-${n}`);
      }),
    );
    const refused = acks.find((a) => !a.ok);
    if (refused) throw new Error(`prefill report refused: ${JSON.stringify(refused)}`);
  }
}

/** Accounts and live sessions for every client of the profile, in one transaction. */
async function makeAccounts(): Promise<Credentials> {
  const store = accountStoreFor(storage);
  const template = await app.accounts.create({
    username: "bench-template",
    name: "Bench template",
    role: "steward",
    sector: null,
    unitId: null,
    post: null,
    operations: [],
    password: "bench-password-not-secret",
  });
  const passwordHash = (await store.userByUsername(template.username))?.passwordHash ?? "";
  const posts = [...(app.venues.get("wembley")?.posts ?? [])];
  const now = Date.now();
  const cookieFor = async (user: Omit<StoredUser, "disabled" | "passwordHash" | "operations">): Promise<string> => {
    await store.insertUser({ ...user, disabled: false, passwordHash, operations: [] });
    const token = randomBytes(32).toString("base64url");
    await store.createSession({ hash: tokenHash(token), userId: user.id, createdAt: now, expiresAt: now + 12 * 3_600_000 });
    return `${SESSION_COOKIE}=${token}`;
  };
  const db = storage.sqlite;
  db?.exec("BEGIN");
  const controls: string[] = [];
  for (let i = 0; i < profile.controls; i++) {
    const base = { id: `u-bc-${i}`, username: `bench-control-${i}`, name: `Bench control ${i}` };
    // The first screen is Silver's: the reconnect step times its decisions, and since issue 11
    // `decision:log` is a commander's (a controller's is refused).
    const role = i === 0 ? "commander" : "controller";
    controls.push(await cookieFor({ ...base, role, sector: null, unitId: null, post: null }));
  }
  const stewards: Credentials["stewards"] = [];
  for (let i = 0; i < profile.stewards; i++) {
    const post = posts[i % posts.length];
    const base = { id: `u-bs-${i}`, username: `bench-steward-${i}`, name: `Bench steward ${i}` };
    const cookie = await cookieFor({ ...base, role: "steward", sector: post?.sector ?? null, unitId: null, post: post?.id ?? null });
    stewards.push({ cookie, postId: post?.id ?? "post-ow-boxpark" });
  }
  const officers: Credentials["officers"] = [];
  for (const u of units.filter((u) => u.phone)) {
    const base = { id: `u-bo-${u.id}`, username: `bench-officer-${u.id}`, name: `Bench officer ${u.id}` };
    // No sector on the account: an officer's phone hears its own unit, not its sector's (see stadiumProfile.ts).
    officers.push({ cookie: await cookieFor({ ...base, role: "officer", sector: null, unitId: u.id, post: null }), unitId: u.id });
  }
  db?.exec("COMMIT");
  return {
    opId: log.opId,
    feedToken: profile.feedToken,
    controls,
    stewards,
    officers,
    feedUnits: units.filter((u) => !u.phone).map((u) => u.id),
  };
}
