import { memo, useEffect, useRef, useState } from "react";
import { GRADES, INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import type { StewardReport } from "../../../../shared/state";
import { useBoardContext } from "../../store/BoardContext";
import { useSelect } from "../../store/hooks";
import { useMay } from "../../store/sectorScope";
import { Age } from "../../ui/Age";
import { clockTime } from "../../ui/time";
import { useCommand } from "../../ui/useCommand";
import { sectorLabel } from "../../venue/plan";
import { MergePicker } from "./MergePicker";
import { PhotoStrip } from "./PhotoStrip";
import { ProvenanceNote } from "./ProvenanceNote";
import { TriageSuggestions } from "./TriageSuggestions";
import { neighbourReport } from "./triageHelp";
import { triageUi, useTriageUi } from "./triageUi";

/** A late report (a steward in a dead zone) shows both clocks: what control knew when. */
const LATE_MS = 30_000;
/** A report waiting longer than this for triage is marked. */
const WAITING_LONG_MS = 3 * 60_000;

interface Props {
  report: StewardReport;
  now: number;
  /** In keyboard focus: the triage keys act on it. */
  focused: boolean;
}

export const ReportCard = memo(function ReportCard({ report: r, now, focused }: Props) {
  const { run, busy, retrying } = useCommand();
  const { store } = useBoardContext();
  const select = useSelect();
  const mode = useTriageUi((s) => (s.open?.reportId === r.id ? s.open.mode : null));
  const late = Math.abs(r.receivedAt - r.reporterTime) > LATE_MS;
  const skew = clockSkew(r.clockOffsetMs);
  const waitedLong = now - r.receivedAt > WAITING_LONG_MS;
  // In a replay the card shows what control saw, with nothing to press; so does it to a role that does not triage (Gold, Bronze).
  const readOnly = !useMay("report:promote");
  const toggle = (m: "merge" | "dismiss") => (mode === m ? triageUi.getState().closeCard() : triageUi.getState().openCard(r.id, m));
  /** After a triage the next waiting report takes the focus, as the keyboard does. */
  const act = async (done: Promise<boolean>) => {
    if (!(await done)) return;
    triageUi.getState().closeCard();
    if (focused) select({ reportId: neighbourReport(store.getState().state, r.id, 1, true) });
  };

  return (
    <article
      className={`report-card${focused ? " report-selected" : ""}`}
      aria-current={focused ? "true" : undefined}
      aria-label={`Steward report: ${INCIDENT_TYPE_LABELS[r.type]}`}
      onClick={(e) => {
        // A click on the card (not on one of its controls) puts it in keyboard focus.
        if (!(e.target as HTMLElement).closest("button, input, select, form")) select({ reportId: r.id });
      }}
    >
      <div className="report-top">
        <span className="report-glyph" aria-hidden="true">
          R
        </span>
        <strong className="report-type">{INCIDENT_TYPE_LABELS[r.type]}</strong>
        <span className={`report-wait${waitedLong ? " text-alarm strong" : ""}`} title="Waiting for triage since it was received">
          waiting <Age from={r.receivedAt} now={now} />
        </span>
      </div>
      <div className="report-time mono small" title={late ? "Reporter's clock vs when control received it" : "Received"}>
        {late ? (
          <>
            <span className="text-warn">sent {clockTime(r.reporterTime)}</span>, received {clockTime(r.receivedAt)}
          </>
        ) : (
          <>received {clockTime(r.receivedAt)}</>
        )}
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
      <PhotoStrip photos={r.photos ?? []} />
      <ProvenanceNote report={r} />
      <div className="report-by muted">{r.steward.name}</div>
      {!readOnly && (
        <TriageSuggestions report={r} busy={busy} onMerge={(incidentId) => void act(run("report:merge", { reportId: r.id, incidentId }))} />
      )}
      {!readOnly && (
        <div className="report-actions">
          <span className="action-label">Promote</span>
          {GRADES.map((g) => (
            <button
              key={g}
              type="button"
              className={`btn btn-xs btn-grade grade-${g}`}
              disabled={busy}
              title={`Promote to a grade ${g} incident (key ${g})`}
              onClick={() => void act(run("report:promote", { reportId: r.id, grade: g }))}
            >
              {g}
            </button>
          ))}
          <span className="spacer" />
          <button
            type="button"
            className={`btn btn-xs${mode === "merge" ? " btn-on" : ""}`}
            onClick={() => toggle("merge")}
            title="Merge into an open incident (key M)"
          >
            Merge…
          </button>
          <button
            type="button"
            className={`btn btn-xs${mode === "dismiss" ? " btn-on" : ""}`}
            onClick={() => toggle("dismiss")}
            title="Dismiss, with a reason (key D)"
          >
            Dismiss…
          </button>
        </div>
      )}
      {focused && !readOnly && (
        <p className="key-hint small muted">
          <kbd>I</kbd> <kbd>S</kbd> <kbd>E</kbd> <kbd>R</kbd> promote · <kbd>M</kbd> merge · <kbd>D</kbd> dismiss · <kbd>N</kbd> next
        </p>
      )}
      {mode === "merge" && (
        <MergePicker report={r} busy={busy} onMerge={(incidentId) => void act(run("report:merge", { reportId: r.id, incidentId }))} />
      )}
      {mode === "dismiss" && (
        <DismissForm busy={busy} onDismiss={(reason) => void act(run("report:dismiss", { reportId: r.id, reason }))} />
      )}
      {retrying && <p className="retrying">No answer yet — retrying…</p>}
    </article>
  );
});

function DismissForm({ busy, onDismiss }: { busy: boolean; onDismiss(reason: string): void }) {
  const [reason, setReason] = useState("");
  const input = useRef<HTMLInputElement>(null);
  useEffect(function takeFocus() {
    input.current?.focus();
  }, []);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim()) onDismiss(reason.trim());
      }}
    >
      <input
        ref={input}
        placeholder="Reason (the steward sees it)"
        value={reason}
        maxLength={200}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={(e) => e.key === "Escape" && triageUi.getState().closeCard()}
        aria-label="Reason for dismissing"
        required
      />
      <button type="submit" className="btn btn-xs btn-danger" disabled={busy || !reason.trim()}>
        Dismiss
      </button>
    </form>
  );
}

/** "47 min slow" when the phone's clock was off the server's by more than a minute at its last hello (issue 13). */
export function clockSkew(offsetMs: number | null | undefined): string | null {
  if (offsetMs == null || Math.abs(offsetMs) <= 60_000) return null;
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const amount = minutes >= 120 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
  return `${amount} ${offsetMs > 0 ? "slow" : "fast"}`;
}
