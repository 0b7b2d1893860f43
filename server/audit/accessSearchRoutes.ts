import express from "express";
import { ErrorCode } from "../../shared/errors";
import { ExportQuery, MARKING } from "../../shared/replay";
import type { Accounts } from "../auth/accounts";
import { streamParts } from "../export/stream";
import { roleGate, sendError, userIn } from "../http/gate";
import { sensitive } from "../replay/replayRoutes";
import { accessCsv } from "./accessCsv";
import { type AccessLog, AccessQuery } from "./accessLog";
import { ACCESS_LOG_SEARCHERS } from "./roles";

export interface AccessSearchDeps {
  accounts: Accounts;
  access: AccessLog;
  /** Real time, for the export's file name. */
  now: () => number;
  onError: (err: unknown, what: string) => void;
}

/** An export of the log: the same filters, without paging, and why and for whom. */
const AccessExport = AccessQuery.omit({ limit: true, before: true }).extend(ExportQuery.shape).strict();

const issues = (e: { issues: { path: PropertyKey[]; message: string }[] }) =>
  e.issues.map((i) => `${i.path.map(String).join(".") || "body"}: ${i.message}`).join("; ");

/**
 * The whole access log, for admins (DPA 2018 s.62: the log is there to check lawfulness):
 * - POST /api/access-log/search `{ user?, action?, opId?, from?, to?, before?, limit? }` → newest
 *   first, `next` the `before` of the following page (null at the end).
 * - POST /api/access-log/export `{ …filters, reason, recipient }` → CSV, marked OFFICIAL-SENSITIVE.
 * Both are POSTs because both are themselves logged. Nothing here changes or removes an entry.
 */
export function accessSearchRouter(deps: AccessSearchDeps): express.Router {
  const router = express.Router();
  const gate = roleGate(deps.accounts)(...ACCESS_LOG_SEARCHERS);

  router.post("/access-log/search", gate, async (req, res) => {
    const q = AccessQuery.safeParse(req.body ?? {});
    if (!q.success) return sendError(res, 400, ErrorCode.BadRequest, issues(q.error));
    const { limit, ...filters } = q.data;
    await deps.access.record({ user: userIn(res), action: "access-log.search", target: JSON.stringify(filters) });
    // One more than asked says whether there is a next page.
    const rows = await deps.access.search({ ...q.data, limit: limit + 1 });
    const entries = rows.slice(0, limit);
    const next = rows.length > limit ? (entries.at(-1)?.id ?? null) : null;
    sensitive(res).json({ entries, next });
  });

  router.post("/access-log/export", gate, async (req, res) => {
    const q = AccessExport.safeParse(req.body ?? {});
    if (!q.success) {
      return sendError(
        res,
        400,
        ErrorCode.BadRequest,
        `An export needs a reason (3–300 characters) and a recipient (2–200 characters): ${issues(q.error)}.`,
      );
    }
    const { reason, recipient, ...filters } = q.data;
    const file = `cordon-access-log-${new Date(deps.now()).toISOString().slice(0, 10)}.csv`;
    await deps.access.record({
      user: userIn(res),
      action: "access-log.export",
      target: JSON.stringify(filters),
      reason,
      recipient,
      detail: file,
    });
    sensitive(res)
      .type("text/csv; charset=utf-8")
      .setHeader("Content-Disposition", `attachment; filename="${file}"`)
      .setHeader("X-Marking", MARKING);
    await streamParts(res, accessCsv(deps.access.iterate(filters))).catch((err) => deps.onError(err, "access log export failed"));
  });

  return router;
}
