import type { StewardReport } from "../../../../shared/state";
import type { OutboxItem } from "../../outbox/useOutbox";
import { clockTime } from "../../ui/time";
import { outcome } from "./outcome";

/**
 * Reports made on this phone: those still in the outbox first, then refused ones, then those
 * sent this session. "Sent ✓" appears only with the server's ack; the time is control's record
 * time from the report itself once it has arrived here, else when the ack came.
 */
export function SendingList({
  items,
  received,
  live,
  onDismiss,
}: {
  items: OutboxItem[];
  /** The server's copy of each report, by reporterTime, once the board has it. */
  received: ReadonlyMap<number, StewardReport>;
  live: boolean;
  onDismiss(key: string): void;
}) {
  if (items.length === 0) return null;
  const order = { pending: 0, refused: 1, sent: 2 } as const;
  const sorted = [...items].sort((a, b) => order[a.state] - order[b.state]);
  return (
    <section aria-label="Sent from this phone" aria-live="polite">
      <ul>
        {sorted.map((o) => (
          <SendingRow
            key={o.key}
            item={o}
            report={(o.reporterTime !== null && received.get(o.reporterTime)) || null}
            live={live}
            onDismiss={onDismiss}
          />
        ))}
      </ul>
    </section>
  );
}

function SendingRow({
  item,
  report,
  live,
  onDismiss,
}: {
  item: OutboxItem;
  report: StewardReport | null;
  live: boolean;
  onDismiss(key: string): void;
}) {
  const phase = item.state === "pending" ? (live && !item.waiting ? "sending" : "saved") : item.state;
  const later = item.state === "sent" && report && report.status !== "new" ? outcome(report) : null;
  return (
    <li className={`my-report send-row send-${phase}`}>
      <div className="send-what">{item.label}</div>
      {item.text && <div className="send-text">“{item.text}”</div>}
      <div className="send-state">{stateText(phase, item, report)}</div>
      {phase === "saved" && <div className="send-hint">It will send by itself when there is signal. You can close the app.</div>}
      {later && <div className="my-status">{later}</div>}
      {phase === "refused" && (
        <button type="button" className="btn btn-xs" onClick={() => onDismiss(item.key)}>
          Dismiss
        </button>
      )}
    </li>
  );
}

function stateText(phase: "saved" | "sending" | "sent" | "refused", o: OutboxItem, report: StewardReport | null): string {
  switch (phase) {
    case "saved":
      return "Saved on this phone — not yet received";
    case "sending":
      return "Sending…";
    case "sent":
      return `Sent ✓ — received by control at ${clockTime(report?.receivedAt ?? o.ackAt ?? o.madeAt)}`;
    case "refused":
      return `Not accepted by control: ${o.error ?? "refused by the server"}. Please report it again or use the radio.`;
  }
}
