import { z } from "zod";
import { ROLES } from "../../shared/domain";
import type { User } from "../auth/accounts";

/**
 * What the admin routes and the users CLI accept (zod at the boundary). Passwords are at least
 * 12 characters (NCSC: length over complexity) and at most 200 (Argon2 input stays small).
 */
export const Username = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/i, "2–40 letters, digits, dots, dashes or underscores, starting with a letter or digit");
export const Password = z.string().min(12, "at least 12 characters").max(200, "at most 200 characters");
const Id = z.string().trim().min(1).max(80);
const OptionalId = Id.nullable();

export const UserPatch = z
  .object({
    name: z.string().trim().min(1).max(120),
    role: z.enum(ROLES),
    sector: OptionalId,
    unitId: OptionalId,
    post: OptionalId,
    /** Operation ids the user may see; empty: every operation. */
    operations: z.array(Id).max(200),
  })
  .partial()
  .strict();
export type UserPatch = z.infer<typeof UserPatch>;

export const NewUser = z
  .object({
    username: Username,
    name: z.string().trim().min(1).max(120),
    role: z.enum(ROLES),
    sector: OptionalId.default(null),
    unitId: OptionalId.default(null),
    post: OptionalId.default(null),
    operations: z.array(Id).max(200).default([]),
    password: Password,
  })
  .strict();
export type NewUser = z.infer<typeof NewUser>;

export const PasswordReset = z.object({ password: Password }).strict();

/** A user as the admin page sees it: never the password hash. */
export interface AdminUser {
  id: string;
  username: string;
  name: string;
  role: User["role"];
  sector: string | null;
  unitId: string | null;
  post: string | null;
  disabled: boolean;
  operations: string[];
}

export const adminView = (u: User): AdminUser => ({
  id: u.id,
  username: u.username,
  name: u.name,
  role: u.role,
  sector: u.sector,
  unitId: u.unitId,
  post: u.post,
  disabled: u.disabled,
  operations: u.operations,
});

export const issues = (err: z.ZodError) => err.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
