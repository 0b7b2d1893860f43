import { INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import type { StewardReport } from "../../../../shared/state";
import { useMyReports } from "../../store/hooks";
import { clockTime } from "../../ui/time";
import { sectorLabel } from "../../venue/plan";

/** The steward's own reports and what control did with each. */
export function MyReports({ stewardId }: { stewardId: string }) {
  const reports = useMyReports(stewardId);
  return (
    <section className="card my-reports" aria-label="My reports">
      <h2 className="m-title">My reports</h2>
      {reports.length === 0 ? (
        <p className="empty">You have not sent any reports yet.</p>
      ) : (
        <ul>
          {reports.map((r) => (
            <li key={r.id} className={`my-report my-${r.status}`}>
              <div className="my-top">
                <strong>{INCIDENT_TYPE_LABELS[r.type]}</strong>
                <span className="mono">{clockTime(r.receivedAt)}</span>
              </div>
              <div className="my-where">{r.post?.name ?? sectorLabel(r.sector)}</div>
              <div className="my-status">{outcome(r)}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function outcome(r: StewardReport): string {
  switch (r.status) {
    case "new":
      return "With control";
    case "promoted":
      return `Now incident ${r.incidentRef ?? ""}`;
    case "merged":
      return `Merged into ${r.incidentRef ?? "an incident"}`;
    case "dismissed":
      return `Closed: ${r.resolution ?? ""}`;
  }
}
