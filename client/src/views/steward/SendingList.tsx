import type { StewardReport } from "../../../../shared/state";
import type { OutboxItem } from "../../outbox/useOutbox";
import { outcome } from "./outcome";
import { savedHint, sendPhase, sendText } from "./sendStatus";

/**
 * Reports made on this phone: those still in the outbox first, then refused ones, then those
 * sent this session. "Sent ✓" appears only with the server's ack; the time is control's record
 * time from the report itself once it has arrived here, else when the ack came. A report made in
 * another operation than the one open now names it: that is where it goes.
 */
export function SendingList({
  items,
  received,
  live,
  opId,
  backgroundSync,
  onDismiss,
}: {
  items: OutboxItem[];
  /** The server's copy of each report, by reporterTime, once the board has it. */
  received: ReadonlyMap<number, StewardReport>;
  live: boolean;
  /** The operation open on this page. */
  opId: string;
  backgroundSync: boolean;
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
            elsewhere={o.opId !== opId}
            backgroundSync={backgroundSync}
            onDismiss={onDismiss}
          />
        ))}
      </ul>
    </section>
  );
}

function SendingRow(p: {
  item: OutboxItem;
  report: StewardReport | null;
  live: boolean;
  elsewhere: boolean;
  backgroundSync: boolean;
  onDismiss(key: string): void;
}) {
  const { item, report } = p;
  const phase = sendPhase(item, p.live);
  const later = item.state === "sent" && report && report.status !== "new" ? outcome(report) : null;
  return (
    <li className={`my-report send-row send-${phase}`}>
      <div className="send-what">{item.label}</div>
      {p.elsewhere && <div className="send-op">For: {item.opName || "an earlier operation"}</div>}
      {item.text && <div className="send-text">“{item.text}”</div>}
      <div className="send-state">{sendText(phase, item, report?.receivedAt ?? null)}</div>
      {phase === "saved" && <div className="send-hint">{savedHint(p.backgroundSync)}</div>}
      {later && <div className="my-status">{later}</div>}
      {phase === "refused" && (
        <>
          <div className="send-hint">Kept on this phone so it is not lost. Tell control by radio.</div>
          <button type="button" className="btn btn-xs" onClick={() => p.onDismiss(item.key)}>
            Dismiss
          </button>
        </>
      )}
    </li>
  );
}
