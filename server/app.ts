import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { parse as parseCookie } from "cookie";
import express from "express";
import helmet from "helmet";
import type { Redis } from "ioredis";
import { Server } from "socket.io";
import type { CordonEvent } from "../shared/events";
import type { VenuePlan } from "../shared/venue";
import { deliveries } from "../shared/visibility";
import { adminRouter } from "./admin/adminRoutes";
import { AccessLog, accessLogStoreFor } from "./audit/accessLog";
import { accessLogRouter } from "./audit/accessLogRoutes";
import { accessSearchRouter } from "./audit/accessSearchRoutes";
import { Checkpointer } from "./audit/checkpoints";
import { refusedRouter } from "./audit/refusedRoutes";
import { RefusedSubmissions, refusedStoreFor } from "./audit/refusedSubmissions";
import { Signer } from "./audit/signing";
import { accountStoreFor } from "./auth/accountStore";
import { Accounts } from "./auth/accounts";
import { endSocketsOnSessionEnd } from "./auth/sessionSockets";
import { checkRedis, createRedis } from "./cluster/redis";
import type { Config } from "./config";
import { decisionPrintRouter } from "./decisions/decisionPrintRoute";
import { exportRouter } from "./export/exportRoutes";
import { apiEdge, handshakeAllowed, hostGuard } from "./http/edge";
import { metricsHandler, metricsOnPublicPort, metricsServer } from "./http/metricsRoute";
import { apiRouter, SESSION_COOKIE, sessionHash } from "./http/routes";
import { createSignInThrottle, redisLimiters, type SignInThrottle } from "./http/signInThrottle";
import { createIngress, type IngressParts } from "./ingress/ingressApp";
import { createLogger, type Logger } from "./logger";
import { createMetrics } from "./metrics";
import { Operations } from "./operations/operations";
import { evidenceRouter } from "./partners/evidenceRoutes";
import { methaneRouter } from "./partners/methaneRoutes";
import { PartnerTokens, partnerTokenStoreFor } from "./partners/partnerTokens";
import { tokenAdminRouter } from "./partners/tokenAdminRoutes";
import { photoRouter } from "./photos/photoRoutes";
import { DirectoryPhotoStore, type PhotoStore } from "./photos/photoStore";
import { PositionLane } from "./positions/positionLane";
import { RedisFixShare } from "./positions/redisFixes";
import { unitSectors } from "./positions/unitSectors";
import { ReplayReader } from "./replay/replayReader";
import { replayRouter } from "./replay/replayRoutes";
import { attachGateway, type CordonServer } from "./socket/gateway";
import { HeadClock } from "./socket/heads";
import { gatewayLimits, uploadBudget } from "./socket/limits";
import { opRoom } from "./socket/rooms";
import { dropSlowConsumers, roundRobin } from "./socket/slowConsumers";
import type { EventStore } from "./store/eventStore";
import { openReplayQueries } from "./store/replayQueries";
import { openSqliteStorage, type Storage } from "./store/storage";
import { AttendanceWatcher } from "./system/attendance";
import { BronzeAckWatcher } from "./system/bronzeAck";
import { hysteresisOf, laneFixes, SectorWatcher } from "./system/sectorWatch";
import { loadVenues } from "./venues";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLIENT_DIR = path.resolve(here, "../dist/client");

/** Each socket's output buffer is looked at once every this many seconds (slowConsumers.ts). */
const SLOW_CONSUMER_ROUNDS = 4;

export interface AppDeps {
  config: Config;
  /** Defaults to SQLite at config.DATABASE_PATH; `openStorage(config)` gives PostgreSQL for DATABASE_URL. */
  storage?: Storage;
  /** Record time; the demo passes its scenario clock. */
  now?: () => number;
  /** Real time for sessions' idle and absolute time-outs (tests pass a clock they move). */
  sessionClock?: () => number;
  /** Real time for the upload budget's windows (tests pass a clock they move). */
  limitClock?: () => number;
  logger?: Logger;
}

