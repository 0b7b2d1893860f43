/** A GPS fix older than this is not used for a report without saying so (issue 12 item 5). */
export const STALE_FIX_MS = 60_000;

export function isStale(at: number, now: number): boolean {
  return now - at > STALE_FIX_MS;
}

/** "now", "25 s ago", "3 min ago": how old a fix is, for the button and the report's label. */
export function fixAgeText(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 5) return "now";
  if (s < 60) return `${s} s ago`;
  return `${Math.floor(s / 60)} min ago`;
}
