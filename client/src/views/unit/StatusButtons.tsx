import type { CSSProperties } from "react";
import { UNIT_STATUSES, type UnitStatus } from "../../../../shared/domain";
import type { Unit } from "../../../../shared/state";
import { UNIT_STATUS_COLOURS, UNIT_STATUS_LABELS } from "../../map/styles";

/**
 * One tap per status; the current one is lit. A status tapped with no signal is lit at once and
 * marked "not yet received": it is in the outbox and goes when signal returns, once.
 */
export function StatusButtons({
  unit,
  unsent,
  onStatus,
}: {
  unit: Unit;
  /** The newest status tapped on this phone that the server has not acked yet. */
  unsent: UnitStatus | null;
  onStatus(status: UnitStatus): void;
}) {
  const current = unsent ?? unit.status;
  return (
    <section className="card" aria-label="My status">
      <h2 className="m-title">
        Status {unsent && <span className="retrying">— {UNIT_STATUS_LABELS[unsent]} saved on this phone, not yet received</span>}
      </h2>
      <div className="status-grid">
        {UNIT_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className={`status-btn${current === s ? " status-on" : ""}${unsent === s ? " status-unsent" : ""}`}
            style={{ "--status": UNIT_STATUS_COLOURS[s] } as CSSProperties}
            aria-pressed={current === s}
            disabled={current === s}
            onClick={() => onStatus(s)}
          >
            {UNIT_STATUS_LABELS[s]}
          </button>
        ))}
      </div>
    </section>
  );
}
