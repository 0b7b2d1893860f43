import type Database from "better-sqlite3";
import express, { type Response } from "express";
import { z } from "zod";
import { ErrorCode } from "../../shared/errors";
import { ExportQuery, MARKING, StateQuery, WindowQuery } from "../../shared/replay";
import { sectorName, type VenuePlan } from "../../shared/venue";
import type { Accounts, User } from "../auth/accounts";
import { incidentCsv, incidentJson, iso } from "../export/incidentLog";
import { debriefReport } from "../export/report";
import { roleGate, sendError, userIn } from "../http/gate";
import type { Operations } from "../operations/operations";
import type { AccessLog } from "./accessLog";
import type { ReplayReader } from "./replayReader";

export interface ReplayDeps {
  accounts: Accounts;
  ops: Operations;
  reader: ReplayReader;
  access: AccessLog;
  db: Database.Database;
  now: () => number;
  venues: ReadonlyMap<string, VenuePlan>;
}

/** A window is for playback: a few minutes of operation at a time. */
const MAX_WINDOW_MS = 15 * 60 * 1000;
const SeqQuery = z.object({ seq: z.coerce.number().int().min(0) });

/**
 * Replay and export (issue 3): read-only, for analysts and command roles. Every replay opened
 * and every export is written to the access log with who and when, and for exports why and for
 * whom (DPA 2018 s.62).
 */
export function replayRouter(deps: ReplayDeps): express.Router {
  const { ops, reader, access } = deps;
  const router = express.Router();
  const gate = roleGate(deps.accounts)("analyst", "commander", "controller");
  const opOf = (opId: string, res: Response) => {
    const log = ops.get(opId);
    if (!log?.state.operation) sendError(res, 404, ErrorCode.NotFound, `No operation ${opId}.`);
    return log?.state.operation ? log : null;
  };
  const audit = (user: User, opId: string, action: string, extra: { reason?: string; recipient?: string; detail?: string } = {}) =>
    access.record({
      userId: user.id,
      userName: user.name,
      role: user.role,
      opId,
      action,
      reason: extra.reason ?? null,
      recipient: extra.recipient ?? null,
      detail: extra.detail ?? null,
    });

  router.get("/operations/:opId/replay", gate, (req, res) => {
    const log = opOf(String(req.params.opId), res);
    if (!log) return;
    audit(userIn(res), log.opId, "replay.open");
    const op = log.state.operation!;
    res.json(reader.meta(log.opId, op.name, op.venueId));
  });

  router.get("/operations/:opId/replay/state", gate, (req, res) => {
    const log = opOf(String(req.params.opId), res);
    if (!log) return;
    const bySeq = SeqQuery.safeParse(req.query);
    if (bySeq.success && req.query.at === undefined) {
      const state = reader.stateAtSeq(log.opId, bySeq.data.seq);
      return res.json({ at: state.at, basis: "record", seq: state.seq, state, positions: reader.positionsAt(log.opId, state.at) });
    }
    const q = StateQuery.safeParse(req.query);
    if (!q.success) return sendError(res, 400, ErrorCode.BadRequest, "Give at=<ms> (and basis=record|reporter), or seq=<n>.");
    res.json(reader.stateAt(log.opId, q.data.at, q.data.basis));
  });

  router.get("/operations/:opId/replay/window", gate, (req, res) => {
    const log = opOf(String(req.params.opId), res);
    if (!log) return;
    const q = WindowQuery.safeParse(req.query);
    if (!q.success || q.data.to < q.data.from) return sendError(res, 400, ErrorCode.BadRequest, "Give from=<ms> and to=<ms>, to ≥ from.");
    if (q.data.to - q.data.from > MAX_WINDOW_MS) return sendError(res, 400, ErrorCode.BadRequest, "A window is at most 15 minutes.");
    res.json(reader.window(log.opId, q.data.from, q.data.to));
  });

  router.get("/operations/:opId/access-log", roleGate(deps.accounts)("analyst", "commander"), (req, res) => {
    const log = opOf(String(req.params.opId), res);
    if (!log) return;
    audit(userIn(res), log.opId, "access-log.read");
    res.json({ entries: access.forOperation(log.opId) });
  });

  router.get("/operations/:opId/export/:kind", gate, async (req, res) => {
    const log = opOf(String(req.params.opId), res);
    if (!log) return;
    const kind = String(req.params.kind);
    const q = ExportQuery.safeParse(req.query);
    if (!q.success) return sendError(res, 400, ErrorCode.BadRequest, "An export needs a reason and a recipient (DPA 2018 s.62).");
    const user = userIn(res);
    const op = log.state.operation!;
    const exportedAt = deps.now();
    const header = {
      kind: "cordon-event-log",
      marking: MARKING,
      opId: log.opId,
      name: op.name,
      exportedAt: iso(exportedAt),
      exportedBy: user.name,
      reason: q.data.reason,
      recipient: q.data.recipient,
      headSeq: log.state.seq,
    };
    const stamp = `${log.opId}-${iso(exportedAt).slice(0, 10)}`;
    let parts: Iterable<string>;
    switch (kind) {
      case "incidents.csv":
        res.type("text/csv").attachment(`cordon-incidents-${stamp}.csv`);
        parts = incidentCsv(log.state);
        break;
      case "incidents.json":
        res.type("application/json").attachment(`cordon-incidents-${stamp}.json`);
        parts = incidentJson(log.state, { ...header, kind: "cordon-incident-log" });
        break;
      case "events.ndjson":
        res.type("application/x-ndjson").attachment(`cordon-events-${stamp}.ndjson`);
        res.setHeader("X-Cordon-Total-Events", String(log.state.seq));
        parts = eventLines(deps.db, log.opId, header);
        break;
      case "report.html":
        res.type("text/html");
        parts = debriefReport(log.state, {
          opName: op.name,
          opId: log.opId,
          exportedAt,
          exportedBy: user.name,
          ...q.data,
          sectorName: (id) => {
            const venue = deps.venues.get(op.venueId);
            return venue ? sectorName(venue, id) : (id ?? "—");
          },
        });
        break;
      default:
        return sendError(res, 404, ErrorCode.NotFound, `No export "${kind}".`);
    }
    audit(user, log.opId, `export.${kind}`, q.data);
    res.setHeader("X-Marking", MARKING);
    await writeParts(res, parts);
  });

  return router;
}

/** The stored log, one event a line, read in pages so a long log is never all in memory. */
function* eventLines(db: Database.Database, opId: string, header: Record<string, unknown>): Generator<string> {
  const head = db.prepare("SELECT hash FROM events WHERE op_id = ? ORDER BY seq DESC LIMIT 1").pluck().get(opId) as string | undefined;
  yield `${JSON.stringify({ ...header, headHash: head ?? null })}\n`;
  const page = db.prepare("SELECT seq, body FROM events WHERE op_id = ? AND seq > ? ORDER BY seq LIMIT 1000");
  for (let after = 0; ; ) {
    const rows = page.all(opId, after) as { seq: number; body: string }[];
    if (rows.length === 0) return;
    yield `${rows.map((r) => r.body).join("\n")}\n`;
    after = rows[rows.length - 1]!.seq;
  }
}

/** Writes parts as they are produced, waiting for the socket to drain when it is full. */
async function writeParts(res: Response, parts: Iterable<string>): Promise<void> {
  for (const part of parts) {
    if (!res.write(part)) await new Promise((resolve) => res.once("drain", resolve));
    if (res.destroyed) return;
  }
  res.end();
}
