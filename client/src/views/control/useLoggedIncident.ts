import { useCallback } from "react";
import type { CommandInput } from "../../../../shared/commands";
import { useBoardContext } from "../../store/BoardContext";
import type { BoardStore } from "../../store/boardStore";
import { useCommand } from "../../ui/useCommand";

/** How long to wait for the reported event to reach the store after its ack. */
const FOLD_WAIT_MS = 10_000;

/**
 * The incident whose first timeline entry has this seq, once the store has folded it (the ack
 * and the live event travel separately, so either may come first). Null if it never does.
 */
export function whenIncidentLogged(store: BoardStore, seq: number): Promise<string | null> {
  const find = () => Object.values(store.getState().state.incidents).find((i) => i.timeline[0]?.seq === seq)?.id ?? null;
  const now = find();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const timer = window.setTimeout(() => finish(null), FOLD_WAIT_MS);
    const unsubscribe = store.subscribe(() => {
      const id = find();
      if (id) finish(id);
    });
    function finish(id: string | null) {
      window.clearTimeout(timer);
      unsubscribe();
      resolve(id);
    }
  });
}

/**
 * Sends `incident:report` through useCommand (its link gate and its refusal toasts) and resolves
 * with the new incident's id once the board holds it, or null when it was not accepted.
 */
export function useReportIncident() {
  const { exec, busy, blocked } = useCommand();
  const { store } = useBoardContext();
  const report = useCallback(
    async (body: CommandInput<"incident:report">): Promise<string | null> => {
      const result = await exec("incident:report", body);
      return result ? whenIncidentLogged(store, result.seq) : null;
    },
    [exec, store],
  );
  return { report, busy, blocked };
}
