import express from "express";
import { valuesOf } from "../../shared/collection";
import { type PartnerMethane, partnerMethane } from "../../shared/methane";
import type { AccessLog } from "../audit/accessLog";
import type { Accounts } from "../auth/accounts";
import type { Operations } from "../operations/operations";
import { operationFor } from "../photos/photoRoutes";
import { partnerOf } from "./evidenceRoutes";
import type { PartnerTokens } from "./partnerTokens";

export interface MethaneRouteDeps {
  accounts: Accounts;
  ops: Operations;
  tokens: PartnerTokens;
  access: AccessLog;
}

/** GET /api/operations/:opId/methane's answer. */
export interface PartnerMethaneReply {
  operation: { id: string; name: string };
  marking: "OFFICIAL-SENSITIVE";
  reports: PartnerMethane[];
}

/**
 * Partner agencies' view of the major incident (issue 11 item 6): GET
 * /api/operations/:opId/methane gives the latest METHANE/ETHANE revision of each incident of an
 * operation the partner is attached to, and nothing else of the log (shared/methane.ts
 * `partnerMethane`). By session (the /partner page polls it) or API token (a partner's own
 * system). Every read is a disclosure, so it is access-logged (DPA 2018 s.62) with what was shown.
 */
export function methaneRouter(deps: MethaneRouteDeps): express.Router {
  const router = express.Router();
  router.get("/operations/:opId/methane", async (req, res) => {
    const user = await partnerOf(req, res, deps, "read partners' METHANE view");
    if (!user) return;
    const log = operationFor(deps.ops, user, String(req.params.opId), res);
    if (!log?.state.operation) return;
    const reports = partnerMethane(valuesOf(log.state.incidents));
    await deps.access.record({
      user,
      opId: log.opId,
      action: "methane.partner-view",
      target: null,
      detail: reports.length > 0 ? reports.map((r) => `${r.ref} rev ${r.revision}`).join(", ") : "no reports",
    });
    const reply: PartnerMethaneReply = {
      operation: { id: log.opId, name: log.state.operation.name },
      marking: "OFFICIAL-SENSITIVE",
      reports,
    };
    res.set("Cache-Control", "no-store").json(reply);
  });
  return router;
}