export interface App {
  httpServer: http.Server;
  io: CordonServer;
  ops: Operations;
  accounts: Accounts;
  storage: Storage;
  /** The event log, snapshots and tracks (storage.log). */
  store: EventStore;
  lane: PositionLane;
  /** Units out of their sector, sectors without cover (issue 11 item 2); tests call its `tick`. */
  sectorWatch: SectorWatcher;
  /** Crowd ingress: turnstile counts on the telemetry lane, the feed's route, the hot-entrance watcher (issue 11 item 7). */
  ingress: IngressParts;
  venues: ReadonlyMap<string, VenuePlan>;
  now: () => number;
  /** The stored log at any moment (issue 3). */
  replay: ReplayReader;
  /** /metrics on a listener of its own when METRICS_PORT is set (the entry file listens on it), else null. */
  metricsServer: http.Server | null;
  /** The process's Redis connection when REDIS_URL is set (fan-out, shared limits and positions). */
  redis: Redis | null;
  /** Sign-in attempts per account and per address (issue 8). */
  signInThrottle: SignInThrottle;
  /** Signs checkpoints and export manifests (issue 13). */
  signer: Signer;
  checkpoints: Checkpointer;
  /** Photos on reports (issue 12): `<DATABASE_PATH>.photos/` unless PHOTO_DIR says otherwise. */
  photos: PhotoStore;
  /** Partners' API tokens (issue 12 item 8), stored hashed beside the accounts. */
  partnerTokens: PartnerTokens;
  /** Loads the stored operations; call before listen. */
  start(): Promise<void>;
  /** Graceful shutdown: stop taking commands, flush, close (clients reconnect by themselves). */
  close(): Promise<void>;
}

