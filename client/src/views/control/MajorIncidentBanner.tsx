import "../../styles/methane.css";
import { useShallow } from "zustand/react/shallow";
import { valuesOf } from "../../../../shared/collection";
import { latestMethane } from "../../../../shared/methaneRules";
import type { Incident, OperationState } from "../../../../shared/state";
import { useBoard, useSelect } from "../../store/hooks";
import { clockTime } from "../../ui/time";
import { sectorLabel } from "../../venue/plan";

/** Open incidents whose latest METHANE revision declares a major incident, first declared first. */
function declared(s: OperationState): Incident[] {
  return valuesOf(s.incidents)
    .filter((i) => i.status !== "closed" && latestMethane(i)?.report.major === true)
    .sort((a, b) => (a.methane?.[0]?.at ?? 0) - (b.methane?.[0]?.at ?? 0));
}

/**
 * "MAJOR INCIDENT DECLARED — CAD …" across the top of the board (issue 11 item 6), for as long as
 * the latest revision says so and the incident is open; shown in replay too, as it was at T. Not
 * acknowledgeable: a declared major incident is the state of the operation, not an alarm.
 */
export function MajorIncidentBanner() {
  const incidents = useBoard(useShallow((b) => declared(b.state)));
  const select = useSelect();
  if (incidents.length === 0) return null;
  return (
    <section className="major-banner" role="alert" aria-label="Major incident declared">
      {incidents.map((i) => {
        const rev = latestMethane(i);
        if (!rev) return null;
        return (
          <div key={i.id} className="major-line">
            <span className="major-title">MAJOR INCIDENT DECLARED — {i.ref}</span>
            <span className="major-what">
              {rev.report.type} · {rev.report.location.text || sectorLabel(rev.report.location.sector)} · revision {rev.revision},{" "}
              <span className="mono">{clockTime(rev.at)}</span>
            </span>
            <button type="button" className="btn btn-sm major-show" onClick={() => select({ incidentId: i.id, unitId: null })}>
              Show
            </button>
          </div>
        );
      })}
    </section>
  );
}
