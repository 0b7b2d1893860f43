import type { LeafletEventHandlerFnMap } from "leaflet";
import { memo, useMemo } from "react";
import { CircleMarker, Tooltip } from "react-leaflet";
import { INCIDENT_TYPE_LABELS } from "../../../shared/domain";
import type { Incident } from "../../../shared/state";
import { useOpenIncidents, useSelect, useSelection } from "../store/hooks";
import { incidentRadius, incidentStyle, SELECTED_RING } from "./styles";

/** Open and resolved incidents (closed ones leave the map), coloured by grade. */
export function IncidentMarkers() {
  const incidents = useOpenIncidents();
  const { incidentId } = useSelection();
  const select = useSelect();
  const selected = incidents.find((i) => i.id === incidentId) ?? null;
  return (
    <>
      {incidents.map((i) => (
        <IncidentMarker key={i.id} incident={i} onSelect={select} />
      ))}
      {selected && (
        <CircleMarker
          key={`ring-${selected.id}`}
          center={selected.location}
          radius={incidentRadius(selected.grade) + 6}
          pathOptions={SELECTED_RING}
          interactive={false}
        />
      )}
    </>
  );
}

interface IncidentMarkerProps {
  incident: Incident;
  onSelect: (s: { incidentId: string }) => void;
}

const IncidentMarker = memo(function IncidentMarker({ incident, onSelect }: IncidentMarkerProps) {
  const { id } = incident;
  const handlers = useMemo<LeafletEventHandlerFnMap>(
    () => ({
      click: () => onSelect({ incidentId: id }),
      // Incidents stay above units on the shared canvas, whatever order they were added in.
      add: (e) => (e.target as { bringToFront(): void }).bringToFront(),
    }),
    [id, onSelect],
  );
  return (
    <CircleMarker
      center={incident.location}
      radius={incidentRadius(incident.grade)}
      pathOptions={incidentStyle(incident.grade, incident.status === "resolved")}
      eventHandlers={handlers}
      bubblingMouseEvents={false}
    >
      <Tooltip direction="top" offset={[0, -8]}>
        <strong>{incident.ref}</strong> {incident.grade ?? "ungraded"} · {INCIDENT_TYPE_LABELS[incident.type]}
      </Tooltip>
    </CircleMarker>
  );
});
