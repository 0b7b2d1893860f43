import type { EntranceGroup } from "../../shared/entrances";
import type { GateCount } from "../../shared/ingress";
import { DEMO_DATE, londonTime } from "./clock";
import { Random } from "./random";

/** The crowd England v Italy brings through the turnstiles (issue 11 item 7). */
export const DEMO_CROWD = 82_000;
const OPEN = londonTime(DEMO_DATE, "17:45");
const MAIN_END = londonTime(DEMO_DATE, "19:45");
const LAST = londonTime(DEMO_DATE, "20:00");
/** The turnstile system reports every group every 30 s. */
export const FEED_EVERY_MS = 30_000;
/** Turnstiles never quite run at their rated throughput: a scan fails, a bag is searched. */
const FLOW = 0.95;
/**
 * Arrivals between 17:45 and 19:45 follow a Beta(3.2, 1.6) density: slow at first, peaking about
 * 19:20 and easing before kick-off; the last 5 % come between 19:45 and 20:00.
 */
const A = 3.2;
const B = 1.6;
const BETA = (gamma(A) * gamma(B)) / gamma(A + B);
/**
 * The queue hold at Wembley Park (storyline/ingress.ts) is released in blocks from about 19:12:
 * they walk down Olympic Way to Bobby Moore West, which takes 1,200 more people than its share in
 * eighteen minutes, saturates and runs hot until the queue has drained.
 */
const SURGE = { groupId: "bobby-moore-west", from: londonTime(DEMO_DATE, "19:12"), to: londonTime(DEMO_DATE, "19:30"), people: 1200 };

function gamma(z: number): number {
  // Lanczos approximation; plenty for a demo's arrival curve.
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.PI / (Math.sin(Math.PI * z) * gamma(1 - z));
  const x = z - 1;
  let a = c[0] ?? 1;
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += (c[i] ?? 0) / (x + i);
  return Math.sqrt(2 * Math.PI) * t ** (x + 0.5) * Math.exp(-t) * a;
}

/** People a minute arriving at a group whose share of the crowd is `people`, at time t. */
function demand(people: number, t: number): number {
  if (t < OPEN || t >= LAST) return 0;
  if (t >= MAIN_END) return (people * 0.05) / 15;
  const x = (t - OPEN) / (MAIN_END - OPEN);
  return (people * 0.95 * (x ** (A - 1) * (1 - x) ** (B - 1))) / BETA / 120;
}

/**
 * A turnstile feed for the demo: each group's arrivals queue at its turnstiles, which pass at most
 * 95 % of their throughput a minute; the feed reports the cumulative count and the queue every
 * 30 s. Worked out once for the whole evening, so a demo started at 19:20 shows 19:20's figures.
 */
export class DemoTurnstiles {
  private readonly rows: GateCount[] = [];
  private next = 0;

  constructor(groups: readonly EntranceGroup[], seed: number, from: number) {
    const random = new Random(seed ^ 0x7475726e);
    const weights = groups.map((g) => g.capacity * random.between(0.95, 1.05) * (g.id === SURGE.groupId ? 0.9 : 1));
    const sum = weights.reduce((a, b) => a + b, 0);
    const surgeShare = groups.some((g) => g.id === SURGE.groupId) ? SURGE.people : 0;
    const stepMin = FEED_EVERY_MS / 60_000;
    const state = groups.map(() => ({ count: 0, queue: 0 }));
    for (let t = OPEN; t <= LAST + 30 * 60_000; t += FEED_EVERY_MS) {
      for (const [i, g] of groups.entries()) {
        const people = ((weights[i] ?? 0) / sum) * (DEMO_CROWD - surgeShare);
        const surge = g.id === SURGE.groupId && t >= SURGE.from && t < SURGE.to ? SURGE.people / ((SURGE.to - SURGE.from) / 60_000) : 0;
        const s = state[i] ?? { count: 0, queue: 0 };
        s.queue += (demand(people, t) + surge) * stepMin;
        const through = Math.min(s.queue, g.perMinute * FLOW * stepMin);
        s.queue -= through;
        s.count += through;
        // People at the door are queueing too: about a minute's arrivals is the usual line.
        const visible = Math.round(s.queue + demand(people, t));
        if (t > from - 5 * 60_000)
          this.rows.push({ groupId: g.id, at: t, count: Math.round(s.count), queue: visible, source: "feed", by: "demo turnstiles" });
      }
    }
  }

  /** The readings due by `now` not handed out yet (the last five minutes before the start first). */
  due(now: number): GateCount[] {
    const out: GateCount[] = [];
    while (this.next < this.rows.length && (this.rows[this.next]?.at ?? Infinity) <= now) out.push(this.rows[this.next++] as GateCount);
    return out;
  }

  /** Every reading worked out (tests). */
  all(): readonly GateCount[] {
    return this.rows;
  }
}
