import { useState } from "react";
import { CLOSE_RESULT_LABELS, GRADES, INCIDENT_SOURCE_LABELS, INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import type { Incident } from "../../../../shared/state";
import { useIncident, useSelectedIncidentId } from "../../store/hooks";
import { useReadOnly } from "../../store/readOnly";
import { useMay, useMayIn } from "../../store/sectorScope";
import { GradeChip } from "../../ui/GradeChip";
import { INCIDENT_STATUS_LABELS } from "../../ui/labels";
import { Timeline } from "../../ui/Timeline";
import { clockTime } from "../../ui/time";
import { useCommand } from "../../ui/useCommand";
import { sectorLabel } from "../../venue/plan";
import { AddNote } from "./AddNote";
import { AssignedUnits } from "./AssignedUnits";
import { AssignUnit } from "./AssignUnit";
import { BronzeAck } from "./BronzeAck";
import { CorrectIncident } from "./CorrectIncident";
import { MethaneSection } from "./MethaneSection";
import { OperationSummary } from "./OperationSummary";
import { IncidentPhotos } from "./PhotoStrip";
import { ReopenIncident } from "./ReopenIncident";
import { ResolveClose } from "./ResolveClose";
import { useIncidentAccess } from "./useIncidentAccess";

/** The selected incident: facts, grading, resources, notes and its full timeline. */
export function IncidentDetail() {
  const incidentId = useSelectedIncidentId();
  const incident = useIncident(incidentId);
  if (!incident) return <OperationSummary />;
  return <Detail key={incident.id} incident={incident} />;
}

function Detail({ incident: i }: { incident: Incident }) {
  useIncidentAccess(i.id);
  const { run, busy } = useCommand();
  const readOnly = useReadOnly();
  const open = i.status !== "closed" && !readOnly;
  // Each action only where this role may send it (Gold: decisions only; a Bronze: their sector).
  const may = { correct: useMay("incident:correct"), grade: useMay("incident:grade"), resolve: useMay("incident:resolve") };
  const mayAssign = useMayIn("incident:assign", i.sector);
  const mayNote = useMayIn("incident:note", i.sector);
  const [mode, setMode] = useState<Mode>("view");
  const lateReport = i.reporterTime !== null && Math.abs(i.reportedAt - i.reporterTime) > 30_000;
  return (
    <div className="detail">
      <div className="marking-bar">OFFICIAL-SENSITIVE</div>
      <div className="detail-head">
        <GradeChip grade={i.grade} large />
        <div className="detail-title">
          <div className="detail-ref mono">{i.ref}</div>
          <div className="detail-type">{INCIDENT_TYPE_LABELS[i.type]}</div>
        </div>
        <span className={`status status-${i.status}`}>{INCIDENT_STATUS_LABELS[i.status]}</span>
      </div>
      {may.correct && <RecordActions incident={i} mode={mode} onMode={setMode} />}
      <BronzeAck incident={i} />
      {mode === "correct" && <CorrectIncident incident={i} onDone={() => setMode("view")} />}
      {mode === "reopen" && <ReopenIncident incident={i} onDone={() => setMode("view")} />}

      <dl className="facts">
        <dt>Location</dt>
        <dd>
          {i.locationText || (
            <span className="mono small">
              {i.location.lat.toFixed(5)}, {i.location.lng.toFixed(5)}
            </span>
          )}{" "}
          <span className="muted">· {sectorLabel(i.sector)}</span>
        </dd>
        <dt>Reported</dt>
        <dd>
          <span className="mono">{clockTime(i.reportedAt)}</span>
          {lateReport && i.reporterTime !== null && <span className="text-warn"> (sent {clockTime(i.reporterTime)})</span>}
          {i.reportedBy && <span className="muted"> by {i.reportedBy.name}</span>}
          {i.reportIds.length > 1 && <span className="muted"> · {i.reportIds.length} steward reports</span>}
        </dd>
        <dt>Source</dt>
        <dd>{i.source ? INCIDENT_SOURCE_LABELS[i.source] : <span className="muted">not recorded</span>}</dd>
        {i.status === "closed" && (
          <>
            <dt>Result</dt>
            <dd className="strong">{i.closeResult ? CLOSE_RESULT_LABELS[i.closeResult] : "not recorded"}</dd>
          </>
        )}
        <dt>Description</dt>
        <dd className="pre">{i.description}</dd>
      </dl>
      <IncidentPhotos reportIds={i.reportIds} />

      {open && may.grade && (
        <div className="grade-row">
          <span className="action-label">Grade</span>
          {GRADES.map((g) => (
            <button
              key={g}
              type="button"
              className={`btn btn-sm btn-grade grade-${g}${i.grade === g ? " btn-on" : ""}`}
              disabled={busy || i.grade === g}
              onClick={() => void run("incident:grade", { incidentId: i.id, grade: g })}
            >
              {g}
            </button>
          ))}
        </div>
      )}

      <MethaneSection incident={i} />
      <AssignedUnits incident={i} />
      {open && mayAssign && i.status !== "resolved" && <AssignUnit incident={i} />}
      {open && mayNote && <AddNote incidentId={i.id} />}
      {open && may.resolve && <ResolveClose incident={i} />}

      <h3 className="section-title">Timeline</h3>
      <Timeline entries={i.timeline} />
    </div>
  );
}

type Mode = "view" | "correct" | "reopen";

interface RecordActionsProps {
  incident: Incident;
  mode: Mode;
  onMode(mode: Mode): void;
}

/** Correct the record (any status, closed included) and reopen a resolved or closed incident. */
function RecordActions({ incident: i, mode, onMode }: RecordActionsProps) {
  const reopenable = i.status === "resolved" || i.status === "closed";
  return (
    <div className="record-actions">
      {i.status === "closed" && <span className="closed-note">Closed · read-only</span>}
      <span className="spacer" />
      <button
        type="button"
        className="btn btn-sm"
        aria-pressed={mode === "correct"}
        onClick={() => onMode(mode === "correct" ? "view" : "correct")}
      >
        <span aria-hidden="true">✎ </span>Edit
      </button>
      {reopenable && (
        <button
          type="button"
          className="btn btn-sm"
          aria-pressed={mode === "reopen"}
          onClick={() => onMode(mode === "reopen" ? "view" : "reopen")}
        >
          <span aria-hidden="true">↺ </span>Reopen…
        </button>
      )}
    </div>
  );
}
