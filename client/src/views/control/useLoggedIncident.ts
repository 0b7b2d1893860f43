import { useCallback, useState } from "react";
import type { CommandInput } from "../../../../shared/commands";
import { useBoardContext } from "../../store/BoardContext";
import type { BoardStore } from "../../store/boardStore";
import { useSendCommand } from "../../store/hooks";
import { toast } from "../../ui/toasts";

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
 * Sends `incident:report` and resolves with the new incident's id once the board holds it, or
 * null when refused (the refusal is shown, as useCommand does for every other command).
 */
export function useReportIncident() {
  const send = useSendCommand();
  const { store } = useBoardContext();
  const [busy, setBusy] = useState(false);
  const report = useCallback(
    async (body: CommandInput<"incident:report">): Promise<string | null> => {
      setBusy(true);
      try {
        const ack = await send("incident:report", body);
        if (!ack.ok) {
          const issues = ack.error.issues?.map((i) => `${i.path}: ${i.message}`).join("; ");
          toast(`New incident refused: ${ack.error.message}${issues ? ` (${issues})` : ""}`);
          return null;
        }
        return await whenIncidentLogged(store, ack.data.seq);
      } finally {
        setBusy(false);
      }
    },
    [send, store],
  );
  return { report, busy };
}
