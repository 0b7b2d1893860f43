import { type FormEvent, useState } from "react";
import { useDecisions } from "../../store/hooks";
import { useReadOnly } from "../../store/readOnly";
import { clockTime } from "../../ui/time";
import { useCommand } from "../../ui/useCommand";

/** The commander's decision log: added to, never edited (disclosable evidence). */
export function DecisionLog() {
  const decisions = useDecisions();
  const { run, busy, retrying } = useCommand();
  const [decision, setDecision] = useState("");
  const [rationale, setRationale] = useState("");
  const readOnly = useReadOnly();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await run("decision:log", { decision: decision.trim(), rationale: rationale.trim() })) {
      setDecision("");
      setRationale("");
    }
  }

  return (
    <div className="tab-body">
      <div className="marking-bar">OFFICIAL-SENSITIVE</div>
      {!readOnly && (
        <form className="stack-form" onSubmit={submit}>
          <textarea
            rows={2}
            maxLength={2000}
            placeholder="Decision"
            value={decision}
            onChange={(e) => setDecision(e.target.value)}
            aria-label="Decision"
          />
          <textarea
            rows={2}
            maxLength={4000}
            placeholder="Rationale"
            value={rationale}
            onChange={(e) => setRationale(e.target.value)}
            aria-label="Rationale"
          />
          <div className="row gap">
            <span className="muted small">Entries cannot be edited once logged.</span>
            <span className="spacer" />
            {retrying && <span className="retrying">retrying…</span>}
            <button type="submit" className="btn btn-sm btn-primary" disabled={busy || !decision.trim() || !rationale.trim()}>
              Log decision
            </button>
          </div>
        </form>
      )}
      {decisions.length === 0 ? (
        <p className="empty">No decisions logged.</p>
      ) : (
        <ol className="decisions">
          {[...decisions].reverse().map((d) => (
            <li key={d.id}>
              <div className="decision-meta">
                <span className="mono">{clockTime(d.at)}</span> <strong>{d.actor.name}</strong>
              </div>
              <div className="decision-text">{d.decision}</div>
              <div className="decision-why">
                <span className="muted">Rationale:</span> {d.rationale}
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
