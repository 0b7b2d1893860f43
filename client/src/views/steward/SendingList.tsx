import type { OutboxItem } from "../../outbox/useOutbox";
import { useBoard } from "../../store/hooks";
import { clockTime } from "../../ui/time";

/**
 * What this phone has sent: every report still in the outbox, and the last few that arrived.
 * "Sent ✓" appears only with the server's ack; the time is control's record time from the
 * report itself once it arrives, else when the ack came.
 */
export function SendingList({ items, stewardId }: { items: OutboxItem[]; stewardId: string }) {
  if (items.length === 0) return null;
  const unsent = items.filter((i) => i.state === "saved" || i.state === "sending");
  const done = items.filter((i) => i.state === "sent" || i.state === "refused").slice(0, 5);
  return (
    <section className="card sending" aria-label="Sent from this phone" aria-live="polite">
      {[...unsent, ...done].map((o) => (
        <SendingRow key={o.key} item={o} stewardId={stewardId} label={o.label} />
      ))}
    </section>
  );
}

function SendingRow({ item, stewardId, label }: { item: OutboxItem; stewardId: string; label: string }) {
  const receivedAt = useBoard((b) => {
    for (const r of Object.values(b.state.reports)) {
      if (r.steward.userId === stewardId && r.reporterTime === item.reporterTime) return r.receivedAt;
    }
    return null;
  });
  return (
    <div className={`send-row send-${item.state}`}>
      <div className="send-what">{label}</div>
      {item.text && <div className="send-text">“{item.text}”</div>}
      <div className="send-state">{stateText(item, receivedAt)}</div>
    </div>
  );
}

function stateText(o: OutboxItem, receivedAt: number | null): string {
  switch (o.state) {
    case "sending":
      return "Sending…";
    case "saved":
      return "Saved on this phone — not yet received. It will send by itself when there is signal.";
    case "sent":
      return `Sent ✓ — received by control at ${clockTime(receivedAt ?? o.ackAt ?? o.reporterTime)}`;
    case "refused":
      return `Not sent: ${o.error ?? "refused by the server"}`;
  }
}
