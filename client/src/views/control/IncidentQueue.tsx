import { useVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useRef, useState } from "react";
import { ATTENDANCE_TARGET_LABELS, type AttendanceTarget, INCIDENT_SOURCE_LABELS, INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import type { Incident, Unit } from "../../../../shared/state";
import { useFilteredIncidents, useIncidentCounts, useSelect, useSelectedIncidentId, useUnitMap } from "../../store/hooks";
import { useMay, useScopeSector } from "../../store/sectorScope";
import { type IncidentFilter, isDefaultFilter, isUnresourcedGradeI, OPEN_INCIDENTS } from "../../store/selectors";
import { Age } from "../../ui/Age";
import { GradeChip } from "../../ui/GradeChip";
import { INCIDENT_STATUS_LABELS } from "../../ui/labels";
import { useNow } from "../../ui/time";
import { VirtualRows } from "../../ui/VirtualRows";
import { sectorLabel } from "../../venue/plan";
import { breachKey, useAcknowledged } from "./alarmAcks";
import { openCreate } from "./controlUi";
import { QueueFilters } from "./QueueFilters";

/**
 * The incident queue: unresourced grade I first, then the rest by grade and age. Searchable and
 * filterable (closed incidents stay findable: status "Closed"); the rows are virtualised, so 500
 * open incidents scroll smoothly. Clicking one opens its detail.
 */
export function IncidentQueue() {
  // A Bronze's queue starts at their sector, and follows the header's "Sector" choice (sectorScope.ts).
  const scope = useScopeSector();
  const home = { ...OPEN_INCIDENTS, sector: scope ?? "" };
  const [filter, setFilter] = useState<IncidentFilter>(home);
  useEffect(
    function followSectorScope() {
      setFilter((f) => ({ ...f, sector: scope ?? "" }));
    },
    [scope],
  );
  const incidents = useFilteredIncidents(filter);
  const counts = useIncidentCounts(scope);
  const mayReport = useMay("incident:report");
  const filtered = !isDefaultFilter({ ...filter, sector: filter.sector === (scope ?? "") ? "" : filter.sector });
  return (
    <section className="panel queue" aria-label="Incident queue">
      <header className="panel-head">
        <h2>Incidents</h2>
        <span className="count">{counts.live} open</span>
        {counts.resolved > 0 && <span className="count muted">{counts.resolved} resolved</span>}
        <span className="spacer" />
        {mayReport && (
          <button
            type="button"
            className="btn btn-sm btn-primary"
            onClick={openCreate}
            title="Create an incident (999 call, radio, CCTV, partner…)"
          >
            <span aria-hidden="true">+</span> New incident
          </button>
        )}
      </header>
      <QueueFilters filter={filter} onChange={setFilter} />
      {filtered && (
        <p className="queue-found muted small" aria-live="polite">
          {incidents.length} found{" "}
          <button type="button" className="link" onClick={() => setFilter(home)}>
            Clear search
          </button>
        </p>
      )}
      <QueueRows incidents={incidents} empty={filtered ? "No incident matches." : "No open incidents."} />
    </section>
  );
}

function QueueRows({ incidents, empty }: { incidents: Incident[]; empty: string }) {
  const units = useUnitMap();
  const incidentId = useSelectedIncidentId();
  const select = useSelect();
  const now = useNow(15_000);
  const acknowledged = useAcknowledged();
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: incidents.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 46,
    overscan: 10,
    getItemKey: (n) => incidents[n]?.id ?? n,
  });
  const selectedIndex = incidents.findIndex((i) => i.id === incidentId);
  useEffect(
    function revealSelected() {
      // A row clicked in the queue is in view already: scrollToIndex would still write the
      // scroll position (a forced layout) and follow it for frames after.
      if (selectedIndex >= 0 && !inView(virtual, selectedIndex)) virtual.scrollToIndex(selectedIndex, { align: "auto" });
    },
    [selectedIndex, virtual],
  );

  if (incidents.length === 0) return <p className="empty">{empty}</p>;
  return (
    <>
      <div className="queue-cols" aria-hidden="true">
        <span />
        <span>Type · sector</span>
        <span>CAD · age</span>
        <span>Status</span>
      </div>
      <div className="queue-rows" ref={scroller}>
        <VirtualRows
          virtualizer={virtual}
          row={(n) => {
            const i = incidents[n];
            return i ? (
              <QueueRow
                incident={i}
                units={units}
                now={now}
                selected={i.id === incidentId}
                flashing={hasUnacknowledged(i, acknowledged)}
                onSelect={select}
              />
            ) : null;
          }}
        />
      </div>
    </>
  );
}

