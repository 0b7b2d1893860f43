/**
 * Times for evidence: ISO 8601 in London time with its UTC offset (`2023-10-17T21:14:00+01:00`),
 * so a reader never has to guess the zone, and the same instant in plain words.
 */
const parts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function fields(ms: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of parts.formatToParts(new Date(ms))) out[p.type] = p.value;
  return out;
}

/** Minutes London is ahead of UTC at `ms` (0 in winter, 60 in summer). */
export function londonOffsetMinutes(ms: number): number {
  const f = fields(ms);
  const asUtc = Date.UTC(Number(f.year), Number(f.month) - 1, Number(f.day), Number(f.hour), Number(f.minute), Number(f.second));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** `2023-10-17T21:14:00+01:00`. */
export function londonIso(ms: number): string {
  const f = fields(ms);
  const offset = londonOffsetMinutes(ms);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${f.year}-${f.month}-${f.day}T${f.hour}:${f.minute}:${f.second}${zone}`;
}

/** `17 Oct 2023 21:14:00 BST` — for sentences. */
export function londonWords(ms: number): string {
  const f = fields(ms);
  const month = new Date(ms).toLocaleString("en-GB", { timeZone: "Europe/London", month: "short" });
  const zone = londonOffsetMinutes(ms) === 60 ? "BST" : londonOffsetMinutes(ms) === 0 ? "GMT" : londonIso(ms).slice(19);
  return `${Number(f.day)} ${month} ${f.year} ${f.hour}:${f.minute}:${f.second} ${zone}`;
}
