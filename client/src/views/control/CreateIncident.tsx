import "../../styles/incidentForms.css";
import { type FormEvent, useState } from "react";
import {
  GRADE_LABELS,
  GRADES,
  type Grade,
  INCIDENT_SOURCE_LABELS,
  INCIDENT_SOURCES,
  INCIDENT_TYPE_LABELS,
  INCIDENT_TYPES,
  type IncidentSource,
  type IncidentType,
} from "../../../../shared/domain";
import { useSelect } from "../../store/hooks";
import { useMay } from "../../store/sectorScope";
import { useControlUi } from "./controlUi";
import { focusOnMount, formKeys } from "./formKeys";
import { type LocationChoice, PlacePicker } from "./PlacePicker";
import { useReportIncident } from "./useLoggedIncident";

/** Sources a controller types in; a steward's report arrives through triage instead. */
const SOURCES = INCIDENT_SOURCES.filter((s) => s !== "steward");

interface Draft {
  source: IncidentSource;
  type: IncidentType | "";
  grade: Grade | "";
  where: LocationChoice;
  description: string;
}

const EMPTY: Draft = { source: "999", type: "", grade: "", where: { at: null, text: "", placeId: null }, description: "" };

/** The "New incident" panel, over the left column while open (the map stays clickable for a pick). */
export function CreateIncident() {
  const open = useControlUi((s) => s.createOpen);
  const readOnly = !useMay("incident:report");
  if (!open || readOnly) return null;
  return <CreateForm />;
}

/**
 * An incident from any source (a 999 call, radio, CCTV, a partner…), typed in one pass with the
 * keyboard: source, type, grade, place, description, Enter. The new incident is then selected.
 */
function CreateForm() {
  const close = useControlUi((s) => s.closeCreate);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const { report, busy, blocked } = useReportIncident();
  const select = useSelect();
  const returnFocus = useReturnFocus();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const missing = missingFields(draft);

  function cancel() {
    close();
    returnFocus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || missing.length > 0 || draft.type === "" || !draft.where.at) return;
    const id = await report({
      source: draft.source,
      type: draft.type,
      grade: draft.grade === "" ? null : draft.grade,
      location: draft.where.at,
      locationText: draft.where.text.trim(),
      description: draft.description.trim(),
    });
    if (id === null) return;
    select({ incidentId: id, unitId: null });
    close();
  }

  return (
    <div className="incident-form-panel" role="dialog" aria-modal="false" aria-labelledby="create-incident-title">
      <form className="incident-form" onSubmit={submit} onKeyDown={formKeys(cancel)}>
        <header className="incident-form-head">
          <h2 id="create-incident-title">New incident</h2>
          <span className="muted small">Enter creates · Esc cancels</span>
        </header>
        <div className="field-row">
          <label className="field field-narrow">
            <span className="field-label">Source</span>
            <select value={draft.source} onChange={(e) => set("source", e.target.value as IncidentSource)} ref={focusOnMount}>
              {SOURCES.map((s) => (
                <option key={s} value={s}>
                  {INCIDENT_SOURCE_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Type</span>
            <TypeSelect value={draft.type} onChange={(t) => set("type", t)} />
          </label>
        </div>
        <label className="field">
          <span className="field-label">Grade</span>
          <GradeSelect value={draft.grade} onChange={(g) => set("grade", g)} />
        </label>
        <PlacePicker value={draft.where} onChange={(w) => set("where", w)} pickFor="create" label="Place" />
        <label className="field">
          <span className="field-label">Description</span>
          <textarea
            rows={3}
            maxLength={2000}
            value={draft.description}
            onChange={(e) => set("description", e.target.value)}
            placeholder="What the caller says: who, what, how many, which way they went"
          />
        </label>
        <FormFooter busy={busy} blocked={blocked} missing={missing} submitLabel="Create incident" onCancel={cancel} />
      </form>
    </div>
  );
}

export function missingFields(d: Pick<Draft, "type" | "where" | "description">): string[] {
  const missing: string[] = [];
  if (d.type === "") missing.push("type");
  if (!d.where.at) missing.push("place");
  if (!d.description.trim()) missing.push("description");
  return missing;
}

interface TypeSelectProps {
  value: IncidentType | "";
  onChange(t: IncidentType): void;
  autoFocus?: boolean;
}

export function TypeSelect({ value, onChange, autoFocus = false }: TypeSelectProps) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as IncidentType)} required ref={autoFocus ? focusOnMount : undefined}>
      {value === "" && (
        <option value="" disabled>
          Choose a type…
        </option>
      )}
      {INCIDENT_TYPES.map((t) => (
        <option key={t} value={t}>
          {INCIDENT_TYPE_LABELS[t]}
        </option>
      ))}
    </select>
  );
}

export function GradeSelect({ value, onChange }: { value: Grade | ""; onChange(g: Grade | ""): void }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as Grade | "")}>
      <option value="">Not graded yet</option>
      {GRADES.map((g) => (
        <option key={g} value={g}>
          {g} — {GRADE_LABELS[g].replace(/ \(.*\)$/, "")}
        </option>
      ))}
    </select>
  );
}

interface FooterProps {
  busy: boolean;
  /** Why commands are off on this screen now (the link is down), or null. */
  blocked?: string | null;
  missing: readonly string[];
  submitLabel: string;
  onCancel(): void;
}

/** Submit and Cancel, and what is still missing, in words (a greyed button alone says nothing). */
export function FormFooter({ busy, blocked = null, missing, submitLabel, onCancel }: FooterProps) {
  const sending = busy && !blocked;
  return (
    <footer className="incident-form-foot">
      <span className="form-missing" aria-live="polite">
        {blocked ? `Not sent now: ${blocked}` : missing.length > 0 ? `Still needed: ${missing.join(", ")}` : ""}
      </span>
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="btn btn-primary" disabled={busy || missing.length > 0}>
        {sending ? "Sending…" : submitLabel}
      </button>
    </footer>
  );
}

/** Focus goes back where it was when the panel opened (the button or the key that opened it). */
export function useReturnFocus(): () => void {
  // Read during the first render, before the form's autofocus moves it.
  const [before] = useState(() => document.activeElement);
  return () => {
    if (before instanceof HTMLElement && before.isConnected) before.focus();
  };
}
