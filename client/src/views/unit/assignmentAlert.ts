/**
 * A new assignment on an officer's phone (issue 12): a vibration where the phone has one, and a
 * two-tone call made in code (no audio file to fail to load). An earpiece in a crowd may miss one
 * of them; the card on screen stays until the officer acknowledges.
 */

let context: AudioContext | null = null;

declare global {
  interface Window {
    /** How many assignment alerts this page has given, and whether each could vibrate: tests read them. */
    cordonAssignmentAlerts?: number;
    cordonAssignmentVibrations?: number;
  }
}

/** Long-short-long: felt through a stab vest, unlike a message's single buzz. */
const VIBRATION_MS = [400, 150, 400, 150, 400];
const TONES = [
  { at: 0, hz: 660 },
  { at: 0.3, hz: 990 },
  { at: 0.6, hz: 660 },
  { at: 0.9, hz: 990 },
];
const TONE_S = 0.22;

/** Creates or resumes the audio context at the officer's first tap, so later alerts can sound. */
export function unlockAssignmentAudio(): () => void {
  const unlock = () => {
    try {
      context ??= new AudioContext();
      void context.resume().catch(() => undefined);
    } catch {
      // No Web Audio here: the vibration and the card are the alert.
    }
  };
  window.addEventListener("pointerdown", unlock, { once: true, capture: true });
  return () => window.removeEventListener("pointerdown", unlock, { capture: true });
}

export function alertNewAssignment(): void {
  window.cordonAssignmentAlerts = (window.cordonAssignmentAlerts ?? 0) + 1;
  if (typeof navigator.vibrate === "function" && navigator.vibrate(VIBRATION_MS)) {
    window.cordonAssignmentVibrations = (window.cordonAssignmentVibrations ?? 0) + 1;
  }
  try {
    context ??= new AudioContext();
    void context.resume().catch(() => undefined);
    const start = context.currentTime + 0.02;
    for (const t of TONES) tone(context, start + t.at, t.hz);
  } catch {
    // No audio device: the vibration and the card still tell the officer.
  }
}

function tone(ctx: AudioContext, at: number, hz: number): void {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = "sine";
  osc.frequency.value = hz;
  // Ramped in and out: no click, and loud enough to be heard over a crowd.
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.6, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + TONE_S);
  osc.connect(gain).connect(ctx.destination);
  osc.start(at);
  osc.stop(at + TONE_S + 0.02);
}
