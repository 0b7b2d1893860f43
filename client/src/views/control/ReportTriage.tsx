import { useNewReports } from "../../store/hooks";
import { ReportCard } from "./ReportCard";

/** Steward reports awaiting a decision: promote, merge into an incident, or dismiss. */
export function ReportTriage() {
  const reports = useNewReports();
  return (
    <section className="panel triage" aria-label="Steward report triage">
      <header className="panel-head">
        <h2>Steward reports</h2>
        <span className={`count${reports.length ? " count-alert" : ""}`}>{reports.length} new</span>
      </header>
      <div className="panel-body">
        {reports.length === 0 ? (
          <p className="empty">No steward reports waiting.</p>
        ) : (
          reports.map((r) => <ReportCard key={r.id} report={r} />)
        )}
      </div>
    </section>
  );
}