/** The composition root (STYLE rule 5): builds everything from its dependencies; never listens. */
export function createApp(deps: AppDeps): App {
  const { config } = deps;
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? createLogger(config.LOG_LEVEL);
  const storage = deps.storage ?? openSqliteStorage(config.DATABASE_PATH, { busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS });
  const store = storage.log;
  const accounts = new Accounts(accountStoreFor(storage), {
    now: deps.sessionClock ?? Date.now,
    policy: { idleMs: config.SESSION_IDLE_MINUTES * 60_000, absoluteMs: config.SESSION_ABSOLUTE_HOURS * 3_600_000 },
    onError: (err) => logger.error({ err }, "session sweep failed (retried in a second)"),
  });
  const metrics = createMetrics();
  const venues = loadVenues();
  // Beside the log, for SQLite and PostgreSQL alike (a shared mount for several processes: PHOTO_DIR).
  const photos = new DirectoryPhotoStore(config.PHOTO_DIR ?? `${path.resolve(config.DATABASE_PATH)}.photos`);
  const partnerTokens = new PartnerTokens(partnerTokenStoreFor(storage));
  let ready = false;

  const web = express();
  web.disable("x-powered-by");
  // X-Forwarded-For is believed only from the configured proxies' addresses (none by default).
  web.set("trust proxy", config.TRUST_PROXY.length > 0 ? config.TRUST_PROXY : false);
  web.use(helmet({ contentSecurityPolicy: { directives: cspDirectives(config) } }));
  const httpServer = http.createServer(web);
  // The port actually listened on (tests listen on port 0): the Host allow-list names it.
  const portOf = () => (httpServer.address() as AddressInfo | null)?.port ?? config.PORT;
  web.use(hostGuard(config, portOf));

  // Several processes (issue 9): socket.io's Redis streams adapter carries broadcasts between
  // them (positions, session ends); each process delivers the log's events to its own sockets.
  const redis = config.REDIS_URL ? createRedis(config.REDIS_URL) : null;
  const io: CordonServer = new Server(httpServer, {
    ...(redis ? { adapter: createAdapter(redis, { streamName: `${config.REDIS_PREFIX}socket.io` }) } : {}),
    // The gate refuses a message over MAX_PAYLOAD_BYTES with a clear ack; the transport's own
    // limit, far above it, only stops a client that sends megabytes.
    maxHttpBufferSize: config.MAX_PAYLOAD_BYTES * 16,
    perMessageDeflate: false,
    serveClient: false,
    allowRequest: (req, callback) => callback(null, handshakeAllowed(req, config, portOf)),
  });
  io.use(async (socket, next) => {
    const token = parseCookie(socket.request.headers.cookie ?? "")[SESSION_COOKIE];
    // Loads a session another process made (shared store); then it is in this process's cache.
    // undefined: the store did not answer, and the client retries; null: sign in again.
    const user = await accounts.session(token).catch(() => undefined);
    if (user === undefined) return next(new Error("unavailable: the account store did not answer"));
    if (!token || !user) return next(new Error("unauthenticated"));
    socket.data.user = user;
    socket.data.sessionHash = sessionHash(token);
    socket.data.joined = [];
    next();
  });

  // Every process applies every event of the log in seq order (its own appends, and those it
  // follows from the store), so each delivers to its own sockets only: a client gets the events
  // in log order whichever process appended them, and none depends on another process staying up.
  const deliver = (opId: string, events: readonly CordonEvent[]) => {
    for (const e of events) {
      metrics.events.inc({ type: e.type });
      for (const d of deliveries(e)) io.local.to(d.rooms.map((r) => opRoom(opId, r))).emit("event", d.event);
      metrics.broadcastSeconds.observe(Math.max(0, now() - e.at) / 1000);
    }
  };
  const ops = new Operations({
    store,
    venues,
    now,
    groupCommitMs: config.GROUP_COMMIT_MS,
    groupCommit: config.GROUP_COMMIT,
    snapshotEvery: config.SNAPSHOT_EVERY,
    onCommitted: deliver,
    onError: (opId, err, what) => logger.error({ err, opId }, what),
    checkHeadsEveryMs: storage.kind === "postgres" ? 2000 : 0,
  });
  // Alarms the server raises itself (issue 9 item 5): missed attendance targets, by the app's clock.
  const attendance = new AttendanceWatcher({
    logs: () => ops.all(),
    targets: config.ATTENDANCE_TARGETS,
    now,
    everyMs: config.ALARM_WATCH_MS,
    lookbackMs: config.ATTENDANCE_LOOKBACK_MINUTES * 60_000,
    onError: (err, what) => logger.error({ err }, what),
  });
  // An incident its sector's Bronze has not acknowledged in time (issue 11): a warning the server raises.
  const bronzeAck = new BronzeAckWatcher({
    logs: () => ops.all(),
    withinMs: config.BRONZE_ACK_MINUTES * 60_000,
    now,
    everyMs: config.ALARM_WATCH_MS,
    lookbackMs: config.ATTENDANCE_LOOKBACK_MINUTES * 60_000,
    onError: (err, what) => logger.error({ err }, what),
  });
  const lane = new PositionLane({
    store,
    flushMs: config.POSITION_FLUSH_MS,
    now,
    unitSector: unitSectors((opId) => ops.get(opId)?.state),
    // Each process sends frames to its own sockets; with Redis the others learn the fixes from
    // the share and send them to theirs (server/positions/redisFixes.ts), so nothing is dropped
    // for a room whose listeners are elsewhere, and nothing arrives twice.
    emit: (opId, room, fixes) => io.local.to(opRoom(opId, room)).emit("positions", { opId, fixes }),
    hasListeners: (opId, room) => (io.sockets.adapter.rooms.get(opRoom(opId, room))?.size ?? 0) > 0,
    share: redis ? new RedisFixShare(redis, config.REDIS_PREFIX) : null,
    onError: (err, what) => logger.warn({ err }, what),
  });
  // Sectors that warn (issue 11 item 2): a unit out of its sector, a sector without the cover its plan requires.
  const sectorWatch = new SectorWatcher({
    logs: () => ops.all(),
    venues,
    latestFixes: laneFixes(lane),
    hysteresis: hysteresisOf(config),
    everyMs: config.SECTOR_WATCH_MS,
    onError: (err, what) => logger.error({ err }, what),
  });
  // Turnstile counts: the telemetry lane's second kind, and the warning when an entrance runs hot.
  const ingress = createIngress({
    store,
    accounts,
    ops,
    venues,
    io,
    redis,
    redisPrefix: config.REDIS_PREFIX,
    flushMs: config.POSITION_FLUSH_MS,
    feedTokens: config.FEED_TOKENS,
    now,
    watchEveryMs: 2000,
    onError: (err, what) => logger.warn({ err }, what),
  });
  // Each process tells its own sockets: control when the seq moves (and a heartbeat), the others
  // their clock now and then (server/socket/heads.ts).
  const heads = new HeadClock(
    {
      control: (head) => io.local.to(opRoom(head.opId, "control")).emit("head", head),
    },
    now,
  );
  // Sign-out, expiry, disable and rights changes close every socket of the session at once.
  endSocketsOnSessionEnd(io, accounts.sessions);
  // One set of budgets for the socket and the HTTP command route: a user cannot double them.
  const limits = gatewayLimits(config, redis);
  // Photos and partners' evidence share one budget per account (images a minute).
  const uploads = uploadBudget(config, redis, deps.limitClock ?? Date.now);
  // A phone's command refused for good is kept for control, beside the access log (issue 12 item 1).
  const refused = new RefusedSubmissions(refusedStoreFor(storage), Date.now, (err) =>
    logger.error({ err }, "refused submission not recorded"),
  );
  attachGateway({
    io,
    ops,
    lane,
    ingress,
    logger,
    metrics,
    rate: { perSecond: config.COMMAND_RATE_PER_SEC, burst: config.COMMAND_BURST },
    limits,
    sessionLive: (hash) => accounts.isLive(hash),
    maxPayloadBytes: config.MAX_PAYLOAD_BYTES,
    now,
    heads,
    photos,
    refused,
  });

  web.get("/healthz", (_req, res) => res.json({ ok: true }));
  web.get("/readyz", (_req, res) => (ready ? res.json({ ready: true }) : res.status(503).json({ ready: false })));
  // Metrics with a token, or on a listener of their own, or not at all (never the client's page either).
  if (metricsOnPublicPort(config)) web.get("/metrics", metricsHandler(metrics, config.METRICS_TOKEN));
  else web.get("/metrics", (_req, res) => res.status(404).type("text").send("Not found."));
  const ownMetricsServer = metricsServer(config, metrics);
  // Replay, exports and the access log (issue 3): read-only, logged, and in real time, not record time.
  const access = new AccessLog(accessLogStoreFor(storage), Date.now);
  const onError = (err: unknown, what: string) => logger.error({ err }, what);
  // Signed checkpoints of every live log's head, beside the database unless configured (issue 13).
  const dataDir = path.dirname(path.resolve(config.DATABASE_PATH));
  const signer = Signer.fromFile(config.CHECKPOINT_KEY_FILE ?? path.join(dataDir, "checkpoint-key.pem"));
  const checkpoints = new Checkpointer({
    signer,
    dirs: [
      config.CHECKPOINT_DIR ?? path.join(dataDir, "checkpoints"),
      ...(config.CHECKPOINT_WITNESS_DIR ? [config.CHECKPOINT_WITNESS_DIR] : []),
    ],
    everyMs: config.CHECKPOINT_EVERY_MS,
    now,
    heads: () => ops.all().map((log) => ({ opId: log.opId, ...log.head })),
    onError,
  });
  // Replay and exports read through the storage's replay queries (SQLite or PostgreSQL).
  const replayQueries = openReplayQueries(storage);
  const replay = new ReplayReader(replayQueries, { snapshotEvery: config.SNAPSHOT_EVERY, onError, keyId: signer.keyId });
  const throttleLimits = {
    windowMs: config.SIGNIN_WINDOW_MS,
    perAccount: config.SIGNIN_MAX_PER_ACCOUNT,
    perAddress: config.SIGNIN_MAX_PER_ADDRESS,
  };
  // With Redis every process counts the same attempts (issue 9), falling back to memory while it is down.
  const signInThrottle = createSignInThrottle(
    throttleLimits,
    redis ? redisLimiters(redis, throttleLimits, config.REDIS_PREFIX) : undefined,
  );
  web.use(
    "/api",
    apiEdge(config, portOf),
    replayRouter({ accounts, ops, reader: replay, access }),
    exportRouter({ accounts, ops, store: replayQueries, access, venues, now: Date.now, onError, signer }),
    decisionPrintRouter({ accounts, ops, access, now: Date.now }),
    accessLogRouter({ accounts, ops, access }),
    accessSearchRouter({ accounts, access, now: Date.now, onError }),
    adminRouter({ accounts, ops, access, maxPayloadBytes: config.MAX_PAYLOAD_BYTES }),
    photoRouter({ accounts, ops, photos, access, maxBytes: config.PHOTO_MAX_BYTES, uploads }),
    evidenceRouter({ accounts, ops, photos, tokens: partnerTokens, venues, maxBytes: config.PHOTO_MAX_BYTES, uploads }),
    methaneRouter({ accounts, ops, tokens: partnerTokens, access }),
    tokenAdminRouter({ accounts, tokens: partnerTokens, access }),
    refusedRouter({ accounts, refused }),
    ingress.router,
  );
  web.use(
    "/api",
    apiRouter({ config, accounts, ops, lane, io, logger, metrics, isReady: () => ready, signInThrottle, limits, photos, refused }),
  );
  serveClient(web);

  // Once a second: slow consumers dropped (a quarter of the sockets looked at each time), and heads
  // to those who need one (only control learns the log's length; see HeadClock for who hears what and when).
  const slowConsumerShare = roundRobin(io.sockets.sockets, SLOW_CONSUMER_ROUNDS);
  const headTimer = setInterval(() => {
    dropSlowConsumers(slowConsumerShare(), config.MAX_SOCKET_BUFFER_BYTES, logger, metrics);
    heads.tick(ops.all().map((log) => ({ opId: log.opId, seq: log.state.seq })));
  }, 1000);
  headTimer.unref();

  return {
    httpServer,
    io,
    ops,
    accounts,
    storage,
    store,
    lane,
    sectorWatch,
    ingress,
    venues,
    now,
    replay,
    metricsServer: ownMetricsServer,
    redis,
    signInThrottle,
    signer,
    checkpoints,
    photos,
    partnerTokens,
    async start() {
      if (redis && config.REDIS_URL) await checkRedis(redis, config.REDIS_URL);
      await ops.loadAll();
      await accounts.sessions.start();
      // Subscribed before reading the latest fixes, so none published in between is missed.
      await lane.startSharing();
      for (const log of ops.all()) await lane.loadLatest(log.opId);
      await ingress.start();
      checkpoints.start();
      attendance.start();
      bronzeAck.start();
      sectorWatch.start();
      logger.info({ keyId: signer.keyId }, "checkpoints signed with this key (its public half is beside the key file)");
      ready = true;
    },
    async close() {
      ready = false;
      clearInterval(headTimer);
      accounts.sessions.close();
      await attendance.close();
      await bronzeAck.close();
      await sectorWatch.close();
      await ops.closeAll();
      checkpoints.close();
      await lane.close();
      await ingress.close();
      await replay.close();
      // Say why, then close the transports without a disconnect packet: clients reconnect on
      // their own and catch up from their last seq (a server-side disconnect would stop them).
      io.local.emit("server:restarting", { reason: "The server is restarting; reconnecting automatically." });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise<void>((resolve) => io.close(() => resolve()));
      if (ownMetricsServer?.listening) await new Promise((resolve) => ownMetricsServer.close(resolve));
      redis?.disconnect();
      await storage.close();
    },
  };
}

function cspDirectives(config: Config) {
  // https://{s}.tile.example.org/{z}/{x}/{y}.png → https://*.tile.example.org
  const tiles = config.TILE_URL ? [config.TILE_URL.replace(/^(https?:\/\/[^/]+).*$/, "$1").replace("{s}", "*")] : [];
  return {
    defaultSrc: ["'self'"],
    imgSrc: ["'self'", "data:", "blob:", ...tiles],
    // Leaflet positions its panes with inline styles.
    styleSrc: ["'self'", "'unsafe-inline'"],
    connectSrc: ["'self'"],
    workerSrc: ["'self'"],
    upgradeInsecureRequests: null,
  };
}

function serveClient(web: express.Express): void {
  const index = path.join(CLIENT_DIR, "index.html");
  // Source maps hold the whole client source: never served, even if a build leaves one behind.
  web.get(/\.map$/, (_req, res) => res.status(404).type("text").send("Not found."));
  web.use(express.static(CLIENT_DIR, { index: false }));
  web.get(/^\/(?!api|socket\.io).*/, (_req, res) => {
    if (fs.existsSync(index)) return res.sendFile(index);
    res.status(503).type("text").send("The client is not built yet: run `npm run build`.");
  });
}
