import type { UnitKind } from "../../../../shared/domain";

/** How the control room names each kind of unit. */
export const KIND_LABELS: Record<UnitKind, string> = {
  psu: "PSU",
  serial: "Serials",
  mounted: "Mounted",
  dogs: "Dogs",
  fio: "Football intelligence",
  btp: "BTP",
  las: "Ambulance (LAS)",
  response: "Response",
  drone: "Drone",
};
