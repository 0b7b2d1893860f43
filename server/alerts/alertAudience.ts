import { seenAtOf } from "../../shared/alertReceipts";
import type { Alert, OperationState } from "../../shared/state";
import type { User } from "../auth/accounts";
import { maySee } from "../auth/operationAccess";

/** One person an alert was addressed to, as control's board lists them (by post or call sign). */
export interface AudienceMember {
  userId: string;
  name: string;
  role: "steward" | "officer";
  sector: string | null;
  /** A steward's post (venue plan post id), else null. */
  post: string | null;
  /** An officer's unit call sign, else null. */
  callSign: string | null;
  /** When their receipt was recorded (record time), or null: not seen. */
  seenAt: number | null;
}

export interface AlertAudience {
  alertId: string;
  /** How many people it was addressed to, and how many of them have seen it. */
  total: number;
  seen: number;
  members: AudienceMember[];
}

/**
 * Who an alert was addressed to (issue 11 item 4): the enabled accounts of its role (stewards,
 * officers or both), in its sector when it has one, that may see this operation. Receipts by
 * anyone else (an account disabled since, say) are not counted: "1,873 of 2,500" is of this list.
 */
export function alertAudience(alert: Alert, state: OperationState, opId: string, users: readonly User[]): AlertAudience {
  const members = users.filter((u) => addressedTo(alert, u) && maySee(u, opId)).map((u) => member(u, alert, state));
  members.sort((a, b) => Number(a.seenAt !== null) - Number(b.seenAt !== null) || a.name.localeCompare(b.name));
  return { alertId: alert.id, total: members.length, seen: members.filter((m) => m.seenAt !== null).length, members };
}

function addressedTo(alert: Alert, u: User): boolean {
  if (u.disabled) return false;
  const role = u.role === "steward" ? "stewards" : u.role === "officer" ? "units" : null;
  if (!role || (alert.audience !== "all" && alert.audience !== role)) return false;
  return alert.sector === null || u.sector === alert.sector;
}

function member(u: User, alert: Alert, state: OperationState): AudienceMember {
  const unit = u.unitId && Object.hasOwn(state.units, u.unitId) ? state.units[u.unitId] : undefined;
  return {
    userId: u.id,
    name: u.name,
    role: u.role === "steward" ? "steward" : "officer",
    sector: u.sector,
    post: u.role === "steward" ? u.post : null,
    callSign: unit?.callSign ?? null,
    // A receipt for the alert this resends counts: that person has seen the words.
    seenAt: seenAtOf(state.alerts, alert, u.id),
  };
}
