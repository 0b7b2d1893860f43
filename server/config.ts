import { isIP } from "node:net";
import { z } from "zod";
import { DEFAULT_STATUS_TIMERS, StatusTimersSetting } from "../shared/statusTimers";
import { AttendanceTargetsSetting, DEFAULT_ATTENDANCE_TARGETS } from "./system/attendanceTargets";

/**
 * Configuration comes from the environment, parsed once at start-up (DESIGN §9).
 * A bad value stops the process with a message naming the variable.
 */
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const list = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_PATH: z.string().min(1).default("data/cordon.db"),
  /**
   * PostgreSQL for every store (issue 9): `postgres://user@host:5432/db`. Unset: the embedded
   * SQLite file at DATABASE_PATH. Several processes may share one.
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, "a postgres:// or postgresql:// URL")
    .optional(),
  /** Connections each process keeps open to PostgreSQL. */
  PG_POOL_MAX: z.coerce.number().int().min(2).max(200).default(10),
  /**
   * Redis for fan-out between processes (socket.io's Redis streams adapter), the shared latest
   * positions and the shared rate limits: `redis://host:6379`. Unset: one process.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, "a redis:// or rediss:// URL")
    .optional(),
  /** The start of every Redis key and stream this deployment uses (several deployments, or tests, on one Redis). */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, "letters, digits and _ . : - (at most 64)")
    .default("cordon:"),
  ALLOWED_ORIGINS: list.default([]),
  /**
   * Host names (with `:port` unless it is 80/443) the server answers to, beside HOST:PORT and
   * localhost, 127.0.0.1 and [::1] with the port. Any other Host is refused (DNS rebinding).
   */
  ALLOWED_HOSTS: list.default([]).pipe(z.array(z.string().regex(/^[a-z0-9.\-[\]:]+$/i, "a host or host:port"))),
  /**
   * The reverse proxies whose X-Forwarded-For is believed: addresses or CIDRs (`10.0.0.1,
   * 10.1.0.0/16`) or express's names `loopback`, `linklocal`, `uniquelocal`. Empty: none.
   */
  TRUST_PROXY: z
    .string()
    .transform((v) => (v === "false" || v === "0" ? "" : v))
    .pipe(list)
    .pipe(z.array(z.string().refine(isProxyAddress, "an IP address, a CIDR, loopback, linklocal or uniquelocal (not true)")))
    .default([]),
  /** A bearer token for GET /metrics; with neither it nor METRICS_PORT, /metrics is not served. */
  METRICS_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  /** Serve /metrics on its own listener (METRICS_HOST:METRICS_PORT) and not on the public port. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** Sign-in throttle: failed attempts per account, and attempts per address, within the window. */
  SIGNIN_WINDOW_MS: z.coerce.number().int().min(100).max(86_400_000).default(900_000),
  SIGNIN_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).max(10_000).default(10),
  SIGNIN_MAX_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(20),
  SNAPSHOT_EVERY: z.coerce.number().int().min(10).max(1_000_000).default(10_000),
  GROUP_COMMIT_MS: z.coerce.number().int().min(0).max(50).default(0),
  /** false: one transaction per command (only to measure what group commit buys). */
  GROUP_COMMIT: bool.default(true),
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  /** A socket whose unsent output passes this is too slow to keep: it is disconnected. */
  MAX_SOCKET_BUFFER_BYTES: z.coerce.number().int().min(65_536).max(1_073_741_824).default(8_388_608),
  POSITION_FLUSH_MS: z.coerce.number().int().min(10).max(1000).default(50),
  /**
   * Attendance targets per grade (server/system/attendanceTargets.ts): `I:assign=120s,arrive=900s;S:assign=600s`,
   * or `none`. A missed one becomes an AttendanceTargetMissed event made by the server.
   */
  ATTENDANCE_TARGETS: z.string().default(DEFAULT_ATTENDANCE_TARGETS).pipe(AttendanceTargetsSetting),
  /** A target due longer ago than this is not flagged: a restart raises no alarm over an old operation. */
  ATTENDANCE_LOOKBACK_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  /**
   * How long an open incident in a sector may wait for that sector's Bronze to acknowledge it
   * before the server warns (a BronzeAckOverdue event, issue 11). Looks back as far as
   * ATTENDANCE_LOOKBACK_MINUTES.
   */
  BRONZE_ACK_MINUTES: z.coerce.number().int().min(1).max(240).default(3),
  /**
   * How often the server looks for missed attendance targets and incidents their Bronze has not
   * acknowledged (ms). Never 0: these alarms are not optional; the tests look more often.
   */
  ALARM_WATCH_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /**
   * Sectors that warn (server/system/sectorWatch.ts): how often the server looks at units' fixes
   * against their sectors and at each sector's cover (ms; 0: off). A unit has left its sector once
   * SECTOR_CONFIRM_FIXES fixes in a row are more than SECTOR_LEAVE_MARGIN_M outside it, and is back
   * once as many are more than SECTOR_RETURN_MARGIN_M inside (docs/architecture.md, "Geofences").
   */
  SECTOR_WATCH_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  SECTOR_LEAVE_MARGIN_M: z.coerce.number().min(0).max(1000).default(25),
  SECTOR_RETURN_MARGIN_M: z.coerce.number().min(0).max(1000).default(10),
  SECTOR_CONFIRM_FIXES: z.coerce.number().int().min(1).max(20).default(2),
  /**
   * CAD status timers (shared/statusTimers.ts): how long each unit status may last before the
   * control board flags the unit, `en-route=10m,on-scene=45m,…`, or `none`.
   */
  STATUS_TIMERS: z.string().default(DEFAULT_STATUS_TIMERS).pipe(StatusTimersSetting),
  MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(65_536),
  COMMAND_RATE_PER_SEC: z.coerce.number().min(1).max(10_000).default(20),
  COMMAND_BURST: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Reports one steward may send a minute; more are refused `rate_limited` (the phone keeps them). */
  STEWARD_REPORTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** Sockets one sign-in session may hold open; a handshake past it is refused. */
  MAX_SOCKETS_PER_SESSION: z.coerce.number().int().min(1).max(100_000).default(8),
  /** Sockets one user may hold open across all their sessions. */
  MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).max(100_000).default(20),
  /** The most events one hello reply carries; more follow with `complete: false`. */
  HELLO_PAGE_EVENTS: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** About the most bytes of events one hello reply carries (one event always goes). */
  HELLO_PAGE_BYTES: z.coerce.number().int().min(1024).max(67_108_864).default(1_048_576),
  FEED_TOKENS: list.default([]),
  /** A session with no request and no socket message for this long ends (its sockets too). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(120),
  /** A session ends this long after sign-in, however busy. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(168).default(14),
  /** Signed checkpoints of each log's head (issue 13): where they are appended; default beside the database. */
  CHECKPOINT_DIR: z.string().min(1).optional(),
  /** A second sink for the checkpoints (a witness: a directory copied off the machine or mounted from another). */
  CHECKPOINT_WITNESS_DIR: z.string().min(1).optional(),
  /** The Ed25519 private key (PKCS#8 PEM) that signs checkpoints and export manifests; made on first start. */
  CHECKPOINT_KEY_FILE: z.string().min(1).optional(),
  CHECKPOINT_EVERY_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /**
   * Photos on reports and partners' evidence (issue 12): the largest upload accepted, in bytes,
   * before it is re-encoded (the stored JPEG is at most 1600 px a side, so far smaller).
   */
  PHOTO_MAX_BYTES: z.coerce.number().int().min(1024).max(104_857_600).default(10_485_760),
  /**
   * Images one account may upload a minute, photos and partners' evidence together (each file of an
   * evidence submission counts); past it, 429 with Retry-After before the body is read, nothing kept.
   */
  UPLOADS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  /** Where photos are kept (content-addressed, one folder per operation); default `<DATABASE_PATH>.photos`. */
  PHOTO_DIR: z.string().min(1).optional(),
  TILE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof Env>;

function isProxyAddress(v: string): boolean {
  if (v === "loopback" || v === "linklocal" || v === "uniquelocal") return true;
  const [addr = "", bits, ...rest] = v.split("/");
  const family = isIP(addr);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(Object.keys(Env.shape).map((k) => [k, env[k] === "" ? undefined : env[k]]));
  const parsed = Env.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}=${JSON.stringify(known[String(i.path[0])])}: ${i.message}`);
    throw new ConfigError(`Bad configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** Defaults for tests and tools, with overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // No sector watcher unless a test asks for it: its warnings would land in the middle of other tests' logs.
  return { ...loadConfig({}), PORT: 0, LOG_LEVEL: "silent", SECTOR_WATCH_MS: 0, ...overrides };
}
