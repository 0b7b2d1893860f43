import type { CommandInput } from "../../../../shared/commands";
import type { Fix, Incident, OperationState } from "../../../../shared/state";
import { availableUnits } from "../../store/selectors";

/** The assign command for the recommended unit, carrying what was recommended; null when none is free. */
export function recommendedAssignment(
  state: OperationState,
  positions: Readonly<Record<string, Fix>>,
  incident: Incident,
): CommandInput<"incident:assign"> | null {
  const first = availableUnits(state, positions, incident.location)[0];
  if (!first) return null;
  return { incidentId: incident.id, unitId: first.unit.id };
}
