import "../styles/phase.css";
import { isEgressMode, phaseLabel } from "../../../shared/matchPhase";
import { useOperation } from "../store/hooks";
import { egressDestinations, holdingAreas } from "./egressLayers";

/** Across the top of the map in egress mode: what the green routes and amber areas are. */
export function EgressBanner() {
  const phase = useOperation()?.currentPhase ?? null;
  if (!isEgressMode(phase)) return null;
  return (
    <div className="egress-banner" role="status">
      <strong>Egress mode</strong>
      <span title={`Routes to ${egressDestinations.join(", ")}`}>
        {phaseLabel(phase)} · routes to {egressDestinations.length} stations <i className="egress-key-route" aria-hidden="true" /> ·{" "}
        {holdingAreas.length} holding areas <i className="egress-key-hold" aria-hidden="true" />
      </span>
    </div>
  );
}
