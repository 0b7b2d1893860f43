import { useEffect } from "react";
import { CircleMarker, useMap, useMapEvents } from "react-leaflet";
import { controlUi, useControlUi } from "../views/control/controlUi";

/** The point an open form would use: a dashed ring, unlike any incident or unit marker. */
const DRAFT_STYLE = { color: "#1f8fff", weight: 3, dashArray: "4 3", fillOpacity: 0.15 };

/**
 * The map's "pick on map" mode for the incident forms: while a form asks for a point, the cursor
 * is a crosshair, a click hands the point to that form, and Escape gives up. The point an open
 * form holds is drawn as a dashed ring, so the operator sees where the incident will go.
 */
export function PickLocation() {
  const picking = useControlUi((s) => s.picking);
  const draft = useControlUi((s) => s.draft);
  const map = useMap();

  useMapEvents({
    click(e) {
      if (!controlUi.getState().picking) return;
      controlUi.getState().pickAt({ lat: e.latlng.lat, lng: e.latlng.lng });
    },
  });

  useEffect(
    function crosshairWhilePicking() {
      if (!picking) return;
      const container = map.getContainer();
      container.classList.add("map-picking");
      const onKey = (e: KeyboardEvent) => {
        if (e.key === "Escape") controlUi.getState().cancelPick();
      };
      window.addEventListener("keydown", onKey);
      return () => {
        container.classList.remove("map-picking");
        window.removeEventListener("keydown", onKey);
      };
    },
    [picking, map],
  );

  return (
    <>
      {draft && <CircleMarker center={draft} radius={11} pathOptions={DRAFT_STYLE} interactive={false} />}
      {picking && (
        <div className="map-pick-hint" role="status">
          <span aria-hidden="true">◎ </span>Click the map where the incident is · Esc cancels
        </div>
      )}
    </>
  );
}
