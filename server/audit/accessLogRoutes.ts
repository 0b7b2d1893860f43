import express from "express";
import type { Accounts } from "../auth/accounts";
import { roleGate, userIn } from "../http/gate";
import type { Operations } from "../operations/operations";
import { operation, sensitive } from "../replay/replayRoutes";
import type { AccessLog } from "./accessLog";

/**
 * GET /api/operations/:opId/access-log: who opened the replay or exported what, newest first,
 * for commanders and analysts. Reading it is itself logged. There is no route that changes it.
 */
export function accessLogRouter(deps: { accounts: Accounts; ops: Operations; access: AccessLog }): express.Router {
  const router = express.Router();
  router.get("/operations/:opId/access-log", roleGate(deps.accounts)("commander", "analyst"), (req, res) => {
    const log = operation(deps.ops, String(req.params.opId), res);
    if (!log) return;
    deps.access.record(userIn(res), log.opId, "access-log.read");
    sensitive(res).json({ entries: deps.access.forOperation(log.opId) });
  });
  return router;
}
