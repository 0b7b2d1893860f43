import { useMemo } from "react";
import { Polyline, Tooltip } from "react-leaflet";
import { recommendedPick } from "../../../../shared/dispatch/recommend";
import { walkRoute } from "../../../../shared/dispatch/walkRoute";
import type { Incident } from "../../../../shared/state";
import { DISPATCH_ROUTE } from "../../map/styles";
import { useBoardContext } from "../../store/BoardContext";
import { positionsOf } from "../../store/boardStore";
import { useIncident, useSelectedIncidentId } from "../../store/hooks";
import { useRecommendations, walkGraph } from "./useRecommendations";

/** On the map, the walk the recommended unit would take to the selected incident (control board). */
export function DispatchRoute() {
  const incidentId = useSelectedIncidentId();
  const incident = useIncident(incidentId);
  if (!incident || incident.status === "resolved" || incident.status === "closed") return null;
  // Keyed: a route kept from the last incident would rank the units for the new one inside the
  // click that selects it; a new one ranks a frame after the detail paints (useRecommendations).
  return <RouteOfPick key={incident.id} incident={incident} />;
}

function RouteOfPick({ incident }: { incident: Incident }) {
  const { store } = useBoardContext();
  const pick = recommendedPick(useRecommendations(incident) ?? []);
  // Read, not subscribed: the recommendations already follow positions every 2 s.
  const from = pick ? (positionsOf(store)[pick.unit.id] ?? null) : null;
  const path = useMemo(() => (from ? walkRoute(walkGraph, from, incident.location).path : null), [from, incident.location]);
  if (!pick || !path || path.length < 2) return null;
  return (
    <Polyline positions={path as { lat: number; lng: number }[]} pathOptions={DISPATCH_ROUTE}>
      <Tooltip permanent direction="center" className="dispatch-route-label">
        {pick.unit.callSign} ·{" "}
        {pick.etaSeconds === null ? "" : pick.etaSeconds < 60 ? "<1 min on foot" : `${Math.round(pick.etaSeconds / 60)} min on foot`}
      </Tooltip>
    </Polyline>
  );
}
