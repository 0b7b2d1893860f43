import type { TimelineEntry } from "../../../shared/state";
import { clockTime } from "./time";

/** An incident's history, oldest first: time, who, what. Intelligence notes are marked. */
export function Timeline({ entries, newestFirst = false }: { entries: readonly TimelineEntry[]; newestFirst?: boolean }) {
  const list = newestFirst ? [...entries].reverse() : entries;
  return (
    <ol className="timeline">
      {list.map((t) => (
        <li key={t.seq} className={t.intel ? "tl-intel" : undefined}>
          <span className="tl-time mono">{clockTime(t.at)}</span>
          <span className="tl-who" title={t.actor.role}>
            {t.actor.name}
          </span>
          <span className="tl-text">
            {t.intel && <span className="intel-tag">INTEL</span>}
            {t.text}
          </span>
        </li>
      ))}
    </ol>
  );
}
