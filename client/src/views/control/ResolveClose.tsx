import { type FormEvent, useState } from "react";
import { CLOSE_RESULT_LABELS, CLOSE_RESULTS, type CloseResult } from "../../../../shared/domain";
import type { Incident } from "../../../../shared/state";
import { useCommand } from "../../ui/useCommand";
import { focusOnMount, formKeys } from "./formKeys";

/**
 * Resolve with an outcome, then close (closing stands assigned units down). Stewards learn that
 * the incident is resolved; the outcome's words reach them only when marked "for stewards".
 */
export function ResolveClose({ incident }: { incident: Incident }) {
  const [closing, setClosing] = useState(false);
  return (
    <div className="resolve">
      {incident.status !== "resolved" && !closing && <ResolveForm incidentId={incident.id} />}
      {closing ? (
        <CloseForm incident={incident} onDone={() => setClosing(false)} />
      ) : (
        <button
          type="button"
          className={`btn btn-sm${incident.status === "resolved" ? " btn-primary" : ""}`}
          onClick={() => setClosing(true)}
        >
          Close incident…
        </button>
      )}
    </div>
  );
}

function ResolveForm({ incidentId }: { incidentId: string }) {
  const [outcome, setOutcome] = useState("");
  const [forStewards, setForStewards] = useState(false);
  const { run, busy } = useCommand();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!(await run("incident:resolve", { incidentId, outcome: outcome.trim(), forStewards }))) return;
    setOutcome("");
    setForStewards(false);
  }
  return (
    <form className="inline-form" onSubmit={submit}>
      <input
        placeholder="Outcome (e.g. 2 arrested, crowd dispersed)"
        value={outcome}
        maxLength={500}
        onChange={(e) => setOutcome(e.target.value)}
        aria-label="Outcome"
      />
      <label className="check" title="Stewards in this incident's sector will see the outcome">
        <input type="checkbox" checked={forStewards} onChange={(e) => setForStewards(e.target.checked)} aria-label="Outcome for stewards" />{" "}
        For stewards
      </label>
      <button type="submit" className="btn btn-sm" disabled={busy || !outcome.trim()}>
        Resolve
      </button>
    </form>
  );
}

/**
 * Closing takes a result code and an optional note, then a confirmation that says what will
 * happen: the incident leaves the open queue and its units are stood down.
 */
function CloseForm({ incident, onDone }: { incident: Incident; onDone(): void }) {
  const [result, setResult] = useState<CloseResult | "">("");
  const [note, setNote] = useState("");
  const [confirming, setConfirming] = useState(false);
  const { run, busy, blocked } = useCommand();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (result === "" || busy) return;
    if (!confirming) {
      setConfirming(true);
      return;
    }
    if (await run("incident:close", { incidentId: incident.id, result, note: note.trim() })) onDone();
  }

  const back = () => (confirming ? setConfirming(false) : onDone());
  return (
    <form
      className="incident-form incident-form-inline close-form"
      onSubmit={submit}
      onKeyDown={formKeys(back)}
      aria-label="Close incident"
    >
      {confirming && result !== "" ? (
        <CloseConfirmation incident={incident} result={result} busy={busy} blocked={blocked} onCancel={back} />
      ) : (
        <>
          <label className="field">
            <span className="field-label">Result</span>
            <select value={result} onChange={(e) => setResult(e.target.value as CloseResult)} ref={focusOnMount} required>
              <option value="" disabled>
                Choose a result…
              </option>
              {CLOSE_RESULTS.map((r) => (
                <option key={r} value={r}>
                  {CLOSE_RESULT_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Note (optional)</span>
            <input
              value={note}
              maxLength={500}
              onChange={(e) => setNote(e.target.value)}
              placeholder="e.g. 2 arrested, taken to Wembley custody"
            />
          </label>
          <footer className="incident-form-foot">
            <span className="form-missing">{result === "" ? "Still needed: result" : ""}</span>
            <button type="button" className="btn" onClick={onDone}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={result === ""}>
              Close…
            </button>
          </footer>
        </>
      )}
    </form>
  );
}

interface ConfirmProps {
  incident: Incident;
  result: CloseResult;
  busy: boolean;
  blocked: string | null;
  onCancel(): void;
}

function CloseConfirmation({ incident, result, busy, blocked, onCancel }: ConfirmProps) {
  const units = incident.assigned.length;
  return (
    <div className="confirm" role="alertdialog" aria-labelledby={`close-q-${incident.id}`}>
      <p id={`close-q-${incident.id}`} className="confirm-question">
        Close {incident.ref} as ‘{CLOSE_RESULT_LABELS[result]}’?{" "}
        {units > 0 ? `${units === 1 ? "Its unit" : `Its ${units} units`} will be stood down.` : "No units are assigned."}
      </p>
      {blocked && <p className="form-missing">Not sent now: {blocked}</p>}
      <div className="confirm-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-danger" disabled={busy} ref={focusOnMount}>
          {busy && !blocked ? "Closing…" : "Confirm close"}
        </button>
      </div>
    </div>
  );
}
