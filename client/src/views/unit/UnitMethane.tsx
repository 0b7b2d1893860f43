import "../../styles/methane.css";
import { methaneLines, reportName } from "../../../../shared/methane";
import { latestMethane } from "../../../../shared/methaneRules";
import type { Incident } from "../../../../shared/state";
import { shortTime } from "../../ui/time";

/**
 * The latest METHANE report on the unit's incident (issue 11 item 6): officers sent to it receive
 * it whole, because the hazards, the access routes and the RVP are what they need to get there
 * safely. Nothing when there is none.
 */
export function UnitMethane({ incident }: { incident: Incident }) {
  const rev = latestMethane(incident);
  if (!rev) return null;
  const [, ...letters] = methaneLines(rev.report);
  return (
    <div className={`unit-methane${rev.report.major ? " unit-methane-major" : ""}`} role="note" aria-label="METHANE report">
      <strong>{rev.report.major ? "MAJOR INCIDENT DECLARED" : `${reportName(rev.report)} — no major incident declared`}</strong>
      <span className="unit-methane-rev">
        revision {rev.revision}, {shortTime(rev.at)}
      </span>
      <dl>
        {letters.map(([letter, label, text]) => (
          <div key={label}>
            <dt>
              {letter} {label}
            </dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
