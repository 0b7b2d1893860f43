import express from "express";
import { ErrorCode } from "../../shared/errors";
import { alertAudience } from "../alerts/alertAudience";
import type { Accounts } from "../auth/accounts";
import { maySee } from "../auth/operationAccess";
import type { Operations } from "../operations/operations";
import { roleGate, sendError, userIn } from "./gate";

/**
 * GET /api/operations/:opId/alerts/:alertId/audience (control only): who an alert was addressed
 * to, by post or call sign, and when each saw it (server/alerts/alertAudience.ts). The board counts
 * receipts from the log itself; this is the list behind "who has not seen it".
 */
export function alertAudienceRouter(deps: { accounts: Accounts; ops: Operations }): express.Router {
  const router = express.Router();
  const requireRole = roleGate(deps.accounts);
  router.get("/operations/:opId/alerts/:alertId/audience", requireRole("gold", "commander", "controller"), async (req, res) => {
    const opId = String(req.params.opId);
    const alertId = String(req.params.alertId);
    const log = deps.ops.get(opId);
    if (!log || !maySee(userIn(res), opId)) return sendError(res, 404, ErrorCode.NotFound, `No operation ${opId}.`);
    const alert = log.state.alerts.find((a) => a.id === alertId);
    if (!alert) return sendError(res, 404, ErrorCode.NotFound, `No alert ${alertId}.`);
    res.json(alertAudience(alert, log.state, opId, await deps.accounts.list()));
  });
  return router;
}
