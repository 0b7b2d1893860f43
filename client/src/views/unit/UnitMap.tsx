import "leaflet/dist/leaflet.css";
import "../../styles/map.css";
import { latLngBounds } from "leaflet";
import { useEffect, useMemo, useRef } from "react";
import { CircleMarker, MapContainer, Marker, Polyline, Tooltip, useMap } from "react-leaflet";
import { buildWalkGraph } from "../../../../shared/dispatch/walkGraph";
import { walkRoute } from "../../../../shared/dispatch/walkRoute";
import type { LatLng } from "../../../../shared/events";
import type { Fix, Incident, Unit } from "../../../../shared/state";
import { incidentIcon } from "../../map/markerIcons";
import { planBounds } from "../../map/planLayers";
import { DISPATCH_ROUTE, UNIT_STATUS_COLOURS } from "../../map/styles";
import { VenueLayers } from "../../map/VenueLayers";
import { venuePlan } from "../../venue/plan";
import { walkText } from "./walkText";

/** Built once for the plan the app ships with (cached per plan). */
const graph = buildWalkGraph(venuePlan);
const BOUNDS = planBounds;
const MAX_BOUNDS = latLngBounds(BOUNDS).pad(0.6);
/** Room for the names above the incident and below the unit. */
const FIT = { paddingTopLeft: [32, 48] as [number, number], paddingBottomRight: [32, 44] as [number, number] };

/** The walk from the unit's last fix to the incident, and its words; null without a fix. */
export function useWalk(unit: Unit, position: Fix | null, incident: Incident) {
  return useMemo(() => {
    if (!position) return null;
    const route = walkRoute(graph, position, incident.location);
    return { path: route.path as LatLng[], text: walkText(route, unit.kind) };
  }, [position, incident.location, unit.kind]);
}

/**
 * A small map of the job: the incident, the unit's last fix and the walk between them along the
 * venue's routes, on the plan the board draws (no tiles: it works with no signal).
 */
export function UnitMap({
  unit,
  position,
  incident,
  path,
}: {
  unit: Unit;
  position: Fix | null;
  incident: Incident;
  /** The walk from useWalk, drawn as the dispatch route is on the board. */
  path: LatLng[] | null;
}) {
  return (
    <div className="board-map unit-map" aria-label={`Map: ${incident.ref} and ${unit.callSign}`} role="img">
      {/* No zoom animation: a phone's small map snaps to the job, and a busy CPU does not blur it. */}
      <MapContainer
        bounds={BOUNDS}
        maxBounds={MAX_BOUNDS}
        minZoom={14}
        maxZoom={20}
        zoomSnap={0.25}
        zoomAnimation={false}
        fadeAnimation={false}
        markerZoomAnimation={false}
        preferCanvas
        className="map-canvas"
      >
        <VenueLayers />
        {path && path.length > 1 && <Polyline positions={path} pathOptions={DISPATCH_ROUTE} />}
        <Marker position={incident.location} icon={incidentIcon(incident.grade, false, true)} keyboard={false}>
          <Tooltip permanent direction="top" offset={[0, -12]} className="unit-map-tag">
            {incident.ref.replace(/^CAD /, "")}
          </Tooltip>
        </Marker>
        {position && (
          <CircleMarker
            center={position}
            radius={8}
            pathOptions={{ color: "#102030", weight: 2, fillColor: UNIT_STATUS_COLOURS[unit.status], fillOpacity: 1 }}
          >
            <Tooltip permanent direction="bottom" offset={[0, 8]} className="unit-map-tag">
              {unit.callSign} (you)
            </Tooltip>
          </CircleMarker>
        )}
        <FitJob incident={incident} position={position} />
      </MapContainer>
    </div>
  );
}

/** Fits the incident and the unit when the job changes or the unit's fix first appears, not on every fix. */
function FitJob({ incident, position }: { incident: Incident; position: Fix | null }) {
  const map = useMap();
  // Read at those moments only: the officer may have zoomed since, and a fix comes every few seconds.
  const latest = useRef({ at: incident.location, position });
  latest.current = { at: incident.location, position };
  const jobId = incident.id;
  const hasFix = position !== null;
  useEffect(
    function fitTheJob() {
      const { at, position: fix } = latest.current;
      const points: LatLng[] = [at, ...(fix && hasFix ? [fix] : [])];
      map.fitBounds(latLngBounds(points.map((p) => [p.lat, p.lng])), { ...FIT, maxZoom: jobId && hasFix ? 18 : 17 });
    },
    [map, jobId, hasFix],
  );
  return null;
}
