import "leaflet/dist/leaflet.css";
import "../styles/map.css";
import { latLngBounds } from "leaflet";
import type { ReactNode } from "react";
import { MapContainer, TileLayer } from "react-leaflet";
import { EgressBanner } from "./EgressBanner";
import { EgressLayers } from "./EgressLayers";
import { FitOnResize } from "./FitOnResize";
import { FollowSelection } from "./FollowSelection";
import { IncidentMarkers } from "./IncidentMarkers";
import { MapLegend } from "./MapLegend";
import { PickLocation } from "./PickLocation";
import { planBounds } from "./planLayers";
import { ReportMarkers } from "./ReportMarkers";
import { UnitMarkers } from "./UnitMarkers";
import { VenueLayers } from "./VenueLayers";

const TILE_URL = import.meta.env.VITE_TILE_URL;
const TILE_ATTRIBUTION = import.meta.env.VITE_TILE_ATTRIBUTION ?? "";
/** Constants: MapContainer reads its props once. The first view fits the whole plan. */
const BOUNDS = planBounds;
const BOUNDS_OPTIONS = { padding: [12, 12] as [number, number] };
/** Keep the plan in reach: panning stops a little beyond its edge. */
const MAX_BOUNDS = latLngBounds(BOUNDS).pad(0.6);

/**
 * The live map. MapContainer's props are constants (React-Leaflet reads them once); children
 * move the map through useMap(). No tiles unless VITE_TILE_URL was set at build time: the venue
 * plan is drawn from the GeoJSON shipped with the app, so the board works with no internet.
 */
export function BoardMap({ showUnits = true, children }: { showUnits?: boolean; children?: ReactNode }) {
  return (
    <div className="board-map">
      <MapContainer
        bounds={BOUNDS}
        boundsOptions={BOUNDS_OPTIONS}
        maxBounds={MAX_BOUNDS}
        minZoom={14}
        maxZoom={20}
        zoomSnap={0.25}
        preferCanvas
        className="map-canvas"
      >
        {TILE_URL && <TileLayer url={TILE_URL} attribution={TILE_ATTRIBUTION} maxNativeZoom={19} maxZoom={20} />}
        <FitOnResize />
        <VenueLayers />
        <EgressLayers />
        {showUnits && <UnitMarkers />}
        <ReportMarkers />
        <IncidentMarkers />
        <FollowSelection />
        <PickLocation />
        {children}
      </MapContainer>
      <MapLegend />
      <EgressBanner />
    </div>
  );
}
