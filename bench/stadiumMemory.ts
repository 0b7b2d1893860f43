/**
 * Is the server's memory flat under the stadium load (issue 14: "memory flat over a 10-minute
 * run")? RSS and heap are sampled every few seconds through the window; the slope over its second
 * half (least squares, so one GC's sawtooth does not decide it) says where it is heading once the
 * warm-up's caches are full; the heap after a full collection at the start and at the end of the
 * window says whether anything is kept that should not be (a leak survives a full GC, garbage not).
 */
export interface MemorySample {
  /** ms since the window began */
  t: number;
  rss: number;
  /** Heap in use after the last major GC before the sample (NaN before one): the sawtooth's floor. */
  heapUsed: number;
}

export interface MemoryVerdict {
  /** MB per minute over the window's second half (least squares). */
  rssSlope: number;
  heapSlope: number;
  /** Heap after a full GC, at the start and the end of the window, bytes. */
  heapStart: number;
  heapEnd: number;
  minutes: number;
  flat: boolean;
  /** One line for the table: what was measured and why it is or is not flat. */
  says: string;
}

/** Least-squares slope of `y` over `t` (ms), in MB per minute; NaN with fewer than 3 points. */
export function slopeMBperMin(points: readonly { t: number; y: number }[]): number {
  const n = points.length;
  if (n < 3) return Number.NaN;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.y - my);
    den += (p.t - mt) ** 2;
  }
  return den > 0 ? (num / den) * (60_000 / 1e6) : Number.NaN;
}

/**
 * Flat: the heap kept after a full GC grew by at most 2 MB or 1 % over the window (noise: a
 * budget window, a socket buffer), and the second half's slope of the heap after each major GC is
 * under 1 MB a minute. The slope is judged only from a minute's samples on (a shorter window
 * gives a handful of points, and one GC decides them).
 */
export function memoryVerdict(
  samples: readonly MemorySample[],
  heapStart: number,
  heapEnd: number,
  windowMs: number,
  /** Reports appended meanwhile: the operation's state and recent log keep every one (not judged, told). */
  appended = 0,
): MemoryVerdict {
  const second = samples.filter((s) => s.t >= windowMs / 2);
  const judged = windowMs >= 120_000;
  const rssSlope = slopeMBperMin(second.map((s) => ({ t: s.t, y: s.rss })));
  const heapSlope = judged
    ? slopeMBperMin(second.filter((s) => Number.isFinite(s.heapUsed)).map((s) => ({ t: s.t, y: s.heapUsed })))
    : Number.NaN;
  const kept = heapEnd - heapStart;
  const allowed = Math.max(2e6, 0.01 * heapStart);
  // Not measured (a collection unanswered on a starved machine): no verdict from it.
  const flatKept = !(kept > allowed);
  const flatSlope = !(heapSlope > 1);
  const flat = flatKept && flatSlope;
  const minutes = windowMs / 60_000;
  const mb = (x: number) => (x / 1e6).toFixed(1);
  const says =
    `heap after full GC ${mb(heapStart)} → ${mb(heapEnd)} MB over ${minutes.toFixed(1)} min (${kept >= 0 ? "+" : ""}${mb(kept)} MB, allowed ${mb(allowed)}` +
    `${appended > 0 ? `; ${(kept / appended / 1e3).toFixed(2)} KB for each of the ${appended} reports appended, which the live state keeps` : ""}); ` +
    `second half's slope: heap after major GCs ${judged ? fmt(heapSlope) : "(a window under 2 min is too short to judge)"}, RSS ${fmt(rssSlope)} MB/min → ${flat ? "flat" : flatKept ? "heap still rising at the end" : judged ? "heap kept grows: a leak" : "heap kept grew (under 2 min: too short to call it a leak; run --minutes 10)"}`;
  return { rssSlope, heapSlope, heapStart, heapEnd, minutes, flat, says };
}

const fmt = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? "+" : ""}${x.toFixed(2)}` : "–");
