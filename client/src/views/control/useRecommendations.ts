import { useEffect, useMemo, useState } from "react";
import type { CommandInput } from "../../../../shared/commands";
import { type Recommendation, recommendedPick, recommendUnits } from "../../../../shared/dispatch/recommend";
import { buildWalkGraph } from "../../../../shared/dispatch/walkGraph";
import type { Fix, Incident, OperationState } from "../../../../shared/state";
import { useBoardContext } from "../../store/BoardContext";
import { type BoardStore, positionsOf } from "../../store/boardStore";
import { useUnitMap } from "../../store/hooks";
import { venuePlan } from "../../venue/plan";

/** The venue plan's walking routes as a graph, built once (the plan never changes). */
export const walkGraph = buildWalkGraph(venuePlan);

/** Positions move every 50 ms; recommendations follow them this often, not on every frame. */
const POSITIONS_EVERY_MS = 2_000;

/**
 * Units to send to an incident, best first (the shared recommender), for the dispatch panel and
 * the map's route; null for the first frame. Ranking 1,500 units takes 15-20 ms, so it is not
 * done in the click that opens the incident: the detail paints first, the ranking a frame later.
 */
export function useRecommendations(incident: Incident): Recommendation[] | null {
  const { store } = useBoardContext();
  const units = useUnitMap();
  const [positions, setPositions] = useState<Readonly<Record<string, Fix>> | null>(null);
  useEffect(
    function samplePositions() {
      const sample = () => setPositions(sharedSample(store));
      const cancelFirst = afterPaint(sample);
      const id = window.setInterval(sample, POSITIONS_EVERY_MS);
      return () => {
        cancelFirst();
        window.clearInterval(id);
      };
    },
    [store],
  );
  const { type, location } = incident;
  return useMemo(() => (positions ? rankShared(type, location, units, positions) : null), [type, location, units, positions]);
}

/**
 * The positions as sampled by whichever of the panel and the route asked first within 250 ms:
 * both sample on the same timers, and a positions frame between them would make them rank twice.
 */
let sampled: { store: BoardStore; positions: Readonly<Record<string, Fix>>; at: number } | null = null;

function sharedSample(store: BoardStore): Readonly<Record<string, Fix>> {
  const at = performance.now();
  if (sampled?.store !== store || at - sampled.at > 250) sampled = { store, positions: positionsOf(store), at };
  return sampled.positions;
}

/** Runs `f` once the frame now being prepared has been painted; returns a cancel. */
function afterPaint(f: () => void): () => void {
  let timer = 0;
  const frame = requestAnimationFrame(() => {
    timer = window.setTimeout(f, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    window.clearTimeout(timer);
  };
}

/**
 * The dispatch panel and the map's route rank the same incident on the same sample: the last
 * ranking is kept, so the second asks for it rather than ranking all the units again.
 */
let last: {
  type: Incident["type"];
  location: Incident["location"];
  units: OperationState["units"];
  positions: object;
  recs: Recommendation[];
} | null = null;

function rankShared(
  type: Incident["type"],
  location: Incident["location"],
  units: OperationState["units"],
  positions: Readonly<Record<string, Fix>>,
): Recommendation[] {
  if (last && last.type === type && last.location === location && last.units === units && last.positions === positions) return last.recs;
  const recs = recommendUnits({ incident: { type, location }, units: Object.values(units), positions, graph: walkGraph });
  last = { type, location, units, positions, recs };
  return recs;
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
