import type { Connection } from "../store/boardStore";
import { hasContiguousSeqs } from "../store/boardStore";
import { useConnection, useUser } from "../store/hooks";
import { type LoadProgress, loadingText, useLoadProgress } from "../sync/loadProgress";

interface Indicator {
  tone: "live" | "warn" | "down";
  text: string;
}

/** Live / Reconnecting… / Offline, or, for control, how many events this screen is behind. */
export function describeConnection(c: Connection, showLag: boolean, loading: LoadProgress | null = null): Indicator {
  if (c.status === "offline") return { tone: "down", text: "Offline" };
  // A long operation loading in pages (issue 8): say how far, not just "Connecting…".
  if (loading) return { tone: "warn", text: loadingText(loading) };
  if (c.status === "reconnecting") return { tone: "warn", text: "Reconnecting…" };
  if (c.status === "connecting") return { tone: "warn", text: "Connecting…" };
  const behind = c.head - c.lastSeq;
  if (showLag && behind > 0) return { tone: "warn", text: `Behind by ${behind} event${behind === 1 ? "" : "s"}` };
  return { tone: "live", text: "Live" };
}

export function ConnectionBadge({ compact = false }: { compact?: boolean }) {
  const connection = useConnection();
  const user = useUser();
  const loading = useLoadProgress();
  const { tone, text } = describeConnection(connection, hasContiguousSeqs(user?.role), loading);
  return (
    <span
      className={`conn conn-${tone}${compact ? " conn-compact" : ""}`}
      role="status"
      title={`Applied seq ${connection.lastSeq}, head ${connection.head}`}
    >
      <i className="conn-dot" aria-hidden="true" />
      {/* On a phone the dot says "live"; anything else is spelled out. */}
      <span className={compact && tone === "live" ? "visually-hidden" : undefined}>{text}</span>
    </span>
  );
}
