import { useState } from "react";
import type { Alert } from "../../../../shared/state";
import { shortTime } from "../../ui/time";
import { alertsInOrder, PRIORITY_WORD } from "./alertOrder";

/**
 * Alerts for stewards (the server sends only those) as one compact strip above the form: the most
 * pressing one (urgent first, then newest) on a line or two, the rest behind "+N more". Folded,
 * it never pushes the Send button off a small phone's screen.
 */
export function StewardAlerts({ alerts }: { alerts: readonly Alert[] }) {
  const [open, setOpen] = useState(false);
  if (alerts.length === 0) return null;
  const ordered = alertsInOrder(alerts);
  const [top, ...rest] = ordered;
  if (!top) return null;
  return (
    <section className={`m-alerts${open ? " m-alerts-open" : ""}`} aria-label="Alerts from control" aria-live="assertive">
      <div className="m-alerts-top">
        <AlertLine alert={top} compact={!open} />
        {rest.length > 0 && (
          <button type="button" className="m-alerts-more" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {open ? "Fewer ▴" : `+${rest.length} more ▾`}
          </button>
        )}
      </div>
      {open && rest.map((a) => <AlertLine key={a.id} alert={a} compact={false} />)}
    </section>
  );
}

function AlertLine({ alert: a, compact }: { alert: Alert; compact: boolean }) {
  return (
    <div
      className={`m-alert m-alert-${a.priority}${compact ? " m-alert-compact" : ""}`}
      role={a.priority === "urgent" ? "alert" : "status"}
    >
      <div className="m-alert-body">
        <span className="m-alert-meta">
          {PRIORITY_WORD[a.priority]} <span className="mono">{shortTime(a.at)}</span>
        </span>{" "}
        <span className="m-alert-text">{a.text}</span>
      </div>
    </div>
  );
}
