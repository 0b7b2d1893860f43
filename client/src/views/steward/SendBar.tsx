import type { OutboxItem } from "../../outbox/useOutbox";
import { savedHint, sendPhase, sendText } from "./sendStatus";

/**
 * The Send button and, right above it, what happened to the last report: fixed to the bottom of
 * the screen, so neither alerts nor a long form can push them out of sight on a 360×640 phone.
 */
export function SendBar({
  label,
  where,
  disabled,
  latest,
  live,
  backgroundSync,
}: {
  label: string;
  /** Where the report will say it is, so the steward sees it without scrolling to the picker. */
  where: string | null;
  disabled: boolean;
  latest: OutboxItem | null;
  live: boolean;
  backgroundSync: boolean;
}) {
  const phase = latest ? sendPhase(latest, live) : null;
  return (
    <div className="send-bar">
      {latest && phase && (
        <div className={`send-last send-${phase}`} role="status" aria-label="Last report">
          <div className="send-last-state">{sendText(phase, latest, null)}</div>
          <div className="send-last-what">{latest.label}</div>
          {phase === "saved" && <div className="send-last-hint">{savedHint(backgroundSync)}</div>}
        </div>
      )}
      <button type="submit" className="send-btn" disabled={disabled}>
        <span className="send-btn-main">{label}</span>
        {where && <span className="send-btn-where">at {where}</span>}
      </button>
    </div>
  );
}