/** Whether the row at `index` is wholly inside the list's scrolled view. */
function inView(virtual: Virtualizer<HTMLDivElement, Element>, index: number): boolean {
  const item = virtual.getVirtualItems().find((v) => v.index === index);
  const top = virtual.scrollOffset ?? 0;
  const height = virtual.scrollRect?.height ?? 0;
  return item !== undefined && item.start >= top && item.end <= top + height;
}

/** A missed target flashes until this screen acknowledges it (or the incident is resolved). */
function hasUnacknowledged(i: Incident, acknowledged: ReadonlySet<string>): boolean {
  if (i.status === "resolved" || i.status === "closed") return false;
  return Object.keys(i.targetsMissed ?? {}).some((t) => !acknowledged.has(breachKey(i.id, t)));
}

interface QueueRowProps {
  incident: Incident;
  units: Readonly<Record<string, Unit>>;
  now: number;
  selected: boolean;
  flashing: boolean;
  onSelect: (s: { incidentId: string }) => void;
}

const QueueRow = memo(function QueueRow({ incident: i, units, now, selected, flashing, onSelect }: QueueRowProps) {
  const callSigns = i.assigned.map((id) => units[id]?.callSign ?? id);
  const unresourced = isUnresourcedGradeI(i);
  const overdue = unresourced && now - i.reportedAt > 5 * 60_000;
  const missed = Object.keys(i.targetsMissed ?? {}) as AttendanceTarget[];
  const classes = [
    "queue-row row-click",
    selected && "row-selected",
    (i.status === "resolved" || i.status === "closed") && "row-resolved",
    unresourced && "row-unresourced",
    missed.length > 0 && "row-target-missed",
    flashing && "row-flash",
  ];
  return (
    <button
      type="button"
      className={classes.filter(Boolean).join(" ")}
      onClick={() => onSelect({ incidentId: i.id })}
      aria-pressed={selected}
      data-incident={i.id}
    >
      <span className="queue-grade">
        <GradeChip grade={i.grade} />
      </span>
      <span className="queue-what">
        <span className="cell-main">{INCIDENT_TYPE_LABELS[i.type]}</span>
        <span className="cell-sub">
          {sectorLabel(i.sector)}
          {i.source && i.source !== "steward" ? ` · ${INCIDENT_SOURCE_LABELS[i.source]}` : ""}
        </span>
        {missed.length > 0 && <TargetMissed missed={missed} />}
      </span>
      <span className="queue-ref nowrap">
        <span className="mono">{i.ref.replace(/^CAD /, "")}</span>
        <span
          className={`cell-sub${overdue ? " text-alarm strong" : ""}`}
          title={overdue ? "Grade I with no unit for over 5 min" : undefined}
        >
          <Age from={i.reportedAt} now={now} />
        </span>
      </span>
      <span className="queue-status" title={callSigns.join(", ")}>
        <span className={`status status-${i.status}`}>{INCIDENT_STATUS_LABELS[i.status]}</span>
        <span className={`cell-sub${unresourced ? " text-alarm strong" : ""}`}>
          {callSigns.length ? callSigns.join(", ") : unresourced ? "NO UNIT" : "no units"}
        </span>
      </span>
    </button>
  );
});

/** The server's AttendanceTargetMissed on the row: words and a symbol, not colour alone. */
function TargetMissed({ missed }: { missed: AttendanceTarget[] }) {
  const what = missed.map((t) => ATTENDANCE_TARGET_LABELS[t]).join(", ");
  return (
    <span className="target-missed" title={`Attendance target missed: ${what} in time`}>
      <span aria-hidden="true">⚠ </span>Target missed: {what} in time
    </span>
  );
}
