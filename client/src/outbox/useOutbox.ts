import { useCallback, useEffect, useRef, useState } from "react";
import type { CommandInput } from "../../../shared/commands";
import type { SendCommand } from "../sync/sendCommand";
import { newCommandKey } from "../sync/sendCommand";
import { type OutboxEntry, pendingEntries, removeEntry, saveEntry } from "./outboxStore";

/** What the steward sees of one report they made on this phone. */
export interface OutboxItem {
  key: string;
  label: string;
  /** What the steward wrote, if anything. */
  text: string;
  reporterTime: number;
  /** saved: on the phone, not yet received; sending: on its way now; sent: acked; refused: the server said no. */
  state: "saved" | "sending" | "sent" | "refused";
  ackAt: number | null;
  error: string | null;
}

const PERMANENT = new Set(["bad_request", "forbidden", "not_found", "conflict", "payload_too_large"]);

/**
 * The outbox as the steward app uses it: `submit` saves a report durably, then sends it; the
 * outbox drains when the app opens, when the network returns, when the socket is live again,
 * and on a Background Sync wake-up where the browser has one. An entry leaves only on the ack.
 */
export function useOutbox(opts: { opId: string; stewardId: string; send: SendCommand; live: boolean; now(): number }) {
  const { opId, stewardId, send, live, now } = opts;
  const [items, setItems] = useState<OutboxItem[]>([]);
  const inFlight = useRef(new Set<string>());

  const update = useCallback((key: string, change: Partial<OutboxItem>) => {
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...change } : i)));
  }, []);

  const deliver = useCallback(
    async (entry: OutboxEntry) => {
      if (inFlight.current.has(entry.key)) return;
      inFlight.current.add(entry.key);
      update(entry.key, { state: "sending" });
      try {
        const ack = await send("report:submit", entry.body, { key: entry.key, onRetry: () => update(entry.key, { state: "saved" }) });
        if (ack.ok) {
          await removeEntry(entry.key);
          update(entry.key, { state: "sent", ackAt: now(), error: null });
        } else if (PERMANENT.has(ack.error.code)) {
          await removeEntry(entry.key);
          update(entry.key, { state: "refused", error: ack.error.message });
        } else {
          update(entry.key, { state: "saved" });
        }
      } finally {
        inFlight.current.delete(entry.key);
      }
    },
    [send, update, now],
  );

  const drain = useCallback(async () => {
    const entries = await pendingEntries(opId, stewardId);
    setItems((list) => {
      const known = new Set(list.map((i) => i.key));
      const restored = entries.filter((e) => !known.has(e.key)).map(toItem);
      return [...restored.reverse(), ...list];
    });
    for (const e of entries) void deliver(e);
  }, [opId, stewardId, deliver]);

  useEffect(
    function drainOnOpenAndWhenOnline() {
      void drain();
      const online = () => void drain();
      window.addEventListener("online", online);
      navigator.serviceWorker?.addEventListener("message", online);
      return () => {
        window.removeEventListener("online", online);
        navigator.serviceWorker?.removeEventListener("message", online);
      };
    },
    [drain],
  );

  useEffect(
    function drainWhenLive() {
      if (live) void drain();
    },
    [live, drain],
  );

  const submit = useCallback(
    async (body: CommandInput<"report:submit">, label: string) => {
      const entry: OutboxEntry = { key: newCommandKey(), opId, stewardId, body, label, savedAt: Date.now(), attachments: [] };
      await saveEntry(entry);
      setItems((list) => [toItem(entry), ...list]);
      requestBackgroundSync();
      void deliver(entry);
    },
    [opId, stewardId, deliver],
  );

  return { items, submit, pending: items.filter((i) => i.state === "saved" || i.state === "sending").length };
}

function toItem(e: OutboxEntry): OutboxItem {
  return {
    key: e.key,
    label: e.label,
    text: e.body.text ?? "",
    reporterTime: e.body.reporterTime,
    state: "saved",
    ackAt: null,
    error: null,
  };
}

/** Chromium only, and only an extra: asks to be woken when the network returns. */
function requestBackgroundSync(): void {
  void navigator.serviceWorker?.ready
    .then((reg) => (reg as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register("cordon-outbox"))
    .catch(() => undefined);
}
