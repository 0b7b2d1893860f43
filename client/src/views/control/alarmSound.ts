/**
 * The alarm's sound, made in code (no audio file to ship or fail to load): three rising beeps.
 * Browsers start audio only after the user has interacted with the page, so the first click or
 * key on the board unlocks it (`unlockAlarmAudio`), and the context is resumed on every play.
 */

let context: AudioContext | null = null;

declare global {
  interface Window {
    /** How many alarm sounds this page has played: tests read it (they cannot hear). */
    cordonAlarmSounds?: number;
  }
}

const BEEPS = [
  { at: 0, hz: 880 },
  { at: 0.22, hz: 988 },
  { at: 0.44, hz: 1175 },
];
const BEEP_S = 0.16;

/** Creates or resumes the audio context at the first click or key press (a user gesture). */
export function unlockAlarmAudio(): () => void {
  const unlock = () => {
    try {
      context ??= new AudioContext();
      void context.resume().catch(() => undefined);
    } catch {
      // No Web Audio here: the banner is the alarm.
    }
  };
  window.addEventListener("pointerdown", unlock, { once: true, capture: true });
  window.addEventListener("keydown", unlock, { once: true, capture: true });
  return () => {
    window.removeEventListener("pointerdown", unlock, { capture: true });
    window.removeEventListener("keydown", unlock, { capture: true });
  };
}

export function playAlarm(): void {
  window.cordonAlarmSounds = (window.cordonAlarmSounds ?? 0) + 1;
  document.documentElement.dataset.alarmSounds = String(window.cordonAlarmSounds);
  try {
    context ??= new AudioContext();
    void context.resume().catch(() => undefined);
    const start = context.currentTime + 0.02;
    for (const b of BEEPS) beep(context, start + b.at, b.hz);
  } catch {
    // No audio device (or no Web Audio): the banner and the flashing row still show.
  }
}

function beep(ctx: AudioContext, at: number, hz: number): void {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = "square";
  osc.frequency.value = hz;
  // A short ramp in and out: a click-free tone that still cuts through a noisy room.
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + BEEP_S);
  osc.connect(gain).connect(ctx.destination);
  osc.start(at);
  osc.stop(at + BEEP_S + 0.02);
}
