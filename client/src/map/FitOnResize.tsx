import { useEffect } from "react";
import { useMap } from "react-leaflet";
import { planBounds } from "./planLayers";

const FIT_OPTIONS = { padding: [12, 12] as [number, number], animate: false };

/**
 * Keeps Leaflet in step with its container, which changes size without a window resize when
 * the board switches density (wider side columns). Until the operator has moved the map, it
 * also fits the whole plan again, so the first view is never a cut-off plan.
 */
export function FitOnResize() {
  const map = useMap();
  useEffect(
    function followContainerSize() {
      const container = map.getContainer();
      let touched = false;
      const touch = () => {
        touched = true;
      };
      const events = ["mousedown", "wheel", "touchstart", "keydown"] as const;
      for (const e of events) container.addEventListener(e, touch, { passive: true });
      const observer = new ResizeObserver(() => {
        map.invalidateSize({ pan: false });
        if (!touched) map.fitBounds(planBounds, FIT_OPTIONS);
      });
      observer.observe(container);
      return () => {
        observer.disconnect();
        for (const e of events) container.removeEventListener(e, touch);
      };
    },
    [map],
  );
  return null;
}
