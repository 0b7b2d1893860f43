import express from "express";
import type { Role } from "../../shared/domain";
import { MARKING } from "../../shared/replay";
import type { AccessLog } from "../audit/accessLog";
import type { Accounts } from "../auth/accounts";
import { roleGate, userIn } from "../http/gate";
import type { Operations } from "../operations/operations";
import { operation, sensitive } from "../replay/replayRoutes";
import { decisionPrint } from "./decisionPrint";

/** Who may print the decision log: those who see it (DESIGN §4: command roles, control room, analysts). */
export const DECISION_PRINT_ROLES: readonly Role[] = ["gold", "commander", "bronze", "controller", "analyst"];

export interface DecisionPrintDeps {
  accounts: Accounts;
  ops: Operations;
  access: AccessLog;
  now: () => number;
}

/**
 * POST /api/operations/:opId/decisions/print: the decision log as a printable HTML page. A print
 * is a disclosure (DPA 2018 s.62), so it is written to the access log, with the head it was cut
 * at, before a byte is sent; a POST, so that no other site's page can set one off.
 */
export function decisionPrintRouter(deps: DecisionPrintDeps): express.Router {
  const router = express.Router();
  const gate = roleGate(deps.accounts)(...DECISION_PRINT_ROLES);

  router.post("/operations/:opId/decisions/print", gate, async (req, res) => {
    const log = operation(deps.ops, String(req.params.opId), res);
    if (!log) return;
    // The state and the hash of its last event, read together: the print is tied to this head.
    const { state, head } = log;
    const user = userIn(res);
    const ctx = {
      opId: log.opId,
      opName: state.operation?.name ?? log.opId,
      openedAt: state.operation?.openedAt ?? 0,
      printedAt: deps.now(),
      printedBy: { name: user.name, role: user.role },
      headSeq: state.seq,
      headHash: state.seq > 0 ? head.hash : null,
    };
    await deps.access.record({
      user,
      opId: log.opId,
      action: "decisions.print",
      target: "decision log",
      detail: `${state.decisions.length} decisions; events 1–${ctx.headSeq}; head ${ctx.headHash ?? "none"}`,
    });
    sensitive(res).type("text/html; charset=utf-8").setHeader("X-Marking", MARKING).setHeader("X-Cordon-Head-Seq", String(ctx.headSeq));
    res.send(decisionPrint(state.decisions, ctx));
  });

  return router;
}
