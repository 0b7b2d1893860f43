import { memo, useState } from "react";
import { GRADES, INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import type { StewardReport } from "../../../../shared/state";
import { useReadOnly } from "../../store/readOnly";
import { clockTime } from "../../ui/time";
import { useCommand } from "../../ui/useCommand";
import { sectorLabel } from "../../venue/plan";
import { MergePicker } from "./MergePicker";

/** A late report (a steward in a dead zone) shows both clocks: what control knew when. */
const LATE_MS = 30_000;

type Mode = "idle" | "merge" | "dismiss";

export const ReportCard = memo(function ReportCard({ report: r }: { report: StewardReport }) {
  const { run, busy, retrying } = useCommand();
  const [mode, setMode] = useState<Mode>("idle");
  const [reason, setReason] = useState("");
  const late = Math.abs(r.receivedAt - r.reporterTime) > LATE_MS;
  const skew = clockSkew(r.clockOffsetMs);
  // In a replay the card shows what control saw, with nothing to press.
  const readOnly = useReadOnly();

  return (
    <article className="report-card">
      <div className="report-top">
        <strong className="report-type">{INCIDENT_TYPE_LABELS[r.type]}</strong>
        <span className="report-time mono" title={late ? "Reporter's clock vs when control received it" : "Received"}>
          {late ? (
            <>
              <span className="text-warn">sent {clockTime(r.reporterTime)}</span>, received {clockTime(r.receivedAt)}
            </>
          ) : (
            clockTime(r.receivedAt)
          )}
        </span>
      </div>
      {skew && (
        <div
          className="report-clock text-warn small"
          title="The phone's clock against the server's, measured when the phone last connected"
        >
          Phone clock {skew} — sent about {clockTime(r.reporterTime + (r.clockOffsetMs ?? 0))} by the server's clock
        </div>
      )}
      <div className="report-where">
        {r.post ? `${r.post.name} · ` : r.location ? "GPS · " : ""}
        {sectorLabel(r.sector)}
      </div>
      {r.text && <p className="report-text">“{r.text}”</p>}
      <div className="report-by muted">{r.steward.name}</div>
      {!readOnly && (
        <div className="report-actions">
          <span className="action-label">Promote</span>
          {GRADES.map((g) => (
            <button
              key={g}
              type="button"
              className={`btn btn-xs btn-grade grade-${g}`}
              disabled={busy}
              title={`Promote to a grade ${g} incident`}
              onClick={() => void run("report:promote", { reportId: r.id, grade: g })}
            >
              {g}
            </button>
          ))}
          <span className="spacer" />
          <button
            type="button"
            className={`btn btn-xs${mode === "merge" ? " btn-on" : ""}`}
            onClick={() => setMode(mode === "merge" ? "idle" : "merge")}
          >
            Merge…
          </button>
          <button
            type="button"
            className={`btn btn-xs${mode === "dismiss" ? " btn-on" : ""}`}
            onClick={() => setMode(mode === "dismiss" ? "idle" : "dismiss")}
          >
            Dismiss…
          </button>
        </div>
      )}
      {mode === "merge" && (
        <MergePicker report={r} busy={busy} onMerge={(incidentId) => void run("report:merge", { reportId: r.id, incidentId })} />
      )}
      {mode === "dismiss" && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run("report:dismiss", { reportId: r.id, reason: reason.trim() });
          }}
        >
          <input
            placeholder="Reason (the steward sees it)"
            value={reason}
            maxLength={200}
            onChange={(e) => setReason(e.target.value)}
            aria-label="Reason for dismissing"
            required
          />
          <button type="submit" className="btn btn-xs btn-danger" disabled={busy || !reason.trim()}>
            Dismiss
          </button>
        </form>
      )}
      {retrying && <p className="retrying">No answer yet — retrying…</p>}
    </article>
  );
});

/** "47 min slow" when the phone's clock was off the server's by more than a minute at its last hello (issue 13). */
export function clockSkew(offsetMs: number | null | undefined): string | null {
  if (offsetMs == null || Math.abs(offsetMs) <= 60_000) return null;
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const amount = minutes >= 120 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
  return `${amount} ${offsetMs > 0 ? "slow" : "fast"}`;
}
