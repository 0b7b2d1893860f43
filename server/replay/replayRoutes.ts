import express, { type Response } from "express";
import { z } from "zod";
import type { Role } from "../../shared/domain";
import { ErrorCode } from "../../shared/errors";
import { type ReplayState, StateQuery, WindowQuery } from "../../shared/replay";
import type { AccessLog } from "../audit/accessLog";
import type { Accounts } from "../auth/accounts";
import { maySee, type OperationScope } from "../auth/operationAccess";
import { roleGate, sendError, userIn } from "../http/gate";
import type { OperationLog } from "../operations/operationLog";
import type { Operations } from "../operations/operations";
import { WindowTooLarge } from "./positionTrack";
import type { ReplayReader } from "./replayReader";

/** Who may open a replay or export (DESIGN §4: analysts, and command roles). */
export const REPLAY_ROLES: readonly Role[] = ["analyst", "gold", "commander", "controller"];

/** A window is for playback: at most 15 minutes of operation (600x fetches 10 at a time). */
export const MAX_WINDOW_MS = 15 * 60_000;

export interface ReplayDeps {
  accounts: Accounts;
  ops: Operations;
  reader: ReplayReader;
  access: AccessLog;
}

/** `?seq=N`: the board after exactly N events (a server extension, used by the tests). */
const SeqQuery = z.object({ seq: z.coerce.number().int().min(0) });

/** What a print of the replay shows: the debrief (charts, timeline, decisions) at a board time. */
const PrintBody = z.object({ what: z.enum(["debrief"]).default("debrief"), at: z.number().int().min(0).optional() }).strict();

/**
 * The replay routes (issue 3; contract in shared/replay.ts). Read-only. Opening a replay
 * (POST …/replay/open) is written to the access log (DPA 2018 s.62) before anything is sent, and
 * so is printing its debrief (POST …/replay/print, called before the browser prints); seeks and
 * windows within it are not, or the log would drown in scrubbing. Whatever writes to the log is
 * a POST: a GET has no side effect another site could set off.
 */
export function replayRouter(deps: ReplayDeps): express.Router {
  const { reader, access } = deps;
  const router = express.Router();
  const gate = roleGate(deps.accounts)(...REPLAY_ROLES);

  router.post("/operations/:opId/replay/open", gate, async (req, res) => {
    const log = operation(deps.ops, String(req.params.opId), res);
    if (!log) return;
    // Logged before anything is served (DPA 2018 s.62): a failed write serves nothing.
    await access.record({ user: userIn(res), opId: log.opId, action: "replay.open" });
    const op = log.state.operation!;
    sensitive(res).json(await reader.meta(log.opId, op.name, op.venueId));
  });

  router.post("/operations/:opId/replay/print", gate, async (req, res) => {
    const log = operation(deps.ops, String(req.params.opId), res);
    if (!log) return;
    const body = PrintBody.safeParse(req.body ?? {});
    if (!body.success) return sendError(res, 400, ErrorCode.BadRequest, "Say what is printed: { what, at? } (at: ms, the board's time).");
    const { what, at } = body.data;
    await access.record({
      user: userIn(res),
      opId: log.opId,
      action: "replay.print",
      target: what,
      detail: at === undefined ? null : `board at ${new Date(at).toISOString()}`,
    });
    res.status(204).end();
  });

  router.get("/operations/:opId/replay/state", gate, async (req, res) => {
    const log = operation(deps.ops, String(req.params.opId), res);
    if (!log) return;
    const bySeq = SeqQuery.safeParse(req.query);
    if (bySeq.success && req.query.at === undefined) return sendState(res, await reader.stateAtSeq(log.opId, bySeq.data.seq));
    const q = StateQuery.safeParse(req.query);
    if (!q.success) return sendError(res, 400, ErrorCode.BadRequest, "Give at=<ms since 1970> and basis=record or reporter (or seq=<n>).");
    sendState(res, await reader.stateAt(log.opId, q.data.at, q.data.basis));
  });

  router.get("/operations/:opId/replay/window", gate, async (req, res) => {
    const log = operation(deps.ops, String(req.params.opId), res);
    if (!log) return;
    const q = WindowQuery.safeParse(req.query);
    if (!q.success || q.data.to < q.data.from) {
      return sendError(res, 400, ErrorCode.BadRequest, "Give from=<ms> and to=<ms> with to ≥ from (and optionally step=<ms>).");
    }
    if (q.data.to - q.data.from > MAX_WINDOW_MS) {
      return sendError(res, 400, ErrorCode.BadRequest, `A window is at most ${MAX_WINDOW_MS / 60_000} minutes.`);
    }
    try {
      sensitive(res).json(await reader.window(log.opId, q.data.from, q.data.to, q.data.step));
    } catch (err) {
      if (!(err instanceof WindowTooLarge)) throw err;
      sendError(res, 400, ErrorCode.BadRequest, err.message);
    }
  });

  return router;
}

/** The operation, or a 404 sent. */
export function operation(ops: Operations, opId: string, res: Response): OperationLog | null {
  const log = ops.get(opId);
  // Per-operation access (issue 8 item 1): an account limited to other operations is refused.
  const user = res.locals.user as OperationScope | undefined;
  if (log?.state.operation && user && !maySee(user, opId)) {
    sendError(res, 403, ErrorCode.Forbidden, "Your account may not see this operation.");
    return null;
  }
  if (log?.state.operation) return log;
  sendError(res, 404, ErrorCode.NotFound, `No operation ${opId}.`);
  return null;
}

/** Sensitive reads are never kept by a browser or proxy cache. */
export function sensitive(res: Response): Response {
  return res.setHeader("Cache-Control", "no-store");
}

function sendState(res: Response, r: ReplayState): void {
  sensitive(res).json(r);
}
