import { type FormEvent, useState } from "react";
import { JDM_LABELS, JDM_TEXT_FIELDS, type JdmFields, type JdmTextField, MAX_OPTIONS } from "../../../../shared/decisionLog";
import { useCommand } from "../../ui/useCommand";

type Steps = Record<JdmTextField, string>;
const NO_STEPS: Steps = { information: "", risk: "", powers: "", action: "", review: "" };
/** The form asks the steps in the model's order, with the options between powers and action. */
const BEFORE_OPTIONS: readonly JdmTextField[] = ["information", "risk", "powers"];
const AFTER_OPTIONS: readonly JdmTextField[] = ["action", "review"];

/** Only what was filled in: an empty step is left out, not sent as "". */
function jdmToSend(steps: Steps, options: string[]): JdmFields {
  const out: JdmFields = {};
  for (const k of JDM_TEXT_FIELDS) if (steps[k].trim()) out[k] = steps[k].trim();
  const listed = options.map((o) => o.trim()).filter(Boolean);
  if (listed.length > 0) out.options = listed;
  return out;
}

/**
 * A new entry in the decision log: the decision and its rationale, and the Joint Decision Model's
 * steps in a section that opens when wanted (a loggist may have time for them, a commander mid-crisis not).
 */
export function DecisionForm() {
  const { run, busy, retrying } = useCommand();
  const [decision, setDecision] = useState("");
  const [rationale, setRationale] = useState("");
  const [steps, setSteps] = useState<Steps>(NO_STEPS);
  const [options, setOptions] = useState<string[]>([""]);
  const [open, setOpen] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = { decision: decision.trim(), rationale: rationale.trim(), ...jdmToSend(steps, options) };
    if (await run("decision:log", body)) {
      setDecision("");
      setRationale("");
      setSteps(NO_STEPS);
      setOptions([""]);
      setOpen(false);
    }
  }

  const step = (k: JdmTextField) => (
    <label key={k} className="jdm-field">
      <span>{JDM_LABELS[k]}</span>
      <textarea rows={2} maxLength={2000} value={steps[k]} onChange={(e) => setSteps({ ...steps, [k]: e.target.value })} />
    </label>
  );

  return (
    <form className="stack-form decision-form" onSubmit={submit} aria-label="Log a decision">
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
      <details className="jdm" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary>Joint Decision Model (optional)</summary>
        {BEFORE_OPTIONS.map(step)}
        <fieldset className="jdm-field jdm-options">
          <legend>{JDM_LABELS.options}</legend>
          {options.map((o, i) => (
            <input
              // Options are only appended or edited in place, so the index names each one.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              key={i}
              maxLength={500}
              value={o}
              aria-label={`Option ${i + 1}`}
              placeholder={`Option ${i + 1}`}
              onChange={(e) => setOptions(options.map((x, j) => (j === i ? e.target.value : x)))}
            />
          ))}
          {options.length < MAX_OPTIONS && (
            <button type="button" className="btn btn-sm" onClick={() => setOptions([...options, ""])}>
              Add option
            </button>
          )}
        </fieldset>
        {AFTER_OPTIONS.map(step)}
      </details>
      <div className="row gap">
        <span className="muted small">Entries cannot be edited once logged.</span>
        <span className="spacer" />
        {retrying && <span className="retrying">retrying…</span>}
        <button type="submit" className="btn btn-sm btn-primary" disabled={busy || !decision.trim() || !rationale.trim()}>
          Log decision
        </button>
      </div>
    </form>
  );
}
