import type { ReactNode } from "react";
import type { Alert } from "../../../shared/state";
import { sectorLabel } from "../venue/plan";
import { clockTime } from "./time";

const AUDIENCE_LABELS: Record<Alert["audience"], string> = {
  all: "Everyone",
  stewards: "Stewards",
  units: "Units",
  control: "Control",
};

/** Alerts, newest first; the steward and unit views show the ones addressed to them. */
export function AlertList({
  alerts,
  showAudience = true,
  extra,
}: {
  alerts: readonly Alert[];
  showAudience?: boolean;
  /** More under each alert (control's receipts). */
  extra?: (a: Alert) => ReactNode;
}) {
  const list = [...alerts].reverse();
  if (list.length === 0) return <p className="empty">No alerts.</p>;
  return (
    <ul className="alert-list">
      {list.map((a) => (
        <li key={a.id} className={`alert alert-${a.priority}`}>
          <div className="alert-meta">
            <span className="mono">{clockTime(a.at)}</span>
            <span className="alert-priority">{a.priority.toUpperCase()}</span>
            {showAudience && <span>{AUDIENCE_LABELS[a.audience]}</span>}
            {a.sector && <span>{sectorLabel(a.sector)}</span>}
            <span className="muted">{a.actor.name}</span>
          </div>
          <div className="alert-text">
            {a.resendOf && <span className="muted">Resent · </span>}
            {a.text}
          </div>
          {extra?.(a)}
        </li>
      ))}
    </ul>
  );
}
