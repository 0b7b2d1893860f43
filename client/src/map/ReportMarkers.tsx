import type { LatLngTuple, LeafletEventHandlerFnMap } from "leaflet";
import { memo, useMemo } from "react";
import { Marker, Tooltip } from "react-leaflet";
import { INCIDENT_TYPE_LABELS } from "../../../shared/domain";
import type { StewardReport } from "../../../shared/state";
import { useSelect, useSelectedReportId } from "../store/hooks";
import { useScopedNewReports } from "../store/sectorScope";
import { clockTime } from "../ui/time";
import { reportIcon } from "./markerIcons";
import { planPointAt } from "./planLayers";

/** Where a report is: its GPS fix, else the post it was sent from; null if neither is known. */
export function reportPlace(r: StewardReport): LatLngTuple | null {
  if (r.location) return [r.location.lat, r.location.lng];
  return (r.post && planPointAt.get(r.post.id)) ?? null;
}

/**
 * Steward reports awaiting triage, on the map as "R" bubbles. Clicking one selects it (the
 * store's selection), as clicking an incident does.
 */
export function ReportMarkers() {
  const reports = useScopedNewReports();
  const reportId = useSelectedReportId();
  const select = useSelect();
  return (
    <>
      {reports.map((r) => (
        <ReportMarker key={r.id} report={r} selected={r.id === reportId} onSelect={select} />
      ))}
    </>
  );
}

interface ReportMarkerProps {
  report: StewardReport;
  selected: boolean;
  onSelect: (s: { reportId: string }) => void;
}

const ReportMarker = memo(function ReportMarker({ report, selected, onSelect }: ReportMarkerProps) {
  const { id } = report;
  const handlers = useMemo<LeafletEventHandlerFnMap>(() => ({ click: () => onSelect({ reportId: id }) }), [id, onSelect]);
  const at = useMemo(() => reportPlace(report), [report]);
  if (!at) return null;
  return (
    <Marker
      position={at}
      icon={reportIcon(selected)}
      eventHandlers={handlers}
      // Above units and lesser incidents, under grade I and S.
      zIndexOffset={selected ? 10_000 : 2500}
      keyboard={false}
      bubblingMouseEvents={false}
    >
      <Tooltip direction="top" offset={[0, -14]}>
        <strong>Steward report</strong> · {INCIDENT_TYPE_LABELS[report.type]} · {clockTime(report.receivedAt)}
        {report.post ? ` · ${report.post.name}` : ""}
      </Tooltip>
    </Marker>
  );
});
