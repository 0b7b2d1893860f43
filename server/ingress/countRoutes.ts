import express from "express";
import { ErrorCode, Rejection } from "../../shared/errors";
import { type GateCount, mergeCount } from "../../shared/ingress";
import { FeedCountBatch } from "../../shared/ingressProtocol";
import { encodeCount } from "../../shared/wire";
import type { Accounts } from "../auth/accounts";
import { roleGate, sendError } from "../http/gate";
import { REPLAY_ROLES } from "../replay/replayRoutes";
import type { CountStore } from "../store/eventStore";
import type { Ingress } from "./ingress";

export interface CountRouteDeps {
  ingress: Ingress;
  accounts: Accounts;
  /** The counts at a time T, for replay (GET …/counts?at=T). */
  store: Pick<CountStore, "countsAt">;
  /** Whether the operation exists. */
  known: (opId: string) => boolean;
  /** The feed tokens (FEED_TOKENS): the turnstile system is a feed like the vehicle trackers. */
  feedTokens: readonly string[];
}

const STATUS: Partial<Record<string, number>> = { [ErrorCode.NotFound]: 404, [ErrorCode.Conflict]: 409 };

/**
 * POST /api/operations/:opId/counts: the turnstile system posts cumulative counts per entrance
 * group (and a queue length where it has one) with a feed bearer token, as the trackers post
 * fixes. The batch is stored whole or refused whole (unknown group, a count going backwards).
 */
export function countRouter(deps: CountRouteDeps): express.Router {
  const api = express.Router();
  api.post("/operations/:opId/counts", (req, res) => {
    const auth = req.headers.authorization ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    if (!token || !deps.feedTokens.includes(token)) return sendError(res, 401, ErrorCode.Unauthenticated, "A feed token is required.");
    const body = FeedCountBatch.safeParse(req.body);
    if (!body.success) {
      return sendError(res, 400, ErrorCode.BadRequest, body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    }
    const readings = body.data.counts.map((c) => ({ ...c, source: "feed" as const, by: "feed" }));
    let stored: Promise<void>;
    try {
      stored = deps.ingress.report(String(req.params.opId), readings);
    } catch (err) {
      if (err instanceof Rejection) return sendError(res, STATUS[err.code] ?? 400, err.code, err.message);
      throw err;
    }
    stored.then(
      () => res.status(202).json({ stored: readings.length }),
      () => sendError(res, 503, ErrorCode.Unavailable, "Counts could not be stored."),
    );
  });
  /**
   * GET /api/operations/:opId/counts?at=T: each group's reading as control saw it at T (the
   * newest per group at or before T, count and queue merged as live), for replay and the debrief.
   */
  api.get("/operations/:opId/counts", roleGate(deps.accounts)(...REPLAY_ROLES, "bronze"), async (req, res) => {
    const opId = String(req.params.opId);
    if (!deps.known(opId)) return sendError(res, 404, ErrorCode.NotFound, `No operation ${opId}.`);
    const at = Number(req.query.at ?? Date.now());
    if (!Number.isSafeInteger(at) || at < 0) return sendError(res, 400, ErrorCode.BadRequest, "at: a time in ms since the epoch.");
    const latest = new Map<string, GateCount>();
    for (const c of await deps.store.countsAt(opId, at)) {
      const held = latest.get(c.groupId);
      latest.set(c.groupId, held ? mergeCount(held, c) : c);
    }
    res.json({ at, counts: [...latest.values()].map(encodeCount) });
  });
  return api;
}
