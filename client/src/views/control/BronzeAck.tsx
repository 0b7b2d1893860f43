import "../../styles/roles.css";
import { useMemo } from "react";
import type { Incident } from "../../../../shared/state";
import { useOpenIncidents, useSelect, useUser } from "../../store/hooks";
import { bronzeTitle, useMayIn, useOwnSector } from "../../store/sectorScope";
import { Age } from "../../ui/Age";
import { clockTime, useNow } from "../../ui/time";
import { useCommand } from "../../ui/useCommand";

const waiting = (i: Incident) => i.sector !== null && !i.bronzeAck && i.status !== "resolved" && i.status !== "closed";

/**
 * An incident's acknowledgement by the Bronze of its sector (issue 11): who and when, or that it
 * waits for them; the Bronze of that sector gets the button.
 */
export function BronzeAck({ incident: i }: { incident: Incident }) {
  const mayAck = useMayIn("incident:bronze-ack", i.sector);
  if (i.bronzeAck) {
    return (
      <p className="bronze-ack bronze-ack-done small" data-testid="bronze-ack">
        ✓ Acknowledged by {i.bronzeAck.name} at <span className="mono">{clockTime(i.bronzeAck.at)}</span>
      </p>
    );
  }
  if (!waiting(i)) return null;
  return (
    <div className="bronze-ack bronze-ack-waiting" data-testid="bronze-ack">
      <span className="small">Not yet acknowledged by {bronzeTitle(i.sector)}</span>
      {mayAck && <AckButton incident={i} />}
    </div>
  );
}

function AckButton({ incident: i, compact = false }: { incident: Incident; compact?: boolean }) {
  const { run, busy } = useCommand();
  return (
    <button
      type="button"
      className={`btn ${compact ? "btn-xs" : "btn-sm"} btn-primary`}
      disabled={busy}
      onClick={(e) => {
        e.stopPropagation();
        void run("incident:bronze-ack", { incidentId: i.id });
      }}
      title={`Acknowledge ${i.ref} as the Bronze of its sector`}
    >
      Acknowledge
    </button>
  );
}

/**
 * A Bronze's list of the open incidents in their sector they have not acknowledged yet, oldest
 * first, each with its button; nothing on any other board.
 */
export function BronzeAckQueue() {
  const own = useOwnSector();
  const role = useUser()?.role;
  const open = useOpenIncidents();
  const select = useSelect();
  const now = useNow(15_000);
  const list = useMemo(() => open.filter((i) => i.sector === own && waiting(i)).sort((a, b) => a.reportedAt - b.reportedAt), [open, own]);
  if (role !== "bronze" || !own) return null;
  return (
    <section className="panel bronze-queue" aria-label="Awaiting your acknowledgement">
      <header className="panel-head">
        <h2>Awaiting your acknowledgement</h2>
        <span className={`count${list.length ? " count-alert" : ""}`} data-testid="bronze-unacked-count">
          {list.length}
        </span>
      </header>
      {list.length === 0 ? (
        <p className="muted small bronze-queue-empty">Every open incident in your sector is acknowledged.</p>
      ) : (
        <ul className="bronze-queue-list">
          {list.map((i) => (
            <li key={i.id}>
              <button type="button" className="link mono" onClick={() => select({ incidentId: i.id })}>
                {i.ref}
              </button>
              <span className="bronze-queue-what small">{i.description}</span>
              <span className="muted small">
                <Age from={i.reportedAt} now={now} />
              </span>
              <AckButton incident={i} compact />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
