/**
 * Scenario time for the demo: the match day (17 October 2023) replayed at any speed. The app
 * takes `clock.now` as its record time, so every event and fix carries the scenario's time.
 */

/** The day of the England v Italy qualifier at Wembley. */
export const DEMO_DATE = "2023-10-17";

/** 17:30 in London (BST): just before the turnstiles open at 17:45. */
export const DEFAULT_START = Date.UTC(2023, 9, 17, 16, 30, 0);

export class ScenarioClock {
  private readonly realStart: number;

  /** Scenario time = start + (real time elapsed since construction) × speed. */
  constructor(
    readonly startMs: number = DEFAULT_START,
    readonly speed: number = 1,
    private readonly realNow: () => number = Date.now,
  ) {
    if (!Number.isFinite(startMs)) throw new RangeError(`bad scenario start ${startMs}`);
    if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`the speed must be a positive number, not ${speed}`);
    this.realStart = realNow();
  }

  now(): number {
    return Math.floor(this.startMs + (this.realNow() - this.realStart) * this.speed);
  }
}

const LONDON = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
});

/** How far London's wall clock is ahead of UTC at an instant (0 in winter, 1 h in summer). */
function londonOffset(at: number): number {
  const part: Record<string, number> = {};
  for (const p of LONDON.formatToParts(at)) if (p.type !== "literal") part[p.type] = Number(p.value);
  const wall = Date.UTC(part.year ?? 1970, (part.month ?? 1) - 1, part.day ?? 1, part.hour ?? 0, part.minute ?? 0, part.second ?? 0);
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant of a London wall-clock time: `londonTime("2023-10-17", "19:45")` is kick-off. */
export function londonTime(date: string, time: string): number {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!d || !t) throw new RangeError(`expected YYYY-MM-DD and HH:MM[:SS], not ${JSON.stringify([date, time])}`);
  const [hours, minutes, seconds] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) throw new RangeError(`no such time of day: ${time}`);
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), hours, minutes, seconds);
  // Guess with the offset at the wall time read as UTC, then correct once across a clock change.
  const guess = wall - londonOffset(wall);
  return wall - londonOffset(guess);
}

/** `19:45:30` in London, for log lines. */
export function londonClock(at: number): string {
  const parts = LONDON.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("hour")}:${get("minute")}:${get("second")}`;
}
