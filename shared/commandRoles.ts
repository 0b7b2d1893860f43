import { COMMAND_ROLES, type CommandName } from "./commands";
import type { Role } from "./domain";

/**
 * The command structure (DOMAIN.md, issue 11 item 1) as the code reads it: Gold (strategic),
 * Silver (the match commander; the role id stays `commander`) and Bronze (a sector). Gold and
 * Silver see the whole board as control does; a Bronze sees it filtered to their sector's units
 * (shared/visibility.ts). What each may send is COMMAND_ROLES.
 */

/** Roles that see the whole control board live, with the log's head (DESIGN §4). */
export const WHOLE_BOARD_ROLES: readonly Role[] = ["gold", "commander", "controller"];

/** Roles whose home is the control board: the whole-board roles and Bronze. */
export const BOARD_ROLES: readonly Role[] = [...WHOLE_BOARD_ROLES, "bronze"];

export type CommandLevel = "Gold" | "Silver" | "Bronze";

/** The command level a role holds, or null (control-room operators, stewards, officers…). */
export function commandLevel(role: Role): CommandLevel | null {
  switch (role) {
    case "gold":
      return "Gold";
    case "commander":
      return "Silver";
    case "bronze":
      return "Bronze";
    default:
      return null;
  }
}

/** Whether a role may send a command at all (a Bronze's is further kept to their sector). */
export function maySend(role: Role, name: CommandName): boolean {
  return COMMAND_ROLES[name].includes(role);
}
