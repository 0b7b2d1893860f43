import { INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import type { Fix, Incident, Unit } from "../../../../shared/state";
import { GradeChip } from "../../ui/GradeChip";
import { Timeline } from "../../ui/Timeline";
import { shortTime } from "../../ui/time";
import { sectorLabel } from "../../venue/plan";
import { UnitMap, useWalk } from "./UnitMap";
import { UnitMethane } from "./UnitMethane";
import { UnitNote } from "./UnitNote";

export interface AckState {
  /** Record time of the unit's acknowledgement, once the board holds it. */
  at: number | null;
  /** Acknowledged on this phone, not yet acked by the server. */
  unsent: boolean;
}

/**
 * The incident this unit is assigned to: what and where, the Acknowledge button until the unit
 * has acknowledged, the walk there and a small map.
 */
export function Assignment({
  incident,
  unit,
  position,
  ack,
  onAcknowledge,
}: {
  incident: Incident;
  unit: Unit;
  position: Fix | null;
  ack: AckState;
  onAcknowledge(): void;
}) {
  const walk = useWalk(unit, position, incident);
  const fresh = ack.at === null && !ack.unsent;
  return (
    <section className={`card assignment${fresh ? " assignment-new" : ""}`} aria-label="Current assignment">
      <div className="marking-bar">OFFICIAL-SENSITIVE</div>
      <h2 className="m-title">{fresh ? "New assignment" : "Assigned"}</h2>
      <div className="as-head">
        <GradeChip grade={incident.grade} large />
        <div>
          <div className="mono strong">{incident.ref}</div>
          <div>{INCIDENT_TYPE_LABELS[incident.type]}</div>
        </div>
      </div>
      <p className="as-where">
        {incident.locationText || "Where the map below shows"} · {sectorLabel(incident.sector)}
      </p>
      <p className="as-desc">{incident.description}</p>
      <AckLine ack={ack} onAcknowledge={onAcknowledge} />
      <UnitMethane incident={incident} />
      <p className="as-walk" role="note" aria-label="Walk">
        {walk ? walk.text : "Your position is not known: turn on Share my position for the walk."}
      </p>
      <UnitMap unit={unit} position={position} incident={incident} path={walk?.path ?? null} />
    </section>
  );
}

/** The job's log, newest first, under a note box: below the status buttons, which are tapped more. */
export function JobLog({ incident, onNote }: { incident: Incident; onNote(text: string): Promise<void> }) {
  return (
    <section className="card assignment job-log" aria-label="Job log">
      <div className="marking-bar">OFFICIAL-SENSITIVE</div>
      <h2 className="m-title">Log of {incident.ref}</h2>
      <UnitNote onNote={onNote} />
      <Timeline entries={incident.timeline} newestFirst />
    </section>
  );
}

function AckLine({ ack, onAcknowledge }: { ack: AckState; onAcknowledge(): void }) {
  if (ack.at !== null) return <p className="as-ack as-ack-done">✓ Acknowledged {shortTime(ack.at)}</p>;
  if (ack.unsent) return <p className="as-ack as-ack-unsent">✓ Acknowledged — saved on this phone, not yet received</p>;
  return (
    <button type="button" className="btn btn-primary as-ack-btn" onClick={onAcknowledge}>
      Acknowledge
    </button>
  );
}
