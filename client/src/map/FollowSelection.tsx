import { useEffect } from "react";
import { useMap } from "react-leaflet";
import { useBoardContext } from "../store/BoardContext";
import { positionsOf } from "../store/boardStore";
import { useSelectedIncidentId, useSelectedReportId, useSelectedUnitId } from "../store/hooks";
import { reportPlace } from "./ReportMarkers";

/**
 * Moves the map to whatever was just selected (from the queue, the triage list or the unit
 * board). Only a change of selection moves it: a marker that moves later does not drag the map.
 */
export function FollowSelection() {
  const map = useMap();
  const { store } = useBoardContext();
  const incidentId = useSelectedIncidentId();
  const unitId = useSelectedUnitId();
  const reportId = useSelectedReportId();

  useEffect(
    function panToSelectedIncident() {
      if (!incidentId) return;
      const incident = store.getState().state.incidents[incidentId];
      // Only if it is off screen or at the edge: a map that jumps at every click loses the operator.
      if (incident) map.panInside(incident.location, { padding: [80, 80] });
    },
    [incidentId, map, store],
  );

  useEffect(
    function panToSelectedUnit() {
      if (!unitId) return;
      const fix = positionsOf(store)[unitId];
      if (fix) map.panInside(fix, { padding: [80, 80] });
    },
    [unitId, map, store],
  );

  useEffect(
    function panToSelectedReport() {
      if (!reportId) return;
      const report = store.getState().state.reports[reportId];
      const at = report ? reportPlace(report) : null;
      if (at) map.panInside(at, { padding: [80, 80] });
    },
    [reportId, map, store],
  );

  return null;
}
