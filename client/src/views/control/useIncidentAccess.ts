import { useEffect } from "react";
import { request } from "../../api/http";
import { useOperation } from "../../store/hooks";

/**
 * Opening an incident's detail is a consultation of personal data (DPA 2018 s.62): the board
 * tells the server, which writes who, when and which incident to the access log. Once per
 * opening (the detail is keyed by incident), by POST (a GET must have no side effect).
 */
export function useIncidentAccess(incidentId: string): void {
  const opId = useOperation()?.id ?? null;
  useEffect(
    function logOpening() {
      if (!opId) return;
      const path = `/api/operations/${encodeURIComponent(opId)}/incidents/${encodeURIComponent(incidentId)}/access`;
      // Offline, the phone or screen shows what it already holds; the server cannot log that read.
      request<void>("POST", path, {}).catch(() => undefined);
    },
    [opId, incidentId],
  );
}
