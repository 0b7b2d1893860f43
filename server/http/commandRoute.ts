import express from "express";
import { COMMAND_NAMES, type CommandName, commandEnvelope } from "../../shared/commands";
import { type Ack, ErrorCode, Rejection } from "../../shared/errors";
import type { RefusedSubmissions } from "../audit/refusedSubmissions";
import type { Accounts } from "../auth/accounts";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import type { Operations } from "../operations/operations";
import type { PhotoStore } from "../photos/photoStore";
import { command$ } from "../socket/gateway";
import type { GatewayLimits } from "../socket/limits";
import { roleGate, userIn } from "./gate";

export interface CommandRouteDeps {
  accounts: Accounts;
  ops: Operations;
  metrics: Metrics;
  logger: Logger;
  limits: Pick<GatewayLimits, "commands" | "reports">;
  /** Where uploaded photos are: a report naming photos is decided knowing which arrived (issue 12). */
  photos?: PhotoStore;
  /** Where a phone's command refused for good is kept for control (issue 12 item 1). */
  refused?: RefusedSubmissions;
}

/**
 * Commands a phone may send over HTTP, for its service worker (which has no socket): the
 * outbox's steward reports, and the officer's statuses, notes and acknowledgements. Control keeps
 * the socket.
 */
const PHONE_COMMANDS = new Set<CommandName>(["report:submit", "unit:status", "incident:note", "incident:acknowledge", "alert:seen"]);

const STATUS: Record<string, number> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.TooLarge]: 413,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.Unavailable]: 503,
};

/**
 * `POST /api/operations/:opId/commands/:name` with `{ key, body }` and the session cookie: the
 * same gate as a socket command (the user's message budget, the envelope's schema, the role
 * check, the report cap, the operation log's decide and idempotency key), answered with the
 * same ack, `{ ok: true, data } | { ok: false, error }`, under an HTTP status that says which.
 */
export function commandRouter(deps: CommandRouteDeps): express.Router {
  const router = express.Router();
  const signedIn = roleGate(deps.accounts)();
  router.post("/operations/:opId/commands/:name", signedIn, async (req, res) => {
    const reply = (ack: Ack<unknown>) => res.status(ack.ok ? 200 : (STATUS[ack.error.code] ?? 500)).json(ack);
    const name = String(req.params.name) as CommandName;
    if (!COMMAND_NAMES.includes(name) || !PHONE_COMMANDS.has(name))
      return reply(fail(ErrorCode.NotFound, `No command ${name} over HTTP; use the socket.`));
    const user = userIn(res);
    const verdict = await deps.limits.commands.take(user.id);
    if (!verdict.ok) {
      res.setHeader("Retry-After", String(Math.ceil(verdict.retryAfterMs / 1000)));
      return reply(fail(ErrorCode.RateLimited, "Too many messages from your account: slow down."));
    }
    const wire = commandEnvelope(name).safeParse({ ...(req.body as object), opId: String(req.params.opId) });
    if (!wire.success) {
      deps.metrics.rejected.inc({ code: ErrorCode.BadRequest });
      const issues = wire.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
      const message = `Malformed ${name}: ${issues.map((i) => `${i.path || "payload"}: ${i.message}`).join("; ")}`;
      return reply({ ok: false, error: { code: ErrorCode.BadRequest, message, issues } });
    }
    try {
      // No clock offset: the phone's reporterTime is already on the server's clock as it knew it.
      await command$(deps, user, name, wire.data, reply, null);
    } catch (err) {
      if (err instanceof Rejection) return reply(fail(err.code, err.message));
      deps.logger.error({ err, command: name, user: user.id }, "http command failed");
      reply(fail(ErrorCode.Internal, "Something went wrong on the server; nothing was recorded."));
    }
  });
  return router;
}

function fail(code: ErrorCode, message: string): Ack<never> {
  return { ok: false, error: { code, message } };
}
