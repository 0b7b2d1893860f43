import type { Alert } from "../../../../shared/state";
import { clockTime } from "../../ui/time";

/** Alerts for stewards (the server sends only those): the newest three, loud. */
export function StewardAlerts({ alerts }: { alerts: readonly Alert[] }) {
  if (alerts.length === 0) return null;
  const latest = alerts.slice(-3).reverse();
  return (
    <section className="m-alerts" aria-label="Alerts from control" aria-live="assertive">
      {latest.map((a) => (
        <div key={a.id} className={`m-alert m-alert-${a.priority}`} role={a.priority === "urgent" ? "alert" : "status"}>
          <div className="m-alert-meta">
            <span>{a.priority === "urgent" ? "URGENT" : a.priority === "warning" ? "WARNING" : "ALERT"}</span>
            <span className="mono">{clockTime(a.at)}</span>
          </div>
          <div className="m-alert-text">{a.text}</div>
        </div>
      ))}
    </section>
  );
}
