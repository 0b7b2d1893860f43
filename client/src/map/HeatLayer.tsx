import L from "leaflet";
import "leaflet.heat";
import { useEffect } from "react";
import { useMap } from "react-leaflet";

/** A heatmap of points (leaflet.heat), for the debrief's map of where incidents happened. */
export function HeatLayer({ points }: { points: [number, number, number][] }) {
  const map = useMap();
  useEffect(
    function drawHeat() {
      const layer = L.heatLayer(points, { radius: 28, blur: 22, maxZoom: 17 }).addTo(map);
      return () => {
        layer.remove();
      };
    },
    [map, points],
  );
  return null;
}
