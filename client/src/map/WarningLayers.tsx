import "../styles/warnings.css";
import { divIcon, type Marker as LeafletMarker, latLngBounds, layerGroup, marker } from "leaflet";
import { useEffect, useMemo } from "react";
import { useMap } from "react-leaflet";
import type { Fix } from "../../../shared/state";
import { warningsOf } from "../../../shared/warningFold";
import { useBoardContext } from "../store/BoardContext";
import { useBoard } from "../store/hooks";
import { venuePlan } from "../venue/plan";
import { useSectorFocus } from "../views/control/warningFocus";

/**
 * A dashed red ring round a unit the log says is out of its sector (issue 11), with a short label.
 * A DOM marker, not a canvas path: the board's canvas renderer draws the units, and the ring must
 * stay above them and be findable in the page.
 */
const ringIcon = (callSign: string) =>
  divIcon({
    className: "out-of-sector",
    html: `<span class="out-of-sector-ring"></span><span class="out-of-sector-label">${escapeHtml(callSign)} out of sector</span>`,
    iconSize: [28, 28],
    iconAnchor: [14, 14],
  });

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The units with an open "out of its sector" warning and their call signs, as "id\tcall sign"
 * lines (a string, so the selector is stable while the warnings and call signs stay the same).
 */
function useOutOfSector(): [string, string][] {
  const lines = useBoard((b) =>
    Object.values(warningsOf(b.state))
      .filter((w) => w.kind === "unit-left-sector" && w.clearedAt === null)
      .map((w) => `${w.subject}\t${b.state.units[w.subject]?.callSign ?? w.subject}`)
      .sort()
      .join("\n"),
  );
  return useMemo(() => (lines ? lines.split("\n").map((l) => l.split("\t") as [string, string]) : []), [lines]);
}

/** The map's marks for the warnings: a ring round each unit out of its sector, and Show's pan to a sector. */
export function WarningLayers() {
  return (
    <>
      <OutOfSectorRings />
      <SectorFocus />
    </>
  );
}

/**
 * The rings, in one layer group with one subscription to the positions, whatever their number:
 * a React marker and a position subscription per unit cost more than a second of CPU on opening
 * the Units tab with many units out of sector. A ring moves only when its unit's fix changes.
 */
function OutOfSectorRings() {
  const map = useMap();
  const { store } = useBoardContext();
  const out = useOutOfSector();
  useEffect(
    function drawRings() {
      const layer = layerGroup().addTo(map);
      const rings = new Map<string, { ring: LeafletMarker; fix: Fix }>();
      const place = (positions: Readonly<Record<string, Fix>>) => {
        for (const [id, callSign] of out) {
          const fix = positions[id];
          const had = rings.get(id);
          if (had?.fix === fix) continue;
          if (!fix) {
            if (had) layer.removeLayer(had.ring);
            rings.delete(id);
          } else if (had) {
            had.ring.setLatLng([fix.lat, fix.lng]);
            had.fix = fix;
          } else {
            const ring = marker([fix.lat, fix.lng], { icon: ringIcon(callSign), interactive: false, keyboard: false, zIndexOffset: 500 });
            rings.set(id, { ring, fix });
            layer.addLayer(ring);
          }
        }
      };
      const positionsStore = store.getState().positionsStore;
      place(positionsStore.getState().positions);
      const unsubscribe = positionsStore.subscribe((now, before) => {
        if (now.positions !== before.positions) place(now.positions);
      });
      return () => {
        unsubscribe();
        layer.remove();
      };
    },
    [out, map, store],
  );
  return null;
}

/** Fits the map to the sector the Warnings panel asked for (a cover warning's Show). */
function SectorFocus() {
  const map = useMap();
  const { sector, n } = useSectorFocus();
  useEffect(
    function fitToSector() {
      const ring = venuePlan.sectors.find((s) => s.id === sector)?.polygon.geometry.coordinates[0];
      if (!ring || n === 0) return;
      map.fitBounds(latLngBounds(ring.map(([lng = 0, lat = 0]) => [lat, lng])), { padding: [40, 40] });
    },
    [sector, n, map],
  );
  return null;
}
