import "../styles/warnings.css";
import { divIcon, latLngBounds } from "leaflet";
import { useEffect, useMemo } from "react";
import { Marker, useMap } from "react-leaflet";
import { warningsOf } from "../../../shared/warningFold";
import { useBoard, usePosition } from "../store/hooks";
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

/** The units with an open "out of its sector" warning, by id (a string, so the selector is stable). */
function useOutOfSector(): string[] {
  const ids = useBoard((b) =>
    Object.values(warningsOf(b.state))
      .filter((w) => w.kind === "unit-left-sector" && w.clearedAt === null)
      .map((w) => w.subject)
      .sort()
      .join(" "),
  );
  return useMemo(() => (ids ? ids.split(" ") : []), [ids]);
}

/** The map's marks for the warnings: a ring round each unit out of its sector, and Show's pan to a sector. */
export function WarningLayers() {
  const out = useOutOfSector();
  return (
    <>
      {out.map((id) => (
        <OutOfSectorRing key={id} unitId={id} />
      ))}
      <SectorFocus />
    </>
  );
}

function OutOfSectorRing({ unitId }: { unitId: string }) {
  const fix = usePosition(unitId);
  const callSign = useBoard((b) => b.state.units[unitId]?.callSign ?? unitId);
  const icon = useMemo(() => ringIcon(callSign), [callSign]);
  if (!fix) return null;
  return <Marker position={[fix.lat, fix.lng]} icon={icon} interactive={false} keyboard={false} zIndexOffset={500} />;
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
