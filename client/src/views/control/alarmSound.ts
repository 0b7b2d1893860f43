import { playTones, type TonePattern, unlockAudio } from "../../ui/tones";

/**
 * The alarm's sound: three rising square-wave beeps. The first click or key on the board unlocks
 * audio (`unlockAlarmAudio`); without a device the banner and the flashing row are the alarm.
 */

declare global {
  interface Window {
    /** How many alarm sounds this page has played: tests read it (they cannot hear). */
    cordonAlarmSounds?: number;
  }
}

const ALARM: TonePattern = {
  tones: [
    { at: 0, hz: 880 },
    { at: 0.22, hz: 988 },
    { at: 0.44, hz: 1175 },
  ],
  seconds: 0.16,
  wave: "square",
  peak: 0.25,
};

export const unlockAlarmAudio = (): (() => void) => unlockAudio(["pointerdown", "keydown"]);

export function playAlarm(): void {
  window.cordonAlarmSounds = (window.cordonAlarmSounds ?? 0) + 1;
  document.documentElement.dataset.alarmSounds = String(window.cordonAlarmSounds);
  playTones(ALARM);
}
