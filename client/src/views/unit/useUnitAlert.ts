import { useEffect, useRef } from "react";
import { alertNewAssignment, unlockAssignmentAudio } from "./assignmentAlert";

/**
 * Vibrates and sounds once per assignment this page sees live and unacknowledged (not for a
 * picture read back from the phone: the officer saw that one already).
 */
export function useUnitAlert(incidentId: string | null, acknowledged: boolean, live: boolean): void {
  const alerted = useRef(new Set<string>());
  useEffect(() => unlockAssignmentAudio(), []);
  useEffect(
    function alertOnNewAssignment() {
      if (!incidentId || acknowledged || !live || alerted.current.has(incidentId)) return;
      alerted.current.add(incidentId);
      alertNewAssignment();
    },
    [incidentId, acknowledged, live],
  );
}
