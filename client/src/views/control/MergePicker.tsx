import { useMemo, useState } from "react";
import { INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import type { StewardReport } from "../../../../shared/state";
import { rankMergeTargets } from "../../../../shared/triage";
import { useOperationState } from "../../store/hooks";

/** Open incidents to merge a report into, ranked by distance and time (likely duplicates first), each with why. */
export function MergePicker({ report, busy, onMerge }: { report: StewardReport; busy: boolean; onMerge(incidentId: string): void }) {
  const state = useOperationState();
  const targets = useMemo(() => rankMergeTargets(report, state).slice(0, 30), [report, state]);
  const [choice, setChoice] = useState<string>("");
  const chosen = choice || targets[0]?.incident.id || "";
  if (targets.length === 0) return <p className="inline-note">No open incident to merge into.</p>;
  return (
    <form
      className="inline-form merge-picker"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) onMerge(chosen);
      }}
    >
      <select value={chosen} onChange={(e) => setChoice(e.target.value)} aria-label="Incident to merge into">
        {targets.map((t) => (
          <option key={t.incident.id} value={t.incident.id}>
            {t.likely ? "★ " : ""}
            {t.incident.ref} · {t.incident.grade ?? "–"} · {INCIDENT_TYPE_LABELS[t.incident.type]} · {t.why}
          </option>
        ))}
      </select>
      <button type="submit" className="btn btn-xs btn-primary" disabled={busy || !chosen}>
        Merge
      </button>
    </form>
  );
}
