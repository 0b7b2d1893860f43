import { useCallback, useState } from "react";
import type { UnitStatus } from "../../../../shared/domain";
import { useAuth } from "../../auth/AuthContext";
import { UNIT_STATUS_COLOURS, UNIT_STATUS_LABELS } from "../../map/styles";
import { clearEntriesOf } from "../../outbox/outboxStore";
import { useOutbox } from "../../outbox/useOutbox";
import { useBoardContext } from "../../store/BoardContext";
import { useAlerts, useBoard } from "../../store/hooks";
import { Age } from "../../ui/Age";
import { ConnectionBadge } from "../../ui/ConnectionBadge";
import { type SignOutChoice, SignOutDialog } from "../../ui/SignOutDialog";
import { sectorLabel } from "../../venue/plan";
import { StewardAlerts } from "../steward/StewardAlerts";
import { useAlertReceipts, useAlertSound, useMinuteClock } from "../steward/useAlertReceipts";
import { Assignment, JobLog } from "./Assignment";
import { NoSignal } from "./NoSignal";
import { PositionShare } from "./PositionShare";
import { SectorIncidents } from "./SectorIncidents";
import { StatusButtons } from "./StatusButtons";
import { UnitOutbox } from "./UnitOutbox";
import { forgetPictures } from "./unitCache";
import { unsentOf, useSceneNow } from "./unitScene";
import { useUnitAlert } from "./useUnitAlert";
import { useUnitPicture } from "./useUnitPicture";

/**
 * `/unit`: an officer's phone. The job in hand with its walk and map, status, position sharing,
 * the sector's incidents. Works with no signal: what the phone knew is kept and shown with its
 * age, and every status, note and acknowledgement goes through the outbox, once.
 */
export function UnitView() {
  const { user, signOut } = useAuth();
  const { connection, store } = useBoardContext();
  const status = useBoard((b) => b.connection.status);
  const live = status === "live";
  const { picture, fromCache, looked } = useUnitPicture(user.id, user.unitId, user.sector);
  const opId = store.getState().opId ?? "";
  const outbox = useOutbox({
    opId,
    opName: picture?.opName ?? "",
    userId: user.id,
    send: connection.sendCommand,
    live,
    now: connection.now,
  });
  const mine = outbox.items.filter((i) => i.opId === opId);
  const now = useSceneNow(picture, fromCache);
  const unit = picture?.unit ?? null;
  const job = unit?.incidentId ? (picture?.incidents.find((i) => i.id === unit.incidentId) ?? null) : null;
  const unsent = unsentOf(mine, job?.id ?? null);
  const ackAt = (unit && job?.acknowledged?.[unit.id]) ?? null;
  useUnitAlert(job?.id ?? null, ackAt !== null || unsent.ack, !fromCache);
  // Alerts to units, pinned and acknowledged as on the steward's phone; receipts share the outbox.
  // After a reload with no signal, the alerts the phone kept (the live store has none yet).
  const liveAlerts = useAlerts();
  const alerts = fromCache ? (picture?.alerts ?? liveAlerts) : liveAlerts;
  const { seen, markSeen } = useAlertReceipts(user.id, opId, alerts, outbox.submit);
  useAlertSound(alerts, seen);
  const clock = useMinuteClock(connection.now);

  const submit = outbox.submit;
  const setStatus = useCallback(
    (status: UnitStatus) => unit && void submit("unit:status", { unitId: unit.id, status }, `Status: ${UNIT_STATUS_LABELS[status]}`),
    [unit, submit],
  );
  const acknowledge = useCallback(
    () => job && void submit("incident:acknowledge", { incidentId: job.id }, `Acknowledged ${job.ref}`),
    [job, submit],
  );
  const note = useCallback(
    async (text: string) => {
      if (job) await submit("incident:note", { incidentId: job.id, text }, `Note on ${job.ref}: ${text.slice(0, 60)}`);
    },
    [job, submit],
  );
  const [asking, setAsking] = useState(false);
  const leave = async (choice: SignOutChoice) => {
    setAsking(false);
    if (choice === "stay") return;
    if (choice === "delete") await clearEntriesOf(user.id).catch(() => undefined);
    // The picture names incidents and places: it leaves the phone with the officer.
    await forgetPictures(user.id).catch(() => undefined);
    signOut();
  };
  const askToSignOut = () => (outbox.pending > 0 ? setAsking(true) : void leave("keep"));

  return (
    <div className="mobile unit-view">
      <header className="mobile-header">
        <div className="mh-who">
          <div className="mh-name">{unit?.callSign ?? user.name}</div>
          <div className="mh-sub">
            {unit ? (
              <>
                <span style={{ color: UNIT_STATUS_COLOURS[unsent.status ?? unit.status] }}>● </span>
                {UNIT_STATUS_LABELS[unsent.status ?? unit.status]}
                {unsent.status && " (not yet received)"}
                {!unsent.status && (
                  <>
                    {" "}
                    for <Age from={unit.statusSince} now={now} />
                  </>
                )}{" "}
                · {sectorLabel(unit.sector ?? user.sector)}
              </>
            ) : (
              user.name
            )}
          </div>
          {picture?.opName && <div className="mh-op">{picture.opName}</div>}
        </div>
        <ConnectionBadge compact />
        <button type="button" className="btn btn-ghost btn-xs" onClick={askToSignOut}>
          Sign out
        </button>
      </header>
      <StewardAlerts alerts={alerts} seen={seen} onSeen={markSeen} now={clock} />
      <main className="mobile-main">
        {!live && <NoSignal picture={picture} fromCache={fromCache} now={now} connecting={status === "connecting" && navigator.onLine} />}
        {!user.unitId && <p className="card m-error">Your account is not linked to a unit. Ask control to link it.</p>}
        {user.unitId && !unit && looked && live && (
          <p className="card muted">Waiting for your unit ({user.unitId}) to appear on the board…</p>
        )}
        {unit && job && (
          <Assignment
            incident={job}
            unit={unit}
            position={picture?.position ?? null}
            ack={{ at: ackAt, unsent: unsent.ack }}
            onAcknowledge={acknowledge}
          />
        )}
        {unit && <StatusButtons unit={unit} unsent={unsent.status} onStatus={setStatus} />}
        {job && <JobLog incident={job} onNote={note} />}
        <UnitOutbox items={mine} live={live} onDismiss={outbox.dismiss} />
        {user.unitId && <PositionShare unitId={user.unitId} />}
        <SectorIncidents
          sector={unit?.sector ?? user.sector}
          incidents={(picture?.incidents ?? []).filter((i) => i.id !== job?.id)}
          now={now}
          asOf={fromCache && picture ? picture.savedAt : null}
          known={picture !== null || live}
        />
      </main>
      {asking && (
        <SignOutDialog
          unsent={
            outbox.pending === 1 ? "1 status, note or acknowledgement is" : `${outbox.pending} statuses, notes or acknowledgements are`
          }
          live={live}
          onChoose={(c) => void leave(c)}
        />
      )}
    </div>
  );
}
