import "../../styles/decisions.css";
import { JDM_LABELS, JDM_ORDER } from "../../../../shared/decisionLog";
import type { Decision } from "../../../../shared/state";
import { useBoard, useDecisions, useUser } from "../../store/hooks";
import { useReadOnly } from "../../store/readOnly";
import { clockTime } from "../../ui/time";
import { DecisionForm } from "./DecisionForm";
import { useDecisionPrint } from "./decisionPrint";

/** Who logs decisions (shared/commands.ts COMMAND_ROLES): Gold, Silver (commander) and Bronze. */
const DECIDERS = new Set(["gold", "commander", "bronze"]);
const ROLE_NAMES: Record<string, string> = { gold: "Gold", commander: "Silver", bronze: "Bronze", controller: "Controller" };

/** The decision log: added to, never edited (disclosable evidence); printable on its own. */
export function DecisionLog() {
  const decisions = useDecisions();
  const readOnly = useReadOnly();
  const role = useUser()?.role ?? "";
  const opId = useBoard((b) => b.opId);
  const print = useDecisionPrint(opId);

  return (
    <div className="tab-body">
      <div className="marking-bar">OFFICIAL-SENSITIVE</div>
      {!readOnly && DECIDERS.has(role) && <DecisionForm />}
      <div className="decision-tools">
        <span className="muted small">
          {decisions.length} {decisions.length === 1 ? "decision" : "decisions"}
          {!DECIDERS.has(role) && !readOnly && " · logged by Gold, Silver and Bronze"}
        </span>
        <span className="spacer" />
        {print.error && <span className="error small">{print.error}</span>}
        <button type="button" className="btn btn-sm" onClick={print.run} disabled={print.busy || !opId}>
          Print decision log
        </button>
      </div>
      {decisions.length === 0 ? (
        <p className="empty">No decisions logged.</p>
      ) : (
        <ol className="decisions">
          {[...decisions].reverse().map((d) => (
            <DecisionEntry key={d.id} d={d} />
          ))}
        </ol>
      )}
    </div>
  );
}

function DecisionEntry({ d }: { d: Decision }) {
  const steps = JDM_ORDER.filter((k) => d[k] !== undefined);
  return (
    <li>
      <div className="decision-meta">
        <span className="mono">{clockTime(d.at)}</span> <strong>{d.actor.name}</strong>
        <span className="decision-role">{ROLE_NAMES[d.actor.role] ?? d.actor.role}</span>
        <span className="decision-id">{d.id}</span>
      </div>
      <div className="decision-text">{d.decision}</div>
      <div className="decision-why">
        <span className="muted">Rationale:</span> {d.rationale}
      </div>
      {steps.length > 0 && (
        <dl className="decision-jdm">
          {steps.map((k) => (
            <div key={k}>
              <dt>{JDM_LABELS[k]}</dt>
              <dd>
                {k === "options" ? (
                  <ol>
                    {d.options?.map((o, i) => (
                      // A logged entry never changes: its options keep their places.
                      // biome-ignore lint/suspicious/noArrayIndexKey: see above
                      <li key={i}>{o}</li>
                    ))}
                  </ol>
                ) : (
                  d[k]
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}
