/**
 * The server's clock as seen from here. Record times (`at`) are the server's; ages, timers and
 * the header clock must be measured against the same clock, not the device's (a phone may be
 * minutes out, and the demo runs a match day from 2023 at ten times speed). The server stamps
 * each `head` message with its time; between stamps the clock runs at the observed rate.
 */
export interface ServerClock {
  now(): number;
  observe(serverNow: number): void;
  /** False until the first stamp: until then `now` is only an estimate. */
  synced(): boolean;
  /** A server time known to be recent (the last event's): a better guess than the device's clock. */
  hint(serverTime: number): void;
}

const MIN_SAMPLE_MS = 500;

export function createServerClock(localNow: () => number = Date.now): ServerClock {
  let anchor: { server: number; local: number } | null = null;
  let provisional: { server: number; local: number } | null = null;
  let rate = 1;
  let lastShown = 0;

  return {
    synced: () => anchor !== null,
    hint(serverTime) {
      if (!anchor && serverTime > 0) provisional = { server: serverTime, local: localNow() };
    },
    now() {
      if (!anchor) return provisional ? provisional.server + (localNow() - provisional.local) : localNow();
      const t = anchor.server + (localNow() - anchor.local) * rate;
      // Never run backwards on screen when a new stamp corrects the estimate.
      lastShown = Math.max(lastShown, t);
      return Math.round(lastShown);
    },
    observe(serverNow) {
      const local = localNow();
      if (anchor && local - anchor.local >= MIN_SAMPLE_MS) {
        const measured = (serverNow - anchor.server) / (local - anchor.local);
        // Smooth network jitter; a measured rate far from the current one (a restart) resets it.
        if (measured > 0 && measured < 1_000) rate = Math.abs(measured - rate) > rate * 0.5 ? measured : rate * 0.7 + measured * 0.3;
      }
      if (!anchor || local - anchor.local >= MIN_SAMPLE_MS) {
        if (anchor && Math.abs(serverNow - (anchor.server + (local - anchor.local) * rate)) > 60_000) lastShown = 0;
        anchor = { server: serverNow, local };
      }
    },
  };
}
