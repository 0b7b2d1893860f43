import { KIND_WORDS } from "../../../../shared/dispatch/suitability";
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

/** One unit of a kind, as a row names it: "Serial", "PSU", "Dog unit". */
export function unitKindWord(kind: UnitKind): string {
  const word = KIND_WORDS[kind];
  return word.charAt(0).toUpperCase() + word.slice(1);
}
