import { useCallback, useState } from "react";

/**
 * The decision log's print view (issue 11 item 5): the server renders it (marked on every page,
 * numbered, tied to the log's head) and writes the print to the access log before sending it, so
 * it is a POST; the page opens in a new tab to be printed from there.
 */
export function useDecisionPrint(opId: string | null) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(async () => {
    if (!opId) return;
    // Opened now, while the click still counts as the user's: a window opened after an await is blocked.
    const tab = window.open("", "_blank");
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/operations/${encodeURIComponent(opId)}/decisions/print`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      });
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      const href = URL.createObjectURL(new Blob([await res.arrayBuffer()], { type: "text/html" }));
      if (tab) {
        tab.opener = null;
        tab.location.href = href;
      } else window.location.assign(href);
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
    } catch (err) {
      tab?.close();
      setError(`Not printed: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }, [opId]);

  return { run, busy, error };
}
