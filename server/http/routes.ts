import { createHash } from "node:crypto";
import { serialize as serializeCookie } from "cookie";
import express, { type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { BOARD_ROLES } from "../../shared/commandRoles";
import { OpenOperation } from "../../shared/commands";
import { ErrorCode } from "../../shared/errors";
import { fastFeedBatch } from "../../shared/fixParse";
import { FeedBatch, type OperationListing } from "../../shared/protocol";
import type { OperationState } from "../../shared/state";
import type { BoardSettings } from "../../shared/statusTimers";
import type { RefusedSubmissions } from "../audit/refusedSubmissions";
import type { Accounts, User } from "../auth/accounts";
import { listingFor } from "../auth/operationAccess";
import type { Config } from "../config";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import type { Operations } from "../operations/operations";
import type { PhotoStore } from "../photos/photoStore";
import type { PositionLane } from "../positions/positionLane";
import type { CordonServer } from "../socket/gateway";
import type { GatewayLimits } from "../socket/limits";
import { alertAudienceRouter } from "./alertAudienceRoute";
import { commandRouter } from "./commandRoute";
import { roleGate, SESSION_COOKIE, sendError, tokenOf } from "./gate";
import type { SignInThrottle } from "./signInThrottle";

export { SESSION_COOKIE };

export interface RouteDeps {
  config: Config;
  accounts: Accounts;
  ops: Operations;
  lane: PositionLane;
  io: CordonServer;
  logger: Logger;
  metrics: Metrics;
  isReady: () => boolean;
  /** Per account and per address (server/http/signInThrottle.ts). */
  signInThrottle: SignInThrottle;
  /** The socket's per-user budgets, shared by the HTTP command route (commandRoute.ts). */
  limits: Pick<GatewayLimits, "commands" | "reports">;
  /** Photos on reports (issue 12): the HTTP command route decides reports knowing which arrived. */
  photos?: PhotoStore;
  /** Where a phone's command refused for good is kept for control (issue 12 item 1). */
  refused?: RefusedSubmissions;
}

const SignIn = z.object({ username: z.string().min(1).max(80), password: z.string().min(1).max(200) });

/**
 * The signed-in user, and for the board's roles (Gold, Silver, Bronze, control) its settings: status timers
 * and attendance targets in ms (issue 10). Others get null: stewards need not know police targets.
 */
function sessionReply(user: User, config: Config): { user: ReturnType<typeof publicUser>; boardSettings: BoardSettings | null } {
  const control = BOARD_ROLES.includes(user.role);
  return {
    user: publicUser(user),
    boardSettings: control ? { statusTimersMs: config.STATUS_TIMERS, attendanceTargetsMs: config.ATTENDANCE_TARGETS } : null,
  };
}

export const sessionHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** The REST routes (docs/protocol.md lists each with an example). */
export function apiRouter(deps: RouteDeps): express.Router {
  const { accounts, ops, config } = deps;
  const api = express.Router();
  api.use(express.json({ limit: config.MAX_PAYLOAD_BYTES }));

  const requireRole = roleGate(accounts);

  const attempts = deps.signInThrottle;
  api.post("/session", async (req, res) => {
    const body = SignIn.safeParse(req.body);
    if (!body.success) return sendError(res, 400, ErrorCode.BadRequest, "Give a username and a password.");
    // req.ip is the peer, or X-Forwarded-For's client only when the peer is a TRUST_PROXY proxy.
    const address = req.ip ?? "unknown";
    const waitMs = await attempts.check(address, body.data.username);
    if (waitMs !== null) {
      res.setHeader("Retry-After", String(Math.ceil(waitMs / 1000)));
      return sendError(res, 429, ErrorCode.RateLimited, `Too many sign-in attempts; try again in ${Math.ceil(waitMs / 60_000)} min.`);
    }
    const result = await accounts.signIn(body.data.username, body.data.password);
    if (!result) {
      await attempts.failed(address, body.data.username);
      return sendError(res, 401, ErrorCode.Unauthenticated, "Wrong username or password.");
    }
    await attempts.succeeded(address, body.data.username);
    res.setHeader(
      "Set-Cookie",
      serializeCookie(SESSION_COOKIE, result.token, { httpOnly: true, sameSite: "strict", secure: req.secure, path: "/" }),
    );
    deps.logger.info({ user: result.user.id, role: result.user.role }, "signed in");
    res.json(sessionReply(result.user, config));
  });

  api.get("/session", requireRole(), (_req, res) => {
    res.json(sessionReply(res.locals.user as User, config));
  });

  api.delete("/session", async (req, res) => {
    const token = tokenOf(req);
    // Signing out ends every socket of that session at once (DESIGN §8): the session directory
    // tells server/auth/sessionSockets.ts, which closes the session's room.
    if (token) await accounts.signOut(token);
    res.setHeader("Set-Cookie", serializeCookie(SESSION_COOKIE, "", { httpOnly: true, sameSite: "strict", path: "/", maxAge: 0 }));
    res.status(204).end();
  });

  api.get("/operations", requireRole(), (_req, res) => {
    // Only the operations this user may see; stewards and officers learn nothing of the others.
    const operations = listingFor(
      res.locals.user as User,
      ops.all().flatMap((l) => listing(l.state) ?? []),
    );
    res.json({ operations });
  });

  api.post("/operations", requireRole("commander"), async (req, res) => {
    const body = OpenOperation.safeParse(req.body);
    if (!body.success)
      return sendError(res, 400, ErrorCode.BadRequest, body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    const user = res.locals.user as User;
    try {
      const log = await ops.open({ userId: user.id, role: user.role, name: user.name }, body.data);
      res.status(201).json({ operation: listing(log.state) });
    } catch (err) {
      sendError(res, 400, ErrorCode.BadRequest, (err as Error).message);
    }
  });

  /** A vehicle or radio tracking feed posts batches of fixes with a bearer token. */
  api.post("/operations/:opId/positions", (req, res) => {
    const auth = req.headers.authorization ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    if (!token || !config.FEED_TOKENS.includes(token)) return sendError(res, 401, ErrorCode.Unauthenticated, "A feed token is required.");
    const opId = String(req.params.opId);
    if (!ops.get(opId)) return sendError(res, 404, ErrorCode.NotFound, `No operation ${opId}.`);
    // Without zod when the batch is well formed (spec Z14); the schema words what is wrong otherwise.
    let fixes = fastFeedBatch(req.body);
    if (fixes === null) {
      const body = FeedBatch.safeParse(req.body);
      if (!body.success)
        return sendError(res, 400, ErrorCode.BadRequest, body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      fixes = body.data.fixes;
    }
    const count = fixes.length;
    const { unknown, stored } = deps.lane.accept(opId, fixes);
    stored.then(
      () => res.status(202).json({ stored: count - unknown.length, unknown: [...new Set(unknown)] }),
      () => sendError(res, 503, ErrorCode.Unavailable, "Fixes could not be stored."),
    );
  });

  api.use(alertAudienceRouter({ accounts, ops }));

  // A phone's service worker sends its outbox here: it has no socket (commandRoute.ts).
  api.use(
    commandRouter({
      accounts,
      ops,
      metrics: deps.metrics,
      logger: deps.logger,
      limits: deps.limits,
      ...(deps.photos ? { photos: deps.photos } : {}),
      ...(deps.refused ? { refused: deps.refused } : {}),
    }),
  );

  api.use((_req, res) => sendError(res, 404, ErrorCode.NotFound, "No such route."));
  // Express's JSON parser reports oversize and malformed bodies as errors with a status.
  api.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === "entity.too.large") return sendError(res, 413, ErrorCode.TooLarge, `Body over ${config.MAX_PAYLOAD_BYTES} bytes.`);
    if (err.status && err.status < 500) return sendError(res, err.status, ErrorCode.BadRequest, err.message);
    deps.logger.error({ err }, "http handler failed");
    sendError(res, 500, ErrorCode.Internal, "Something went wrong on the server.");
  });
  return api;
}

function listing(state: OperationState): OperationListing | null {
  const op = state.operation;
  if (!op) return null;
  return { id: op.id, name: op.name, venueId: op.venueId, openedAt: op.openedAt, seq: state.seq, phase: op.currentPhase };
}

export function publicUser(u: User) {
  return { id: u.id, name: u.name, role: u.role, sector: u.sector, unitId: u.unitId, post: u.post };
}
