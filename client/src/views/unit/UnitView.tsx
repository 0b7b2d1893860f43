import { useAuth } from "../../auth/AuthContext";
import { UNIT_STATUS_COLOURS, UNIT_STATUS_LABELS } from "../../map/styles";
import { useUnit } from "../../store/hooks";
import { Age } from "../../ui/Age";
import { ConnectionBadge } from "../../ui/ConnectionBadge";
import { useNow } from "../../ui/time";
import { sectorLabel } from "../../venue/plan";
import { Assignment } from "./Assignment";
import { PositionShare } from "./PositionShare";
import { SectorIncidents } from "./SectorIncidents";
import { StatusButtons } from "./StatusButtons";

/** `/unit`: an officer's phone. Status, the job in hand, position sharing, the sector's incidents. */
export function UnitView() {
  const { user, signOut } = useAuth();
  const unit = useUnit(user.unitId);
  const now = useNow(30_000);
  return (
    <div className="mobile unit-view">
      <header className="mobile-header">
        <div className="mh-who">
          <div className="mh-name">{unit?.callSign ?? user.name}</div>
          <div className="mh-sub">
            {unit ? (
              <>
                <span style={{ color: UNIT_STATUS_COLOURS[unit.status] }}>● </span>
                {UNIT_STATUS_LABELS[unit.status]} for <Age from={unit.statusSince} now={now} /> · {sectorLabel(unit.sector ?? user.sector)}
              </>
            ) : (
              user.name
            )}
          </div>
        </div>
        <ConnectionBadge compact />
        <button type="button" className="btn btn-ghost btn-xs" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main className="mobile-main">
        {!user.unitId && <p className="card m-error">Your account is not linked to a unit. Ask control to link it.</p>}
        {user.unitId && !unit && <p className="card muted">Waiting for your unit ({user.unitId}) to appear on the board…</p>}
        {unit && <StatusButtons unit={unit} />}
        {unit?.incidentId && <Assignment incidentId={unit.incidentId} />}
        {user.unitId && <PositionShare unitId={user.unitId} />}
        <SectorIncidents sector={unit?.sector ?? user.sector} exclude={unit?.incidentId ?? null} />
      </main>
    </div>
  );
}
