import type { IncidentType } from "../../../../shared/domain";

/** The big buttons: what stewards report most, in the words they use on the radio. */
export const QUICK_TYPES: { type: IncidentType; label: string }[] = [
  { type: "crowd-surge", label: "Crowd surge" },
  { type: "disorder", label: "Fight / disorder" },
  { type: "pyrotechnics", label: "Pyrotechnics" },
  { type: "ticketless-entry", label: "Ticketless entry" },
  { type: "gate-breach", label: "Gate breach" },
  { type: "medical", label: "Medical" },
  { type: "lost-child", label: "Lost child" },
  { type: "suspicious-item", label: "Suspicious item" },
  { type: "missile", label: "Missile thrown" },
  { type: "other", label: "Other" },
];
