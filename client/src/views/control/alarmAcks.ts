import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import { useBoard } from "../../store/hooks";

/**
 * What this screen has done about attendance alarms: which breaches it acknowledged and whether
 * its sound is muted. Per screen, in localStorage: acknowledging hides a banner here and changes
 * nothing in the log (another controller's screen still shows it).
 */

const ACK_KEY = (opId: string) => `cordon.alarmAcks.${opId}`;
const MUTE_KEY = "cordon.alarmMuted";
/** Enough for any operation; the oldest are forgotten first. */
const MAX_ACKS = 1000;

/** A breach, as the banner and the queue name it: incident id and target. */
export const breachKey = (incidentId: string, target: string): string => `${incidentId}|${target}`;

const EMPTY: ReadonlySet<string> = new Set();
const cache = new Map<string, ReadonlySet<string>>();

function readAcks(opId: string): ReadonlySet<string> {
  const known = cache.get(opId);
  if (known) return known;
  let keys: string[] = [];
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(ACK_KEY(opId)) ?? "[]");
    if (Array.isArray(raw)) keys = raw.filter((k): k is string => typeof k === "string");
  } catch {
    // A damaged entry acknowledges nothing: the alarms show again, which is the safe side.
  }
  const set = new Set(keys);
  cache.set(opId, set);
  return set;
}

function readMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === "1";
  } catch {
    return false;
  }
}

const store = createStore<{ version: number; muted: boolean }>()(() => ({ version: 0, muted: readMuted() }));

export function acknowledge(opId: string, keys: readonly string[]): void {
  const next = [...readAcks(opId), ...keys].slice(-MAX_ACKS);
  cache.set(opId, new Set(next));
  try {
    localStorage.setItem(ACK_KEY(opId), JSON.stringify(next));
  } catch {
    // Storage full or blocked: the acknowledgement holds for this page's life.
  }
  store.setState((s) => ({ version: s.version + 1 }));
}

export function setAlarmMuted(muted: boolean): void {
  try {
    localStorage.setItem(MUTE_KEY, muted ? "1" : "0");
  } catch {
    // As above: muted for this page's life.
  }
  store.setState({ muted });
}

export const isAlarmMuted = (): boolean => store.getState().muted;
export const toggleAlarmMute = (): void => setAlarmMuted(!isAlarmMuted());

/** The breaches this screen acknowledged in the current operation. */
export function useAcknowledged(): ReadonlySet<string> {
  const opId = useBoard((b) => b.opId);
  useStore(store, (s) => s.version);
  return opId ? readAcks(opId) : EMPTY;
}

export const useAlarmMuted = (): boolean => useStore(store, (s) => s.muted);
