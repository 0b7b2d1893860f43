import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { z } from "zod";
import type { CommandInput } from "../../../../shared/commands";
import type { Alert } from "../../../../shared/state";
import { playTones, type TonePattern } from "../../ui/tones";
import { alertsToSound, PRIORITY_WORD, seenOnPhone } from "./alertOrder";

/**
 * A phone's own receipts (issue 11 item 4, issue 12 item 4). Pressing Seen marks the alert seen on
 * this phone at once (kept in localStorage per person and operation, so a reload still knows) and
 * puts an `alert:seen` through the outbox like a report: offline, it waits on the phone and
 * arrives once. The server never tells a phone who else has seen an alert, so this is the only
 * place a phone learns its own.
 */

type Submit = (command: "alert:seen", body: CommandInput<"alert:seen">, label: string) => Promise<void>;

const SeenIds = z.array(z.string().max(80)).max(2000);
const storageKey = (userId: string, opId: string) => `cordon-seen:${userId}:${opId}`;

function load(key: string): Set<string> {
  try {
    const parsed = SeenIds.safeParse(JSON.parse(localStorage.getItem(key) ?? "[]"));
    return new Set(parsed.success ? parsed.data : []);
  } catch {
    return new Set();
  }
}

export function useAlertReceipts(userId: string, opId: string, alerts: readonly Alert[], submit: Submit) {
  const key = storageKey(userId, opId);
  const [marked, setMarked] = useState<ReadonlySet<string>>(() => load(key));
  useEffect(() => setMarked(load(key)), [key]);
  const seen = useMemo(() => seenOnPhone(alerts, marked), [alerts, marked]);

  const markSeen = useCallback(
    (alert: Alert) => {
      setMarked((before) => {
        if (before.has(alert.id)) return before;
        const after = new Set(before).add(alert.id);
        try {
          localStorage.setItem(key, JSON.stringify([...after]));
        } catch {
          // Private browsing or a full disk: the receipt still goes through the outbox.
        }
        return after;
      });
      void submit("alert:seen", { alertId: alert.id }, `Seen: ${PRIORITY_WORD[alert.priority]} ${alert.text.slice(0, 60)}`);
    },
    [key, submit],
  );
  return { seen, markSeen };
}

declare global {
  interface Window {
    /** How many alerts this page has sounded: the browser tests read it. */
    cordonAlertSounds?: number;
  }
}

/** Long-long: distinct from the officer's assignment call. */
const VIBRATION_MS = [600, 200, 600];
const CHIME: TonePattern = {
  tones: [
    { at: 0, hz: 880 },
    { at: 0.35, hz: 880 },
    { at: 0.7, hz: 1175 },
  ],
  seconds: 0.25,
  wave: "square",
  peak: 0.4,
};

/** Sounds and vibrates once for each new unseen urgent or warning alert, where the device allows. */
export function useAlertSound(alerts: readonly Alert[], seen: ReadonlySet<string>): void {
  const heard = useRef(new Set<string>());
  useEffect(() => {
    const fresh = alertsToSound(alerts, seen, heard.current);
    if (fresh.length === 0) return;
    for (const a of fresh) heard.current.add(a.id);
    window.cordonAlertSounds = (window.cordonAlertSounds ?? 0) + 1;
    if (typeof navigator.vibrate === "function") navigator.vibrate(VIBRATION_MS);
    playTones(CHIME);
  }, [alerts, seen]);
}

/** The server's time as this phone knows it, once a minute: enough for alerts to expire on time. */
export function useMinuteClock(now: () => number): number {
  const [t, setT] = useState(now);
  useEffect(() => {
    const id = setInterval(() => setT(now()), 60_000);
    return () => clearInterval(id);
  }, [now]);
  return t;
}
