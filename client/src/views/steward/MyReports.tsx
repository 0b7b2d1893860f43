import { useMemo } from "react";
import { INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import type { StewardReport } from "../../../../shared/state";
import type { OutboxItem } from "../../outbox/useOutbox";
import { useMyReports } from "../../store/hooks";
import { clockTime } from "../../ui/time";
import { sectorLabel } from "../../venue/plan";
import { outcome } from "./outcome";
import { SendingList } from "./SendingList";

/**
 * The steward's own reports and what control did with each. Those made on this phone come
 * first, from the outbox, so a report not yet received is visible even after a reload with no
 * network; below them, the rest of the server's record (reports sent earlier or elsewhere).
 */
export function MyReports({
  stewardId,
  items,
  live,
  opId,
  backgroundSync,
  onDismiss,
}: {
  stewardId: string;
  items: OutboxItem[];
  live: boolean;
  opId: string;
  backgroundSync: boolean;
  onDismiss(key: string): void;
}) {
  const reports = useMyReports(stewardId);
  // The phone's copy and the server's are the same report when the steward's send time matches.
  const received = useMemo(() => new Map(reports.map((r) => [r.reporterTime, r])), [reports]);
  const onPhone = new Set(items.map((i) => i.reporterTime));
  const others = reports.filter((r) => !onPhone.has(r.reporterTime));
  return (
    <section className="card my-reports" aria-label="My reports">
      <h2 className="m-title">My reports</h2>
      <SendingList items={items} received={received} live={live} opId={opId} backgroundSync={backgroundSync} onDismiss={onDismiss} />
      {others.length > 0 && (
        <ul>
          {others.map((r) => (
            <ServerReport key={r.id} report={r} />
          ))}
        </ul>
      )}
      {items.length === 0 && others.length === 0 && <p className="empty">You have not sent any reports yet.</p>}
    </section>
  );
}

function ServerReport({ report: r }: { report: StewardReport }) {
  return (
    <li className={`my-report my-${r.status}`}>
      <div className="my-top">
        <strong>{INCIDENT_TYPE_LABELS[r.type]}</strong>
        <span className="mono">{clockTime(r.receivedAt)}</span>
      </div>
      <div className="my-where">{r.post?.name ?? sectorLabel(r.sector)}</div>
      <div className="my-status">{outcome(r)}</div>
    </li>
  );
}
