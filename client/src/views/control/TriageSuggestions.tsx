import { useMemo } from "react";
import type { StewardReport } from "../../../../shared/state";
import { useOperationState, useSelect } from "../../store/hooks";
import { cardSuggestions } from "./triageHelp";

/**
 * Likely duplicates on a report card: the open incident it probably belongs to (one click or M
 * merges it) and other waiting reports of the same thing. A suggestion is never acted on alone.
 */
export function TriageSuggestions({ report, busy, onMerge }: { report: StewardReport; busy: boolean; onMerge(incidentId: string): void }) {
  // Suggestions are new objects each time: derive them per state, not through a store selector.
  const state = useOperationState();
  const suggestions = useMemo(() => cardSuggestions(state, report), [state, report]);
  const select = useSelect();
  if (suggestions.length === 0) return null;
  const mergeInto = suggestions.find((s) => s.kind === "incident");
  return (
    <section className="triage-suggest" aria-label="Likely duplicates">
      <span className="suggest-label">Likely the same as</span>
      <ul>
        {suggestions.slice(0, 3).map((s) => (
          <li key={`${s.kind}:${s.id}`}>
            {s.kind === "incident" ? (
              <>
                <button type="button" className="link mono" onClick={() => select({ incidentId: s.id })} title="Show the incident">
                  {s.label}
                </button>
                <span className="muted small"> · {s.why}</span>
                {s === mergeInto && (
                  <button
                    type="button"
                    className="btn btn-xs btn-primary"
                    disabled={busy}
                    onClick={() => onMerge(s.id)}
                    title="Merge this report into it (key M)"
                  >
                    Merge (M)
                  </button>
                )}
              </>
            ) : (
              <>
                <button type="button" className="link" onClick={() => select({ reportId: s.id })} title="Show that report">
                  report: {s.label}
                </button>
                <span className="muted small"> · {s.why}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
