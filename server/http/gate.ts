import { parse as parseCookie } from "cookie";
import type { NextFunction, Request, Response } from "express";
import type { Role } from "../../shared/domain";
import { ErrorCode } from "../../shared/errors";
import type { Accounts, User } from "../auth/accounts";

export const SESSION_COOKIE = "cordon_sid";

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

export const tokenOf = (req: Request) => parseCookie(req.headers.cookie ?? "")[SESSION_COOKIE];

/** Express middleware: a live session with one of `roles` (any role when none are named). */
export function roleGate(accounts: Accounts) {
  return (...roles: Role[]) =>
    async (req: Request, res: Response, next: NextFunction) => {
      // A cache hit in memory; a cookie made by another process is loaded once (express 5 passes a rejection on).
      const user = await accounts.session(tokenOf(req));
      if (!user) return sendError(res, 401, ErrorCode.Unauthenticated, "Sign in first.");
      if (roles.length > 0 && !roles.includes(user.role))
        return sendError(res, 403, ErrorCode.Forbidden, `A ${user.role} may not do this.`);
      res.locals.user = user;
      next();
    };
}

export const userIn = (res: Response) => res.locals.user as User;
