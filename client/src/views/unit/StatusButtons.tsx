import type { CSSProperties } from "react";
import { UNIT_STATUSES } from "../../../../shared/domain";
import type { Unit } from "../../../../shared/state";
import { UNIT_STATUS_COLOURS, UNIT_STATUS_LABELS } from "../../map/styles";
import { useCommand } from "../../ui/useCommand";

/** One tap per status; the current one is lit. */
export function StatusButtons({ unit }: { unit: Unit }) {
  const { run, busy, retrying } = useCommand();
  return (
    <section className="card" aria-label="My status">
      <h2 className="m-title">Status {retrying && <span className="retrying">— still sending…</span>}</h2>
      <div className="status-grid">
        {UNIT_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className={`status-btn${unit.status === s ? " status-on" : ""}`}
            style={{ "--status": UNIT_STATUS_COLOURS[s] } as CSSProperties}
            aria-pressed={unit.status === s}
            disabled={busy || unit.status === s}
            onClick={() => void run("unit:status", { unitId: unit.id, status: s })}
          >
            {UNIT_STATUS_LABELS[s]}
          </button>
        ))}
      </div>
    </section>
  );
}
