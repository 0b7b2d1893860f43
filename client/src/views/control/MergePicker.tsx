import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import type { StewardReport } from "../../../../shared/state";
import { distanceMetres, formatDistance } from "../../store/distance";
import { useBoard } from "../../store/hooks";
import { mergeCandidates } from "../../store/selectors";

/** Open incidents to merge a report into: same type first, then nearest. */
export function MergePicker({ report, busy, onMerge }: { report: StewardReport; busy: boolean; onMerge(incidentId: string): void }) {
  const candidates = useBoard(useShallow((b) => mergeCandidates(b.state, report)));
  const [choice, setChoice] = useState<string>("");
  const chosen = choice || candidates[0]?.id || "";
  if (candidates.length === 0) return <p className="inline-note">No open incident to merge into.</p>;
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) onMerge(chosen);
      }}
    >
      <select value={chosen} onChange={(e) => setChoice(e.target.value)} aria-label="Incident to merge into">
        {candidates.slice(0, 30).map((i) => (
          <option key={i.id} value={i.id}>
            {i.ref} · {i.grade ?? "–"} · {INCIDENT_TYPE_LABELS[i.type]}
            {report.location ? ` · ${formatDistance(distanceMetres(report.location, i.location))}` : ""}
          </option>
        ))}
      </select>
      <button type="submit" className="btn btn-xs btn-primary" disabled={busy || !chosen}>
        Merge
      </button>
    </form>
  );
}
