import { useEffect, useRef, useState } from "react";
import { useOptionalBoardContext } from "../store/BoardContext";
import { useFrozenAt } from "../sync/linkStore";

/** Clock times as the control room reads them: HH:MM:SS, Europe/London, 24-hour. */
const clock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});
const shortClock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

export const clockTime = (ms: number): string => clock.format(ms);
export const shortTime = (ms: number): string => shortClock.format(ms);

/** "just now", "4 min", "1 h 12 min": how long something has waited. */
export function age(fromMs: number, nowMs: number): string {
  const minutes = Math.max(0, Math.floor((nowMs - fromMs) / 60_000));
  if (minutes < 1) return "<1 min";
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export interface NowOptions {
  /**
   * Keep running while the board is frozen (the header clock: the time of day is known offline).
   * By default the time stops at the moment the board froze: an age or a waiting time measured
   * against a board that is not live would claim that nothing happened since.
   */
  running?: boolean;
}

/**
 * The current time on the server's clock, re-rendering every `intervalMs` (the header clock,
 * ages in the queue, status timers). While the board is offline or behind (sync/linkRules.ts) it
 * returns the time the board froze at and stops ticking, unless `running`; show such times
 * through `<Age>`, which marks them frozen.
 */
export function useNow(intervalMs: number, { running = false }: NowOptions = {}): number {
  const clock = useOptionalBoardContext()?.connection.clock ?? deviceClock;
  const frozenAt = useFrozenAt();
  const frozen = frozenAt !== null && !running;
  const [now, setNow] = useState(clock.now);
  const mounting = useRef(true);
  useEffect(
    function tick() {
      const first = mounting.current;
      mounting.current = false;
      if (frozen) return;
      let id: number | undefined;
      // Until the server's first stamp (within a second) look again soon, so no age is
      // shown against the device's clock for long.
      const later = () => {
        id = window.setTimeout(next, clock.synced() ? intervalMs : 250);
      };
      const next = () => {
        setNow(clock.now());
        later();
      };
      // The first render read the clock a moment ago: reading it again now only rendered the
      // whole panel a second time (every row of the unit board) for a few milliseconds.
      if (first && clock.synced()) later();
      else next();
      return () => window.clearTimeout(id);
    },
    [intervalMs, clock, frozen],
  );
  return frozen ? frozenAt : now;
}

const deviceClock = { now: () => Date.now(), synced: () => true };
