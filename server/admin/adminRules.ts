import type { Role } from "../../shared/domain";
import { AccountError, type Accounts } from "../auth/accounts";

/**
 * The one rule account changes share (admin page and CLI): the last enabled admin can be neither
 * disabled nor given another role, or nobody could manage accounts and a real start would refuse.
 */
export async function keepAnAdmin(accounts: Accounts, userId: string, change: { role?: Role; disabled?: boolean }): Promise<void> {
  const user = await accounts.byId(userId);
  if (!user) throw new AccountError("not_found", `No user ${userId}.`);
  if (user.role !== "admin" || user.disabled) return;
  const losesAdmin = change.disabled === true || (change.role !== undefined && change.role !== "admin");
  if (losesAdmin && (await accounts.enabledAdmins()) <= 1) {
    throw new AccountError("conflict", `${user.username} is the last enabled admin: create another admin first.`);
  }
}
