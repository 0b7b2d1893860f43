import { INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import { useIncident } from "../../store/hooks";
import { GradeChip } from "../../ui/GradeChip";
import { Timeline } from "../../ui/Timeline";
import { sectorLabel } from "../../venue/plan";
import { AddNote } from "../control/AddNote";

/** The incident this unit is assigned to, newest log entries first. */
export function Assignment({ incidentId }: { incidentId: string }) {
  const incident = useIncident(incidentId);
  if (!incident) return <section className="card">Assigned to {incidentId} (details loading…)</section>;
  return (
    <section className="card assignment" aria-label="Current assignment">
      <div className="marking-bar">OFFICIAL-SENSITIVE</div>
      <h2 className="m-title">Assigned</h2>
      <div className="as-head">
        <GradeChip grade={incident.grade} large />
        <div>
          <div className="mono strong">{incident.ref}</div>
          <div>{INCIDENT_TYPE_LABELS[incident.type]}</div>
        </div>
      </div>
      <p className="as-where">
        {incident.locationText || "See map"} · {sectorLabel(incident.sector)}
      </p>
      <p className="as-desc">{incident.description}</p>
      <AddNote incidentId={incident.id} />
      <Timeline entries={incident.timeline} newestFirst />
    </section>
  );
}
