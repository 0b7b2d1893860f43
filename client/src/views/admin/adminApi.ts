import type { Role } from "../../../../shared/domain";
import { request } from "../../api/http";

/** An account as /api/admin/users describes it (server/admin/userSchemas.ts, AdminUser). */
export interface AdminUser {
  id: string;
  username: string;
  name: string;
  role: Role;
  sector: string | null;
  unitId: string | null;
  post: string | null;
  disabled: boolean;
  /** Empty: every operation. */
  operations: string[];
}

export interface AdminOperation {
  id: string;
  name: string;
  openedAt: number;
}

export type UserChange = Partial<Pick<AdminUser, "name" | "role" | "sector" | "unitId" | "post" | "operations">>;
export type NewUser = Required<UserChange> & { username: string; password: string };

/** The admin routes; each change ends the user's sessions on the server, their sockets with them. */
export const adminApi = {
  users: () => request<{ users: AdminUser[] }>("GET", "/api/admin/users").then((r) => r.users),
  operations: () => request<{ operations: AdminOperation[] }>("GET", "/api/admin/operations").then((r) => r.operations),
  create: (user: NewUser) => request<{ user: AdminUser }>("POST", "/api/admin/users", user).then((r) => r.user),
  update: (id: string, change: UserChange) =>
    request<{ user: AdminUser }>("POST", `/api/admin/users/${encodeURIComponent(id)}`, change).then((r) => r.user),
  resetPassword: (id: string, password: string) =>
    request<{ user: AdminUser }>("POST", `/api/admin/users/${encodeURIComponent(id)}/password`, { password }).then((r) => r.user),
  setDisabled: (id: string, disabled: boolean) =>
    request<{ user: AdminUser }>("POST", `/api/admin/users/${encodeURIComponent(id)}/${disabled ? "disable" : "enable"}`).then(
      (r) => r.user,
    ),
};
