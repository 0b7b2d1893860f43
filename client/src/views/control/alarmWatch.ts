/**
 * Which breaches should sound. The screen remembers the breaches it has seen since it first went
 * live: those loaded with the operation are old news (the banner shows them, silently); a breach
 * that arrives after that sounds once, unless the screen is muted. Pure, so it can be tested.
 */
export interface AlarmMemory {
  /** Breach keys seen, or null until the screen's first sync. */
  seen: ReadonlySet<string> | null;
}

export interface AlarmStep {
  memory: AlarmMemory;
  /** The breaches to sound for now (empty when muted or nothing is new). */
  sound: string[];
}

export function alarmStep(memory: AlarmMemory, keys: readonly string[], live: boolean, muted: boolean): AlarmStep {
  if (memory.seen === null) return { memory: live ? { seen: new Set(keys) } : memory, sound: [] };
  const fresh = keys.filter((k) => !memory.seen?.has(k));
  if (fresh.length === 0) return { memory, sound: [] };
  return { memory: { seen: new Set([...memory.seen, ...fresh]) }, sound: muted ? [] : fresh };
}
