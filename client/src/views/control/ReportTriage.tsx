import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import { useSelectedReportId } from "../../store/hooks";
import { useScopedNewReports } from "../../store/sectorScope";
import { Age } from "../../ui/Age";
import { useNow } from "../../ui/time";
import { VirtualRows } from "../../ui/VirtualRows";
import { ReportCard } from "./ReportCard";

/**
 * Steward reports awaiting a decision — promote, merge into an incident, or dismiss — oldest
 * first with how long each has waited, so the oldest never sinks. Virtualised: cards are
 * measured as they render, and only those in view are in the DOM.
 */
export function ReportTriage() {
  const reports = useScopedNewReports();
  const reportId = useSelectedReportId();
  const now = useNow(15_000);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: reports.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 132,
    getItemKey: (i) => reports[i]?.id ?? i,
    overscan: 4,
  });
  const focused = reportId ? reports.findIndex((r) => r.id === reportId) : -1;
  const oldest = reports[0];

  useEffect(
    function showFocusedReport() {
      if (focused >= 0) virtual.scrollToIndex(focused, { align: "auto" });
    },
    [focused, virtual],
  );

  return (
    <section className="panel triage" aria-label="Steward report triage">
      <header className="panel-head">
        <h2>Steward reports</h2>
        <span className={`count${reports.length ? " count-alert" : ""}`}>{reports.length} new</span>
        {oldest && (
          <span className="count muted" title="How long the oldest report has waited">
            oldest <Age from={oldest.receivedAt} now={now} />
          </span>
        )}
        <span className="spacer" />
        <span className="muted small key-hint">
          <kbd>N</kbd> next · <kbd>?</kbd> keys
        </span>
      </header>
      <div className="panel-body" ref={scroller}>
        {reports.length === 0 ? (
          <p className="empty">No steward reports waiting.</p>
        ) : (
          <VirtualRows
            virtualizer={virtual}
            row={(n) => {
              const r = reports[n];
              return r ? <ReportCard report={r} now={now} focused={r.id === reportId} /> : null;
            }}
          />
        )}
      </div>
    </section>
  );
}
