import { type FormEvent, useState } from "react";
import type { Incident } from "../../../../shared/state";
import { INCIDENT_STATUS_LABELS } from "../../ui/labels";
import { useCommand } from "../../ui/useCommand";
import { focusOnMount, formKeys } from "./formKeys";

/**
 * Reopens a resolved or closed incident with a reason (logged). Its status goes back to what
 * its units say, so it rejoins the open queue where it belongs.
 */
export function ReopenIncident({ incident, onDone }: { incident: Incident; onDone(): void }) {
  const [reason, setReason] = useState("");
  const { run, busy, blocked } = useCommand();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !reason.trim()) return;
    if (await run("incident:reopen", { incidentId: incident.id, reason: reason.trim() })) onDone();
  }

  return (
    <form
      className="incident-form incident-form-inline"
      onSubmit={submit}
      onKeyDown={formKeys(onDone)}
      aria-label={`Reopen ${incident.ref}`}
    >
      <header className="incident-form-head">
        <h3>
          Reopen {incident.ref} <span className="muted small">(now {INCIDENT_STATUS_LABELS[incident.status].toLowerCase()})</span>
        </h3>
      </header>
      <label className="field">
        <span className="field-label">Reason (logged)</span>
        <input
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          placeholder="e.g. suspect returned to Entrance J"
          ref={focusOnMount}
        />
      </label>
      <footer className="incident-form-foot">
        <span className="form-missing">{blocked ? `Not sent now: ${blocked}` : reason.trim() ? "" : "Still needed: a reason"}</span>
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy || !reason.trim()}>
          {busy && !blocked ? "Reopening…" : "Reopen"}
        </button>
      </footer>
    </form>
  );
}
