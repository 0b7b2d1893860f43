import "../../styles/incidentForms.css";
import { type FormEvent, useState } from "react";
import type { Incident } from "../../../../shared/state";
import { useCommand } from "../../ui/useCommand";
import { FormFooter, GradeSelect, TypeSelect, useReturnFocus } from "./CreateIncident";
import { type CorrectionDraft, changedFields, draftOf } from "./correction";
import { formKeys } from "./formKeys";
import { type LocationChoice, PlacePicker } from "./PlacePicker";

const CHANGE_NAMES: Record<string, string> = {
  type: "type",
  grade: "grade",
  location: "location",
  locationText: "location text",
  description: "description",
};

/**
 * Corrects the record of an incident, closed ones included: the fields prefilled, a reason
 * required, and only what changed is sent. The log keeps both the old and the new values.
 */
export function CorrectIncident({ incident, onDone }: { incident: Incident; onDone(): void }) {
  const [draft, setDraft] = useState<CorrectionDraft>(() => draftOf(incident));
  const [reason, setReason] = useState("");
  const { run, busy, blocked } = useCommand();
  const returnFocus = useReturnFocus();
  const changes = changedFields(incident, draft);
  const changed = Object.keys(changes);
  const missing = [...(changed.length === 0 ? ["a change"] : []), ...(reason.trim() ? [] : ["a reason"])];
  const where: LocationChoice = { at: draft.location, text: draft.locationText, placeId: null };
  const set = <K extends keyof CorrectionDraft>(key: K, value: CorrectionDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  function cancel() {
    onDone();
    returnFocus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || missing.length > 0) return;
    if (await run("incident:correct", { incidentId: incident.id, ...changes, reason: reason.trim() })) cancel();
  }

  return (
    <form
      className="incident-form incident-form-inline"
      onSubmit={submit}
      onKeyDown={formKeys(cancel)}
      aria-label={`Correct ${incident.ref}`}
    >
      <header className="incident-form-head">
        <h3>Correct {incident.ref}</h3>
        <span className="muted small">Enter saves · Esc cancels</span>
      </header>
      <div className="field-row">
        <label className="field">
          <span className="field-label">Type</span>
          <TypeSelect value={draft.type} onChange={(t) => set("type", t)} autoFocus />
        </label>
        <label className="field field-half">
          <span className="field-label">Grade</span>
          <GradeSelect value={draft.grade} onChange={(g) => set("grade", g)} />
        </label>
      </div>
      <PlacePicker
        value={where}
        onChange={(w) => setDraft((d) => ({ ...d, location: w.at ?? d.location, locationText: w.text }))}
        pickFor="correct"
        label="Location"
      />
      <label className="field">
        <span className="field-label">Description</span>
        <textarea rows={3} maxLength={2000} value={draft.description} onChange={(e) => set("description", e.target.value)} />
      </label>
      <label className="field">
        <span className="field-label">Reason for the correction (logged)</span>
        <input
          value={reason}
          maxLength={300}
          onChange={(e) => setReason(e.target.value)}
          placeholder="e.g. caller rang back with the right gate"
        />
      </label>
      <p className="form-changes muted small" aria-live="polite">
        {changed.length > 0 ? `Will correct: ${changed.map((k) => CHANGE_NAMES[k] ?? k).join(", ")}` : "Nothing changed yet."}
      </p>
      <FormFooter busy={busy} blocked={blocked} missing={missing} submitLabel="Save correction" onCancel={cancel} />
    </form>
  );
}
