import { useEffect, useRef } from "react";
import type { CountTuple } from "../../../../shared/wire";
import { request } from "../../api/http";
import { useBoardContext } from "../../store/BoardContext";
import { IngressPanel } from "../control/IngressPanel";

/** Read again once T has moved this far (scenario ms): the feed reports every 30 s. */
const STEP_MS = 30_000;
/** Readings at T, T − 2 min and T − 4 min: enough for the rate a minute over five minutes. */
const BACK_MS = [240_000, 120_000, 0];

/**
 * The Ingress tab in replay (issue 11 item 7): the counts as control saw them at T, read from
 * GET …/counts?at=T (the store's full history), into the board's counts store, drawn by the live
 * board's panel.
 */
export function ReplayIngress({ opId, t }: { opId: string; t: number }) {
  const countsStore = useBoardContext().store.getState().countsStore;
  const loadedAt = useRef<number | null>(null);
  useEffect(() => {
    if (loadedAt.current !== null && Math.abs(t - loadedAt.current) < STEP_MS) return;
    loadedAt.current = t;
    let stale = false;
    const at = (x: number) =>
      request<{ counts: CountTuple[] }>("GET", `/api/operations/${encodeURIComponent(opId)}/counts?at=${Math.max(0, Math.round(x))}`);
    Promise.all(BACK_MS.map((back) => at(t - back)))
      .then((pages) => {
        if (!stale) countsStore.getState().resetCounts(pages.flatMap((p) => p.counts));
      })
      .catch(() => undefined);
    return () => {
      stale = true;
    };
  }, [opId, t, countsStore]);
  return <IngressPanel />;
}
