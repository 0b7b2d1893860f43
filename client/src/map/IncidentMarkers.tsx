import type { LeafletEventHandlerFnMap } from "leaflet";
import { memo, useMemo } from "react";
import { Marker, Tooltip } from "react-leaflet";
import { INCIDENT_TYPE_LABELS } from "../../../shared/domain";
import type { Incident } from "../../../shared/state";
import { useSelect, useSelectedIncidentId } from "../store/hooks";
import { useScopedOpenIncidents } from "../store/sectorScope";
import { incidentIcon } from "./markerIcons";

/** Open and resolved incidents (closed ones leave the map): a diamond with the grade letter. */
export function IncidentMarkers() {
  const incidents = useScopedOpenIncidents();
  const incidentId = useSelectedIncidentId();
  const select = useSelect();
  return (
    <>
      {incidents.map((i) => (
        <IncidentMarker key={i.id} incident={i} selected={i.id === incidentId} onSelect={select} />
      ))}
    </>
  );
}

interface IncidentMarkerProps {
  incident: Incident;
  selected: boolean;
  onSelect: (s: { incidentId: string }) => void;
}

/** Grade I sits above every other marker, then S, E, R: the worst is never hidden under a lesser one. */
const Z_BY_GRADE: Record<string, number> = { I: 4000, S: 3000, E: 2000, R: 1000 };

const IncidentMarker = memo(function IncidentMarker({ incident, selected, onSelect }: IncidentMarkerProps) {
  const { id } = incident;
  const handlers = useMemo<LeafletEventHandlerFnMap>(() => ({ click: () => onSelect({ incidentId: id }) }), [id, onSelect]);
  const resolved = incident.status === "resolved";
  return (
    <Marker
      position={incident.location}
      icon={incidentIcon(incident.grade, resolved, selected)}
      eventHandlers={handlers}
      zIndexOffset={(selected ? 10_000 : 0) + (resolved ? 0 : (Z_BY_GRADE[incident.grade ?? ""] ?? 500))}
      keyboard={false}
      bubblingMouseEvents={false}
    >
      <Tooltip direction="top" offset={[0, -14]}>
        <strong>{incident.ref}</strong> {incident.grade ? `grade ${incident.grade}` : "ungraded"} · {INCIDENT_TYPE_LABELS[incident.type]}
        {resolved ? " · resolved" : ""}
      </Tooltip>
    </Marker>
  );
});
