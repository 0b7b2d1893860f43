/**
 * Short alert sounds made in code (no audio file to ship or fail to load), for the board's alarm
 * and the officer's new assignment. One audio context per page; browsers start audio only after
 * a user gesture, so `unlockAudio` creates or resumes it at the first one, and every play resumes
 * it again. Where there is no Web Audio or no device, nothing sounds and nothing throws: the
 * banner, the card or the vibration carries the alert.
 */

export interface TonePattern {
  /** Each tone's start (s from now) and pitch. */
  tones: readonly { at: number; hz: number }[];
  /** How long each tone lasts (s). */
  seconds: number;
  wave: OscillatorType;
  /** Peak gain, 0–1. */
  peak: number;
}

let context: AudioContext | null = null;

function audio(): AudioContext {
  context ??= new AudioContext();
  void context.resume().catch(() => undefined);
  return context;
}

/** Unlocks audio at the first of these gestures; returns what removes the listeners. */
export function unlockAudio(gestures: readonly ("pointerdown" | "keydown")[]): () => void {
  const unlock = () => {
    try {
      audio();
    } catch {
      // No Web Audio here.
    }
  };
  for (const g of gestures) window.addEventListener(g, unlock, { once: true, capture: true });
  return () => {
    for (const g of gestures) window.removeEventListener(g, unlock, { capture: true });
  };
}

export function playTones(pattern: TonePattern): void {
  try {
    const ctx = audio();
    const start = ctx.currentTime + 0.02;
    for (const t of pattern.tones) tone(ctx, start + t.at, t.hz, pattern);
  } catch {
    // No audio device (or no Web Audio).
  }
}

function tone(ctx: AudioContext, at: number, hz: number, p: TonePattern): void {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = p.wave;
  osc.frequency.value = hz;
  // A short ramp in and out: a click-free tone that still cuts through a noisy room or a crowd.
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(p.peak, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + p.seconds);
  osc.connect(gain).connect(ctx.destination);
  osc.start(at);
  osc.stop(at + p.seconds + 0.02);
}
