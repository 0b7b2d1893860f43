import { useBoard } from "../../store/hooks";
import { clockTime } from "../../ui/time";
import type { Outgoing } from "./outgoing";

/**
 * What this phone has sent this session. "Sent ✓" appears only with the server's ack; the time
 * is control's record time from the report itself once it arrives, else when the ack came.
 */
export function SendingList({ items, stewardId, describe }: { items: Outgoing[]; stewardId: string; describe(o: Outgoing): string }) {
  if (items.length === 0) return null;
  return (
    <section className="card sending" aria-label="Sent from this phone" aria-live="polite">
      {items.slice(0, 5).map((o) => (
        <SendingRow key={o.localId} item={o} stewardId={stewardId} label={describe(o)} />
      ))}
    </section>
  );
}

function SendingRow({ item, stewardId, label }: { item: Outgoing; stewardId: string; label: string }) {
  const receivedAt = useBoard((b) => {
    for (const r of Object.values(b.state.reports)) {
      if (r.steward.userId === stewardId && r.reporterTime === item.reporterTime) return r.receivedAt;
    }
    return null;
  });
  return (
    <div className={`send-row send-${item.state}`}>
      <div className="send-what">{label}</div>
      <div className="send-state">{stateText(item, receivedAt)}</div>
    </div>
  );
}

function stateText(o: Outgoing, receivedAt: number | null): string {
  switch (o.state) {
    case "sending":
      return "Sending…";
    case "retrying":
      return "No signal yet — still trying. Keep the app open; it will send by itself.";
    case "sent":
      return `Sent ✓ — received by control at ${clockTime(receivedAt ?? o.ackAt ?? o.reporterTime)}`;
    case "refused":
      return `Not sent: ${o.error ?? "refused by the server"}`;
  }
}
