import express, { type Response } from "express";
import { z } from "zod";
import { ErrorCode } from "../../shared/errors";
import type { AccessLog } from "../audit/accessLog";
import type { Accounts, User } from "../auth/accounts";
import { roleGate, sendError, userIn } from "../http/gate";
import type { PartnerTokens } from "./partnerTokens";

export interface TokenAdminDeps {
  accounts: Accounts;
  tokens: PartnerTokens;
  access: AccessLog;
}

const NewToken = z.object({ label: z.string().trim().min(1).max(80).default("API token") });

/**
 * A partner's API tokens on the admin page (issue 12 item 8), for admins only, as the users CLI
 * does: list, make (the token is in this one answer, never again), revoke. Each change is in
 * the access log (`admin.token.create`, `admin.token.revoke`), never the token.
 */
export function tokenAdminRouter(deps: TokenAdminDeps): express.Router {
  const router = express.Router();
  const admin = roleGate(deps.accounts)("admin");

  router.get("/admin/users/:id/tokens", admin, async (req, res) => {
    const partner = await partnerOf(deps, String(req.params.id), res);
    if (partner) res.setHeader("Cache-Control", "no-store").json({ tokens: await deps.tokens.list(partner.id) });
  });

  router.post("/admin/users/:id/tokens", admin, async (req, res) => {
    const partner = await partnerOf(deps, String(req.params.id), res);
    if (!partner) return;
    const body = NewToken.safeParse(req.body ?? {});
    if (!body.success) return sendError(res, 400, ErrorCode.BadRequest, "label: 1–80 characters.");
    const made = await deps.tokens.create(partner.id, body.data.label);
    await deps.access.record({
      user: userIn(res),
      action: "admin.token.create",
      target: partner.id,
      detail: `token ${made.row.id}: ${made.row.label}`,
    });
    res.status(201).setHeader("Cache-Control", "no-store").json(made);
  });

  router.post("/admin/users/:id/tokens/:tokenId/revoke", admin, async (req, res) => {
    const partner = await partnerOf(deps, String(req.params.id), res);
    if (!partner) return;
    const id = Number(req.params.tokenId);
    if (!Number.isInteger(id) || !(await deps.tokens.revoke(partner.id, id)))
      return sendError(res, 404, ErrorCode.NotFound, `${partner.username} has no live token ${req.params.tokenId}.`);
    await deps.access.record({ user: userIn(res), action: "admin.token.revoke", target: partner.id, detail: `token ${id}` });
    res.json({ revoked: id });
  });

  return router;
}

async function partnerOf(deps: TokenAdminDeps, id: string, res: Response): Promise<User | null> {
  const user = await deps.accounts.byId(id);
  if (!user) sendError(res, 404, ErrorCode.NotFound, `No user ${id}.`);
  else if (user.role !== "partner")
    sendError(res, 400, ErrorCode.BadRequest, `${user.username} is a ${user.role}: API tokens are for partner accounts.`);
  return user?.role === "partner" ? user : null;
}
