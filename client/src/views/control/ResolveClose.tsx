import { useState } from "react";
import type { Incident } from "../../../../shared/state";
import { useCommand } from "../../ui/useCommand";

/** Resolve with an outcome, then close (closing stands assigned units down). */
export function ResolveClose({ incident }: { incident: Incident }) {
  const [outcome, setOutcome] = useState("");
  const { run, busy } = useCommand();
  const resolved = incident.status === "resolved";
  return (
    <div className="resolve">
      {!resolved && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run("incident:resolve", { incidentId: incident.id, outcome: outcome.trim() }).then((ok) => ok && setOutcome(""));
          }}
        >
          <input
            placeholder="Outcome (e.g. 2 arrested, crowd dispersed)"
            value={outcome}
            maxLength={500}
            onChange={(e) => setOutcome(e.target.value)}
            aria-label="Outcome"
          />
          <button type="submit" className="btn btn-sm" disabled={busy || !outcome.trim()}>
            Resolve
          </button>
        </form>
      )}
      <button
        type="button"
        className={`btn btn-sm${resolved ? " btn-primary" : ""}`}
        disabled={busy}
        onClick={() => void run("incident:close", { incidentId: incident.id })}
      >
        Close incident
      </button>
    </div>
  );
}
