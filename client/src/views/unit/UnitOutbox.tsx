import type { OutboxItem } from "../../outbox/useOutbox";
import { shortTime } from "../../ui/time";

/**
 * What this phone has sent or is holding for the operation: statuses, notes and acknowledgements,
 * unsent first. "Sent ✓" only with the server's ack; a refusal says why and can be cleared.
 */
export function UnitOutbox({ items, live, onDismiss }: { items: OutboxItem[]; live: boolean; onDismiss(key: string): void }) {
  if (items.length === 0) return null;
  const order = { pending: 0, refused: 1, sent: 2 } as const;
  const sorted = [...items].sort((a, b) => order[a.state] - order[b.state] || b.madeAt - a.madeAt).slice(0, 6);
  return (
    <section className="card unit-outbox" aria-label="Sent from this phone" aria-live="polite">
      <h2 className="m-title">Sent from this phone</h2>
      <ul className="m-list">
        {sorted.map((i) => (
          <li key={i.key} className={`send-row send-${i.state}`}>
            <div className="m-list-main">
              <div>{i.label}</div>
              <div className="small">{stateText(i, live)}</div>
            </div>
            {i.state === "refused" && (
              <button type="button" className="btn btn-xs" onClick={() => onDismiss(i.key)}>
                Clear
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function stateText(i: OutboxItem, live: boolean): string {
  if (i.state === "sent") return i.ackAt !== null ? `Sent ✓ — with control at ${shortTime(i.ackAt)}` : "Sent ✓";
  if (i.state === "refused") return `Not accepted: ${i.error ?? "refused"}`;
  return live && !i.waiting ? "Sending…" : "Saved on this phone — not yet received. It goes when there is signal.";
}
