import "../../styles/methane.css";
import { useState } from "react";
import { COMMAND_ROLES } from "../../../../shared/commands";
import { METHANE_FIELD_LABELS, type MethaneReport, type MethaneRevision, methaneLines, reportName } from "../../../../shared/methane";
import { latestMethane } from "../../../../shared/methaneRules";
import type { Incident } from "../../../../shared/state";
import { useUser } from "../../store/hooks";
import { useReadOnly } from "../../store/readOnly";
import { clockTime } from "../../ui/time";
import { MethaneForm } from "./MethaneForm";

/**
 * The incident's METHANE section (issue 11 item 6): the latest revision letter by letter, the
 * history of revisions with what each changed, and the form to report or update. Gold, and
 * everyone in a replay, read it only.
 */
export function MethaneSection({ incident: i }: { incident: Incident }) {
  const user = useUser();
  const readOnly = useReadOnly();
  const [editing, setEditing] = useState(false);
  // A Bronze reports on their own sector's incidents only (shared/bronze.ts refuses the others).
  const mine = user?.role !== "bronze" || user.sector === i.sector;
  const may = !readOnly && i.status !== "closed" && user !== null && COMMAND_ROLES["incident:methane"].includes(user.role) && mine;
  const latest = latestMethane(i);
  if (!latest && !may) return null;
  return (
    <section className="methane-section" aria-label="Major incident (METHANE)">
      <div className="methane-head">
        <h3 className="section-title">Major incident (METHANE)</h3>
        {may && !editing && (
          <button type="button" className="btn btn-sm methane-open" onClick={() => setEditing(true)}>
            {latest ? "Update METHANE…" : "METHANE report…"}
          </button>
        )}
      </div>
      {editing && <MethaneForm incident={i} onDone={() => setEditing(false)} />}
      {latest ? <Latest rev={latest} /> : !editing && <p className="muted small">No METHANE or ETHANE report on this incident.</p>}
      {latest?.report.major && may && (
        <p className="muted small methane-stewards">
          Stewards are not sent METHANE reports: tell them what to do with an alert (Alerts tab), which they acknowledge.
        </p>
      )}
      {i.methane && i.methane.length > 1 && <History revisions={i.methane} />}
    </section>
  );
}

function Latest({ rev }: { rev: MethaneRevision }) {
  return (
    <div className={`methane-latest${rev.report.major ? " methane-declared" : ""}`} data-testid="methane-latest">
      <div className="methane-status">
        {rev.report.major ? "MAJOR INCIDENT DECLARED" : "ETHANE — no major incident declared"}
        <span className="methane-rev">
          revision {rev.revision} · <span className="mono">{clockTime(rev.at)}</span> · {rev.actor.name}
        </span>
      </div>
      <Letters report={rev.report} />
    </div>
  );
}

function Letters({ report }: { report: MethaneReport }) {
  return (
    <dl className="methane-letters">
      {methaneLines(report).map(([letter, label, text]) => (
        // Two letters are E: the label keeps the keys apart.
        <div key={label} className="methane-line">
          <dt>
            <b>{letter}</b> {label}
          </dt>
          <dd className="pre">{text}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Every revision, newest first, with what it changed; each opens to the whole report as it was sent. */
function History({ revisions }: { revisions: readonly MethaneRevision[] }) {
  return (
    <div className="methane-history">
      <h4>History ({revisions.length} revisions)</h4>
      <ol reversed>
        {[...revisions].reverse().map((r) => (
          <li key={r.revision} data-testid="methane-revision">
            <details>
              <summary>
                <b>
                  {reportName(r.report)} revision {r.revision}
                </b>{" "}
                · <span className="mono">{clockTime(r.at)}</span> · {r.actor.name} ·{" "}
                {r.changed.length > 0 ? `changed: ${r.changed.map((f) => METHANE_FIELD_LABELS[f]).join(", ")}` : "first report"}
              </summary>
              <Letters report={r.report} />
            </details>
          </li>
        ))}
      </ol>
    </div>
  );
}
