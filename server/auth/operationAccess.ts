import type { Role } from "../../shared/domain";

/** The part of a user that decides which operations they may see. */
export interface OperationScope {
  role: Role;
  /** Empty: every operation. */
  operations: readonly string[];
}

/** Whether this user may say hello to, replay or export this operation (enforced on the server). */
export function maySee(user: OperationScope, opId: string): boolean {
  return user.operations.length === 0 || user.operations.includes(opId);
}

/**
 * The operations a user's listing shows, newest first. Control, analysts and admins see every
 * operation they may see. Stewards and officers learn nothing of other operations (issue 8 item 3):
 * with a list of their own they see those, and with none only the newest, the one their app opens;
 * and never the log's length (`seq` is null).
 */
export function listingFor<T extends { id: string; openedAt: number; seq: number | null }>(
  user: OperationScope,
  operations: readonly T[],
): T[] {
  const visible = operations.filter((o) => maySee(user, o.id)).sort((a, b) => b.openedAt - a.openedAt);
  switch (user.role) {
    case "gold":
    case "commander":
    case "bronze":
    case "controller":
    case "analyst":
    case "admin":
      return visible;
    case "steward":
    case "officer":
    case "partner":
      // Nor the log's length.
      return (user.operations.length === 0 ? visible.slice(0, 1) : visible).map((o) => ({ ...o, seq: null }));
  }
}
