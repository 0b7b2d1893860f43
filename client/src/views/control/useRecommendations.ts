import { useEffect, useMemo, useState } from "react";
import type { CommandInput } from "../../../../shared/commands";
import { type Recommendation, recommendedPick, recommendUnits } from "../../../../shared/dispatch/recommend";
import { buildWalkGraph } from "../../../../shared/dispatch/walkGraph";
import type { Fix, Incident, OperationState } from "../../../../shared/state";
import { useBoardContext } from "../../store/BoardContext";
import { positionsOf } from "../../store/boardStore";
import { useUnitMap } from "../../store/hooks";
import { venuePlan } from "../../venue/plan";

/** The venue plan's walking routes as a graph, built once (the plan never changes). */
export const walkGraph = buildWalkGraph(venuePlan);

/** Positions move every 50 ms; recommendations follow them this often, not on every frame. */
const POSITIONS_EVERY_MS = 2_000;

/** Units to send to an incident, best first (the shared recommender), for the dispatch panel. */
export function useRecommendations(incident: Incident): Recommendation[] {
  const { store } = useBoardContext();
  const units = useUnitMap();
  const [positions, setPositions] = useState(() => positionsOf(store));
  useEffect(
    function samplePositions() {
      const id = window.setInterval(() => setPositions(positionsOf(store)), POSITIONS_EVERY_MS);
      return () => window.clearInterval(id);
    },
    [store],
  );
  const { type, location } = incident;
  return useMemo(
    () => recommendUnits({ incident: { type, location }, units: Object.values(units), positions, graph: walkGraph }),
    [type, location, units, positions],
  );
}

/** The assign command for `unitId`, carrying what the recommender offered first (both go in the log). */
export function assignCommand(incident: Incident, unitId: string, pick: Recommendation | null): CommandInput<"incident:assign"> {
  return {
    incidentId: incident.id,
    unitId,
    recommended: pick ? { unitId: pick.unit.id, etaSeconds: pick.etaSeconds, reason: pick.reason.slice(0, 300) } : null,
  };
}

/** For the keyboard: assign the recommended unit now, on the current positions. */
export function recommendedAssignment(
  state: OperationState,
  positions: Readonly<Record<string, Fix>>,
  incident: Incident,
): CommandInput<"incident:assign"> | null {
  const pick = recommendedPick(recommendUnits({ incident, units: Object.values(state.units), positions, graph: walkGraph }));
  return pick ? assignCommand(incident, pick.unit.id, pick) : null;
}
