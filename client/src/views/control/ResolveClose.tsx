import { useState } from "react";
import type { Incident } from "../../../../shared/state";
import { useCommand } from "../../ui/useCommand";

/**
 * Resolve with an outcome, then close (closing stands assigned units down). Stewards learn that
 * the incident is resolved; the outcome's words reach them only when marked "for stewards".
 */
export function ResolveClose({ incident }: { incident: Incident }) {
  const [outcome, setOutcome] = useState("");
  const [forStewards, setForStewards] = useState(false);
  const { run, busy } = useCommand();
  const resolved = incident.status === "resolved";
  return (
    <div className="resolve">
      {!resolved && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run("incident:resolve", { incidentId: incident.id, outcome: outcome.trim(), forStewards }).then((ok) => {
              if (!ok) return;
              setOutcome("");
              setForStewards(false);
            });
          }}
        >
          <input
            placeholder="Outcome (e.g. 2 arrested, crowd dispersed)"
            value={outcome}
            maxLength={500}
            onChange={(e) => setOutcome(e.target.value)}
            aria-label="Outcome"
          />
          <label className="check" title="Stewards in this incident's sector will see the outcome">
            <input
              type="checkbox"
              checked={forStewards}
              onChange={(e) => setForStewards(e.target.checked)}
              aria-label="Outcome for stewards"
            />{" "}
            For stewards
          </label>
          <button type="submit" className="btn btn-sm" disabled={busy || !outcome.trim()}>
            Resolve
          </button>
        </form>
      )}
      <button
        type="button"
        className={`btn btn-sm${resolved ? " btn-primary" : ""}`}
        disabled={busy}
        onClick={() => void run("incident:close", { incidentId: incident.id, result: "no-further-action" })}
      >
        Close incident
      </button>
    </div>
  );
}
