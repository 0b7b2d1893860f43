import { useEffect, useState } from "react";
import { methaneLines, reportName } from "../../../../shared/methane";
import { clockTime } from "../../ui/time";
import { fetchMethane, type PartnerMethaneReply } from "./methaneApi";

/** Often enough for a multi-agency picture, rare enough that the access log stays readable. */
const POLL_MS = 30_000;

/**
 * The current METHANE reports of the partner's operation (issue 11 item 6): the latest revision
 * of each, polled. Partners get nothing else of the log here: no live feed, no incidents.
 */
export function PartnerMethane({ opId }: { opId: string }) {
  const [reply, setReply] = useState<PartnerMethaneReply | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    function pollMethane() {
      let live = true;
      const load = () =>
        fetchMethane(opId)
          .then((r) => {
            if (!live) return;
            setReply(r);
            setError(null);
          })
          .catch((err: Error) => live && setError(`Cannot load the METHANE reports: ${err.message}`));
      void load();
      const timer = setInterval(load, POLL_MS);
      return () => {
        live = false;
        clearInterval(timer);
      };
    },
    [opId],
  );

  return (
    <section className="partner-methane" aria-label="Major incident reports (METHANE)">
      <div className="partner-marking">OFFICIAL-SENSITIVE</div>
      <h2>Major incident reports (METHANE)</h2>
      {error && <p className="partner-error">{error}</p>}
      {reply && reply.reports.length === 0 && <p className="muted">No METHANE report in {reply.operation.name}.</p>}
      {reply?.reports.map((r) => (
        <article
          key={r.ref}
          className={`partner-methane-report${r.report.major ? " partner-methane-major" : ""}`}
          data-testid="partner-methane"
        >
          <header>
            <strong>{r.report.major ? `MAJOR INCIDENT DECLARED — ${r.ref}` : `${reportName(r.report)} — ${r.ref}`}</strong>
            <span className="muted small">
              revision {r.revision} · {clockTime(r.at)} · {r.reportedBy}
            </span>
          </header>
          <dl>
            {methaneLines(r.report).map(([letter, label, text]) => (
              <div key={label}>
                <dt>
                  <b>{letter}</b> {label}
                </dt>
                <dd>{text}</dd>
              </div>
            ))}
          </dl>
        </article>
      ))}
    </section>
  );
}
