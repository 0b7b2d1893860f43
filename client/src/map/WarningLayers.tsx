import { latLngBounds } from "leaflet";
import { useEffect, useMemo } from "react";
import { CircleMarker, Tooltip, useMap } from "react-leaflet";
import { warningsOf } from "../../../shared/warningFold";
import { useBoard, usePosition } from "../store/hooks";
import { venuePlan } from "../venue/plan";
import { useSectorFocus } from "../views/control/warningFocus";

/** A dashed red ring: drawn round a unit the log says is out of its sector (issue 11). */
const RING = { color: "#c62828", weight: 2.5, dashArray: "4 3", fill: false, radius: 13 } as const;

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
  if (!fix) return null;
  return (
    <CircleMarker center={[fix.lat, fix.lng]} pathOptions={RING} radius={RING.radius} interactive={false} className="out-of-sector">
      <Tooltip direction="top" offset={[0, -12]} permanent>
        {callSign} out of its sector
      </Tooltip>
    </CircleMarker>
  );
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
