import type { StewardReport } from "../../../../shared/state";
import { clockTime } from "../../ui/time";

/**
 * Where a partner's evidence came from (issue 12 item 8), on its report card: the organisation,
 * who sent it, their reference, when it happened by their account, and the files as they named
 * them with the start of each hash (the log holds the whole hash).
 */
export function ProvenanceNote({ report }: { report: StewardReport }) {
  const p = report.provenance;
  if (!p) return null;
  return (
    <div className="report-provenance small">
      <strong>Partner evidence</strong> — {p.organisation}, sent by {p.submitter}
      {p.reference && <>, their ref {p.reference}</>}; happened {clockTime(p.occurredAt)} by their account
      {p.files.length > 0 && (
        <div className="muted">
          Files:{" "}
          {p.files.map((f, k) => (
            <span key={f.sha256}>
              {k > 0 && ", "}
              {f.name || "(unnamed)"} <span className="mono">{f.sha256.slice(0, 12)}…</span>
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
