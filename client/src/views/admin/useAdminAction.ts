import { useCallback, useState } from "react";
import { toast } from "../../ui/toasts";

/** Runs one admin call at a time, with its outcome as a toast; returns whether it worked. */
export function useAdminAction(): { busy: boolean; run: (what: string, call: () => Promise<unknown>) => Promise<boolean> } {
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (what: string, call: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await call();
      toast(what, "success");
      return true;
    } catch (err) {
      toast((err as Error).message, "error");
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, run };
}
