import { useState } from "react";
import type { Alert } from "../../../../shared/state";
import { shortTime } from "../../ui/time";
import { alertsForPhone, PRIORITY_WORD } from "./alertOrder";

export interface StewardAlertsProps {
  alerts: readonly Alert[];
  /** The alerts this person has marked Seen on this phone. */
  seen: ReadonlySet<string>;
  onSeen(alert: Alert): void;
  /** Server time, for expiry. */
  now: number;
}

/**
 * Alerts for a phone (the server sends only those addressed to its person) as one compact strip:
 * the most pressing alert not yet seen (urgent first, then newest) pinned on top with a big Seen
 * button; the rest behind "+N more"; expired ones gone (alertOrder.ts). Folded, it never pushes
 * the Send button off a small phone's screen. Used by the steward app and the officer's unit view.
 */
export function StewardAlerts({ alerts, seen, onSeen, now }: StewardAlertsProps) {
  const [open, setOpen] = useState(false);
  const [top, ...rest] = alertsForPhone(alerts, seen, now);
  if (!top) return null;
  return (
    <section className={`m-alerts${open ? " m-alerts-open" : ""}`} aria-label="Alerts from control" aria-live="assertive">
      <div className="m-alerts-top">
        <AlertLine alert={top} compact={!open} seen={seen.has(top.id)} onSeen={onSeen} onToggle={() => setOpen((o) => !o)} />
        {rest.length > 0 && (
          <button type="button" className="m-alerts-more" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {open ? "Fewer ▴" : `+${rest.length} more ▾`}
          </button>
        )}
      </div>
      {open && rest.map((a) => <AlertLine key={a.id} alert={a} compact={false} seen={seen.has(a.id)} onSeen={onSeen} />)}
    </section>
  );
}

interface AlertLineProps {
  alert: Alert;
  compact: boolean;
  seen: boolean;
  onSeen(a: Alert): void;
  /** The pinned line: a tap on its text shows it whole (a long urgent alert is cut when folded). */
  onToggle?: () => void;
}

function AlertLine({ alert: a, compact, seen, onSeen, onToggle }: AlertLineProps) {
  return (
    <div
      className={`m-alert m-alert-${a.priority}${compact ? " m-alert-compact" : ""}${seen ? " m-alert-seen" : ""}`}
      role={a.priority === "urgent" && !seen ? "alert" : "status"}
      data-alert-id={a.id}
    >
      {onToggle ? (
        <button type="button" className="m-alert-body m-alert-toggle" onClick={onToggle} aria-expanded={!compact}>
          <AlertWords alert={a} seen={seen} />
        </button>
      ) : (
        <div className="m-alert-body">
          <AlertWords alert={a} seen={seen} />
        </div>
      )}
      {!seen && (
        <button type="button" className="m-alert-seen-btn" onClick={() => onSeen(a)} aria-label={`Seen: ${a.text}`}>
          Seen
        </button>
      )}
    </div>
  );
}

function AlertWords({ alert: a, seen }: { alert: Alert; seen: boolean }) {
  return (
    <>
      <span className="m-alert-meta">
        {PRIORITY_WORD[a.priority]} <span className="mono">{shortTime(a.at)}</span>
        {seen && " · Seen ✓"}
      </span>{" "}
      <span className="m-alert-text">{a.text}</span>
    </>
  );
}
