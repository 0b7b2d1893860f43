import express from "express";
import { ErrorCode } from "../../shared/errors";
import type { Accounts } from "../auth/accounts";
import { roleGate, sendError, userIn } from "../http/gate";
import type { Operations } from "../operations/operations";
import { operation, sensitive } from "../replay/replayRoutes";
import type { AccessLog } from "./accessLog";
import { ACCESS_LOG_READERS, DETAIL_READERS } from "./roles";

/**
 * The access log, per operation, and the incident-detail consultation it records.
 * - POST /api/operations/:opId/access-log: who opened, printed or exported what, newest first.
 *   Reading it is itself logged, so it is a POST. There is no route that changes the log.
 * - POST /api/operations/:opId/incidents/:incidentId/access: the board says an incident's
 *   detail was opened (DPA 2018 s.62: consultation), before it shows it.
 */
export function accessLogRouter(deps: { accounts: Accounts; ops: Operations; access: AccessLog }): express.Router {
  const router = express.Router();
  const gate = roleGate(deps.accounts);
  router.post("/operations/:opId/access-log", gate(...ACCESS_LOG_READERS), async (req, res) => {
    const log = operation(deps.ops, String(req.params.opId), res);
    if (!log) return;
    await deps.access.record({ user: userIn(res), opId: log.opId, action: "access-log.read" });
    sensitive(res).json({ entries: await deps.access.forOperation(log.opId) });
  });

  router.post("/operations/:opId/incidents/:incidentId/access", gate(...DETAIL_READERS), async (req, res) => {
    const log = operation(deps.ops, String(req.params.opId), res);
    if (!log) return;
    const incidentId = String(req.params.incidentId);
    // Own keys only: `constructor` is not an incident.
    if (!Object.hasOwn(log.state.incidents, incidentId)) return sendError(res, 404, ErrorCode.NotFound, `No incident ${incidentId}.`);
    await deps.access.record({ user: userIn(res), opId: log.opId, action: "incident.open", target: incidentId });
    res.status(204).end();
  });
  return router;
}
