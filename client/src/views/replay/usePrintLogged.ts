import { useCallback, useEffect, useRef, useState } from "react";
import { replayApi } from "./replayApi";

/**
 * Printing the debrief is a disclosure (DPA 2018 s.62): the Print action writes to the access
 * log first and prints only once the server has it. A print from the browser's own menu
 * (Ctrl+P) cannot wait, so it is logged as it starts.
 */
export function usePrintLogged(opId: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const logged = useRef(false);

  useEffect(
    function logBrowserPrints() {
      const onBeforePrint = () => {
        if (logged.current) return;
        replayApi.print(opId).catch(() => undefined);
      };
      window.addEventListener("beforeprint", onBeforePrint);
      return () => window.removeEventListener("beforeprint", onBeforePrint);
    },
    [opId],
  );

  const run = useCallback(() => {
    setBusy(true);
    setError(null);
    replayApi
      .print(opId)
      .then(() => {
        logged.current = true;
        window.print();
      })
      .catch((err: Error) => setError(err.message))
      .finally(() => {
        logged.current = false;
        setBusy(false);
      });
  }, [opId]);

  return { run, busy, error };
}
