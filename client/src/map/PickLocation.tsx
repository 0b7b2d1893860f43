import { useEffect } from "react";
import { useMap, useMapEvents } from "react-leaflet";
import { controlUi, useControlUi } from "../views/control/controlUi";

/**
 * The map's "pick on map" mode for the incident forms: while a form asks for a point, the cursor
 * is a crosshair, a click hands the point to that form, and Escape gives up. Outside pick mode it
 * listens to nothing a click would change.
 */
export function PickLocation() {
  const picking = useControlUi((s) => s.picking);
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

  if (!picking) return null;
  return (
    <div className="map-pick-hint" role="status">
      <span aria-hidden="true">◎ </span>Click the map where the incident is · Esc cancels
    </div>
  );
}
