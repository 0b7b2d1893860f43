import express, { type Request, type Response } from "express";
import type { z } from "zod";
import { ErrorCode } from "../../shared/errors";
import type { AccessLog } from "../audit/accessLog";
import { AccountError, type Accounts, type User } from "../auth/accounts";
import { roleGate, sendError, userIn } from "../http/gate";
import type { Operations } from "../operations/operations";
import { keepAnAdmin } from "./adminRules";
import { adminView, issues, NewUser, PasswordReset, UserPatch } from "./userSchemas";

export interface AdminDeps {
  accounts: Accounts;
  ops: Operations;
  access: AccessLog;
  maxPayloadBytes: number;
}

/**
 * User management under /api/admin (issue 8 item 1), for the `admin` role only. Every change is
 * a POST, validated with zod, and written to the access log with who, when and what (never a
 * password). A change of rights ends the user's sessions, so their sockets close at once.
 */
export function adminRouter(deps: AdminDeps): express.Router {
  const { accounts, access } = deps;
  const router = express.Router();
  const admin = roleGate(accounts)("admin");
  router.use("/admin", express.json({ limit: deps.maxPayloadBytes }));

  router.get("/admin/users", admin, async (_req, res) => {
    res.setHeader("Cache-Control", "no-store").json({ users: (await accounts.list()).map(adminView) });
  });

  /** The operations an account can be limited to: ids and names only. */
  router.get("/admin/operations", admin, (_req, res) => {
    const operations = deps.ops
      .all()
      .flatMap((l) => (l.state.operation ? [{ id: l.opId, name: l.state.operation.name, openedAt: l.state.operation.openedAt }] : []))
      .sort((a, b) => b.openedAt - a.openedAt);
    res.setHeader("Cache-Control", "no-store").json({ operations });
  });

  router.post("/admin/users", admin, async (req, res) => {
    const body = parse(NewUser, req, res);
    if (!body) return;
    const { password, ...fields } = body;
    await act(res, async () => {
      const user = await accounts.create({ ...fields, password });
      await log(res, "admin.user.create", user, fields);
      res.status(201).json({ user: adminView(user) });
    });
  });

  router.post("/admin/users/:id", admin, async (req, res) => {
    const body = parse(UserPatch, req, res);
    if (!body) return;
    await act(res, async () => {
      if (body.role !== undefined) await keepAnAdmin(accounts, String(req.params.id), { role: body.role });
      const user = await accounts.update(String(req.params.id), stripUndefined(body));
      await log(res, "admin.user.update", user, body);
      res.json({ user: adminView(user) });
    });
  });

  router.post("/admin/users/:id/password", admin, async (req, res) => {
    const body = parse(PasswordReset, req, res);
    if (!body) return;
    await act(res, async () => {
      const user = await accounts.resetPassword(String(req.params.id), body.password);
      await log(res, "admin.user.reset-password", user, {});
      res.json({ user: adminView(user) });
    });
  });

  for (const [path, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    router.post(`/admin/users/:id/${path}`, admin, async (req, res) => {
      await act(res, async () => {
        if (disabled) await keepAnAdmin(accounts, String(req.params.id), { disabled });
        const user = await accounts.setDisabled(String(req.params.id), disabled);
        await log(res, `admin.user.${path}`, user, {});
        res.json({ user: adminView(user) });
      });
    });
  }

  async function log(res: Response, action: string, user: User, changed: object): Promise<void> {
    const detail = Object.keys(changed).length > 0 ? JSON.stringify(changed) : null;
    await access.record({ user: userIn(res), action, target: user.id, detail: detail ? `${user.username}: ${detail}` : user.username });
  }

  return router;
}

function parse<S extends z.ZodType>(schema: S, req: Request, res: Response): z.output<S> | null {
  const body = schema.safeParse(req.body ?? {});
  if (body.success) return body.data;
  sendError(res, 400, ErrorCode.BadRequest, issues(body.error));
  return null;
}

async function act(res: Response, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (!(err instanceof AccountError)) throw err;
    const status = err.code === "not_found" ? 404 : err.code === "conflict" ? 409 : 400;
    const code = err.code === "not_found" ? ErrorCode.NotFound : err.code === "conflict" ? ErrorCode.Conflict : ErrorCode.BadRequest;
    sendError(res, status, code, err.message);
  }
}

/** exactOptionalPropertyTypes: a patch names only the fields it sets. */
function stripUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
