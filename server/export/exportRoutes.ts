import express from "express";
import { ErrorCode } from "../../shared/errors";
import { EXPORT_KINDS, type ExportKind, ExportQuery, MARKING } from "../../shared/replay";
import type { OperationState } from "../../shared/state";
import { sectorName, type VenuePlan } from "../../shared/venue";
import type { AccessLog } from "../audit/accessLog";
import type { Signer } from "../audit/signing";
import type { Accounts, User } from "../auth/accounts";
import { roleGate, sendError, userIn } from "../http/gate";
import type { Operations } from "../operations/operations";
import { operation, REPLAY_ROLES, sensitive } from "../replay/replayRoutes";
import type { EventPages } from "../store/replayQueries";
import { CHAIN_RULE, type EventLogHeader, eventLogLines } from "./eventLog";
import { incidentCsv, incidentJson, iso } from "./incidentLog";
import { londonIso } from "./londonTime";
import { debriefReport } from "./report";
import { streamParts } from "./stream";

export interface ExportDeps {
  accounts: Accounts;
  ops: Operations;
  /** The log, a page at a time (the replay queries of the storage in use). */
  store: EventPages;
  access: AccessLog;
  venues: ReadonlyMap<string, VenuePlan>;
  /** Real time, for the export's stamp. */
  now: () => number;
  onError: (err: unknown, what: string) => void;
  /** Signs the manifest of an event-log export (issue 13). */
  signer?: Signer;
}

interface Export {
  type: string;
  /** attachment: saved; inline: opened in a tab (the report, to print). */
  disposition: "attachment" | "inline";
  ext: string;
  parts: Iterable<string> | AsyncIterable<string>;
}

/** What every export is cut from: the live state and the head that goes with it, fixed at the start. */
interface Cut {
  opId: string;
  state: OperationState;
  headSeq: number;
  headHash: string | null;
  user: User;
  exportedAt: number;
  query: ExportQuery;
}

/**
 * POST /api/operations/:opId/export/<kind> with `{ reason, recipient }` (issue 3; a POST since
 * issue 8: an export writes to the access log, and a GET with a side effect could be set off by
 * another site's page). Each export states why and for whom; both go to the access log with who
 * and when (DPA 2018 s.62) before a byte is sent. Exports are cut at the head seq when asked,
 * marked OFFICIAL-SENSITIVE, never cached, and streamed as produced.
 */
export function exportRouter(deps: ExportDeps): express.Router {
  const router = express.Router();
  const gate = roleGate(deps.accounts)(...REPLAY_ROLES);

  router.post("/operations/:opId/export/:kind", gate, async (req, res) => {
    const log = operation(deps.ops, String(req.params.opId), res);
    if (!log) return;
    const kind = String(req.params.kind);
    if (!isKind(kind)) return sendError(res, 404, ErrorCode.NotFound, `No export "${kind}"; there are ${EXPORT_KINDS.join(", ")}.`);
    const q = ExportQuery.safeParse(req.body ?? {});
    if (!q.success) {
      const missing = [...new Set(q.error.issues.map((i) => String(i.path[0])))].join(" and ");
      return sendError(
        res,
        400,
        ErrorCode.BadRequest,
        `An export needs a reason (3–300 characters) and a recipient (2–200 characters); check the ${missing}. Both are logged with who and when (DPA 2018 s.62).`,
      );
    }
    const state = log.state;
    const [last] = state.seq > 0 ? await deps.store.readAfter(log.opId, state.seq - 1, 1) : [];
    const cut: Cut = {
      opId: log.opId,
      state,
      headSeq: state.seq,
      headHash: last?.hash ?? null,
      user: userIn(res),
      exportedAt: deps.now(),
      query: q.data,
    };
    const out = produce(kind, cut, deps);
    // London date and time to the second: two exports of one day never share a name.
    const stamp = londonIso(cut.exportedAt).slice(0, 19).replace(/:/g, "").replace("T", "-");
    const file = `cordon-${kind.split(".")[0]}-${cut.opId}-${stamp}.${out.ext}`;
    await deps.access.record({
      user: cut.user,
      opId: cut.opId,
      action: `export.${kind}`,
      target: file,
      ...q.data,
      detail: `${file}; events 1–${cut.headSeq}`,
    });
    sensitive(res)
      .type(out.type)
      .setHeader("Content-Disposition", `${out.disposition}; filename="${file}"`)
      .setHeader("X-Marking", MARKING)
      .setHeader("X-Cordon-Head-Seq", String(cut.headSeq));
    if (kind === "events.ndjson") res.setHeader("X-Cordon-Total-Events", String(cut.headSeq));
    await streamParts(res, out.parts).catch((err) => deps.onError(err, `export ${kind} of ${cut.opId} failed`));
  });

  return router;
}

const isKind = (k: string): k is ExportKind => (EXPORT_KINDS as readonly string[]).includes(k);

function produce(kind: ExportKind, cut: Cut, deps: ExportDeps): Export {
  const op = cut.state.operation!;
  const header = {
    kind: "cordon-event-log" as const,
    marking: MARKING,
    opId: cut.opId,
    name: op.name,
    exportedAt: iso(cut.exportedAt),
    exportedBy: { userId: cut.user.id, name: cut.user.name, role: cut.user.role },
    ...cut.query,
    headSeq: cut.headSeq,
    headHash: cut.headHash,
    /** Record time of the head event: a checkpoint signed by then cannot be past headSeq. */
    headAt: cut.state.at,
  };
  const venue = deps.venues.get(op.venueId);
  const provenance = {
    opId: cut.opId,
    name: op.name,
    exportedAt: cut.exportedAt,
    exportedBy: { name: cut.user.name, role: cut.user.role },
    ...cut.query,
    headSeq: cut.headSeq,
    headHash: cut.headHash,
    headAt: cut.state.at,
    keyId: deps.signer?.keyId ?? null,
    sectorName: (id: string | null) => (venue ? sectorName(venue, id) : (id ?? "—")),
  };
  switch (kind) {
    case "incidents.csv":
      return { type: "text/csv; charset=utf-8", disposition: "attachment", ext: "csv", parts: incidentCsv(cut.state, provenance) };
    case "incidents.json":
      return {
        type: "application/json",
        disposition: "attachment",
        ext: "json",
        parts: incidentJson(cut.state, { ...header, kind: "cordon-incident-log" }),
      };
    case "events.ndjson": {
      const unsigned: EventLogHeader = { ...header, chain: CHAIN_RULE };
      const h = deps.signer ? deps.signer.signed(unsigned) : unsigned;
      return { type: "application/x-ndjson", disposition: "attachment", ext: "ndjson", parts: eventLogLines(deps.store, h) };
    }
    case "report.html": {
      const parts = debriefReport(cut.state, {
        opName: op.name,
        opId: cut.opId,
        exportedAt: cut.exportedAt,
        exportedBy: cut.user.name,
        ...cut.query,
        headSeq: cut.headSeq,
        headHash: cut.headHash,
        keyId: provenance.keyId,
        sectorName: provenance.sectorName,
      });
      return { type: "text/html; charset=utf-8", disposition: "inline", ext: "html", parts };
    }
  }
}
