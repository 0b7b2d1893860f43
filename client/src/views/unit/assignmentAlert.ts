import { playTones, type TonePattern, unlockAudio } from "../../ui/tones";

/**
 * A new assignment on an officer's phone (issue 12): a vibration where the phone has one, and a
 * two-tone call. An earpiece in a crowd may miss one of them; the card on screen stays until the
 * officer acknowledges.
 */

declare global {
  interface Window {
    /** How many assignment alerts this page has given, and whether each could vibrate: tests read them. */
    cordonAssignmentAlerts?: number;
    cordonAssignmentVibrations?: number;
  }
}

/** Long-short-long: felt through a stab vest, unlike a message's single buzz. */
const VIBRATION_MS = [400, 150, 400, 150, 400];
const CALL: TonePattern = {
  tones: [
    { at: 0, hz: 660 },
    { at: 0.3, hz: 990 },
    { at: 0.6, hz: 660 },
    { at: 0.9, hz: 990 },
  ],
  seconds: 0.22,
  wave: "sine",
  peak: 0.6,
};

/** Unlocks audio at the officer's first tap, so later alerts can sound. */
export const unlockAssignmentAudio = (): (() => void) => unlockAudio(["pointerdown"]);

export function alertNewAssignment(): void {
  window.cordonAssignmentAlerts = (window.cordonAssignmentAlerts ?? 0) + 1;
  if (typeof navigator.vibrate === "function" && navigator.vibrate(VIBRATION_MS)) {
    window.cordonAssignmentVibrations = (window.cordonAssignmentVibrations ?? 0) + 1;
  }
  playTones(CALL);
}
