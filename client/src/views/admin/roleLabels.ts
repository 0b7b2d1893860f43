import type { Role } from "../../../../shared/domain";

/** What each role may do, as the admin page explains it beside the picker. */
export const ROLE_LABELS: Record<Role, string> = {
  gold: "Gold (strategic): sees the whole board, read-mostly; the decision log",
  commander: "Silver (match commander): the control board; opens operations, changes the match phase, decisions",
  bronze: "Bronze (a sector): the board filtered to their sector; their resources and decisions",
  controller: "Control-room operator: the control board",
  steward: "Steward: the steward app, their sector",
  officer: "Officer: the unit view, their unit and sector",
  analyst: "Analyst: replay and exports, no live feed",
  admin: "Admin: accounts and the access log, no live feed",
  partner: "Partner (venue CCTV, retail security, transport): sends evidence to control, no live feed",
};
