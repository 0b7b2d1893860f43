import express from "express";
import type { Role } from "../../shared/domain";
import { ErrorCode } from "../../shared/errors";
import type { Accounts } from "../auth/accounts";
import { maySee } from "../auth/operationAccess";
import { roleGate, sendError, userIn } from "../http/gate";
import { RefusedQuery, type RefusedSubmissions } from "./refusedSubmissions";

/** Control and admins see what phones sent that was refused; stewards and officers do not. */
export const REFUSED_READERS: readonly Role[] = ["gold", "commander", "controller", "admin"];

/**
 * `GET /api/refused-submissions?opId=&before=&limit=`: commands phones sent that were refused
 * for good, newest first, a page at a time, with the total. The operation is often closed or
 * unknown, so it is a filter, not a resource: a user limited to some operations must name one of
 * them. There is no route that changes an entry.
 */
export function refusedRouter(deps: { accounts: Accounts; refused: RefusedSubmissions }): express.Router {
  const router = express.Router();
  router.get("/refused-submissions", roleGate(deps.accounts)(...REFUSED_READERS), async (req, res) => {
    const q = RefusedQuery.safeParse(req.query);
    if (!q.success) return sendError(res, 400, ErrorCode.BadRequest, `Bad query: ${q.error.issues.map((i) => i.message).join("; ")}`);
    const user = userIn(res);
    const limited = user.operations.length > 0;
    if (limited && (q.data.opId === undefined || !maySee(user, q.data.opId)))
      return sendError(res, 403, ErrorCode.Forbidden, "Name an operation your account may see.");
    res.setHeader("Cache-Control", "no-store");
    res.json(await deps.refused.page(q.data));
  });
  return router;
}
