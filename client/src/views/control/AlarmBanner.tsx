import "../../styles/incidentForms.css";
import { useEffect, useRef } from "react";
import { ATTENDANCE_TARGET_LABELS, type AttendanceTarget, INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import { firstReportAt } from "../../../../shared/responseTimes";
import type { Incident } from "../../../../shared/state";
import { useBoard, useBreachKeys, useIncidentMap, useSelect } from "../../store/hooks";
import { useReadOnly } from "../../store/readOnly";
import { acknowledge, setAlarmMuted, useAcknowledged, useAlarmMuted } from "./alarmAcks";
import { playAlarm, unlockAlarmAudio } from "./alarmSound";
import { type AlarmMemory, alarmStep } from "./alarmWatch";

/** More than this many at once and the rest are counted, not listed: the board must stay usable. */
const SHOWN = 4;

/**
 * Attendance alarms control cannot miss: one line per unacknowledged breach across the top of
 * the board, with Show and Acknowledge; a sound when a new breach arrives live; a mute switch for
 * this screen. Acknowledging is per screen (localStorage) and changes nothing in the log.
 */
export function AlarmBanner() {
  const readOnly = useReadOnly();
  const keys = useBreachKeys();
  const incidents = useIncidentMap();
  const acknowledged = useAcknowledged();
  const opId = useBoard((b) => b.opId);
  useAlarmSound(keys, !readOnly);
  const open = keys.filter((k) => !acknowledged.has(k) && isOpen(incidents[k.split("|")[0] ?? ""]));
  if (readOnly) return null;
  if (open.length === 0) return <MuteToggle floating />;
  return (
    <section className="alarm-banner" role="alert" aria-label="Attendance alarms">
      <ul className="alarm-list">
        {open.slice(0, SHOWN).map((k) => (
          <AlarmLine key={k} breach={k} opId={opId} />
        ))}
      </ul>
      <div className="alarm-side">
        {open.length > SHOWN && <span className="alarm-more">+{open.length - SHOWN} more</span>}
        {open.length > 1 && opId && (
          <button type="button" className="btn btn-sm alarm-btn" onClick={() => acknowledge(opId, open)}>
            Acknowledge all
          </button>
        )}
        <MuteToggle />
      </div>
    </section>
  );
}

const isOpen = (i: Incident | undefined) => i !== undefined && i.status !== "resolved" && i.status !== "closed";

function AlarmLine({ breach, opId }: { breach: string; opId: string | null }) {
  const [incidentId = "", target = "assign"] = breach.split("|");
  const incident = useBoard((b) => b.state.incidents[incidentId]);
  const withinMs = useBoard((b) => {
    const i = b.state.incidents[incidentId];
    const due = i?.targetsMissed?.[target as AttendanceTarget];
    return i && due !== undefined ? due - firstReportAt(b.state, i) : null;
  });
  const select = useSelect();
  if (!incident) return null;
  return (
    <li className="alarm-line" data-breach={breach}>
      <span className="alarm-text">
        <span aria-hidden="true">⚠ </span>
        <strong>{incident.ref}</strong> — grade {incident.grade ?? "?"}, {ATTENDANCE_TARGET_LABELS[target as AttendanceTarget]}
        {withinMs !== null && ` within ${formatWithin(withinMs)}`}
        <span className="alarm-what">
          {" "}
          · {INCIDENT_TYPE_LABELS[incident.type]}
          {incident.locationText ? ` at ${incident.locationText}` : ""}
        </span>
      </span>
      <button type="button" className="btn btn-sm alarm-btn" onClick={() => select({ incidentId, unitId: null })}>
        Show
      </button>
      <button type="button" className="btn btn-sm alarm-btn" onClick={() => opId && acknowledge(opId, [breach])}>
        Acknowledge
      </button>
    </li>
  );
}

/** "2 min", "90 s", "1 h 5 min": how a target reads out loud. */
export function formatWithin(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120 && s % 60 !== 0) return `${s} s`;
  const min = Math.round(s / 60);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ""}`;
}

function MuteToggle({ floating = false }: { floating?: boolean }) {
  const muted = useAlarmMuted();
  return (
    <button
      type="button"
      className={`btn btn-sm alarm-mute${floating ? " alarm-mute-floating" : ""}${muted ? " alarm-muted" : ""}`}
      aria-pressed={muted}
      onClick={() => setAlarmMuted(!muted)}
      title={muted ? "Alarm sound is off on this screen" : "Alarm sound is on on this screen"}
    >
      <span aria-hidden="true">{muted ? "✕" : "♪"} </span>
      {muted ? "Alarm sound off" : "Alarm sound on"}
    </button>
  );
}

/** Plays the alarm for each breach that arrives while this screen is live (not those it loaded with). */
function useAlarmSound(keys: readonly string[], enabled: boolean) {
  const live = useBoard((b) => b.connection.status === "live");
  const muted = useAlarmMuted();
  const memory = useRef<AlarmMemory>({ seen: null });
  useEffect(function unlockAudioOnFirstGesture() {
    return unlockAlarmAudio();
  }, []);
  useEffect(
    function soundNewBreaches() {
      if (!enabled) return;
      const step = alarmStep(memory.current, keys, live, muted);
      memory.current = step.memory;
      if (step.sound.length > 0) playAlarm();
      // For tests, which cannot hear: how many breaches this screen has taken in so far.
      document.documentElement.dataset.alarmBreachesSeen = String(step.memory.seen?.size ?? 0);
    },
    [keys, live, muted, enabled],
  );
}
