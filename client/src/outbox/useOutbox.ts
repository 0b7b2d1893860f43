import { useCallback, useEffect, useState } from "react";
import type { CommandInput } from "../../../shared/commands";
import { ErrorCode } from "../../../shared/errors";
import type { SendCommand } from "../sync/sendCommand";
import { newCommandKey } from "../sync/sendCommand";
import { toast } from "../ui/toasts";
import { entriesFor, markFailed, type OutboxEntry, removeEntry, saveEntry } from "./outboxStore";

/** What the steward sees of one report they made on this phone. */
export interface OutboxItem {
  key: string;
  label: string;
  /** What the steward wrote, if anything. */
  text: string;
  reporterTime: number;
  /** pending: on the phone, not yet acked; sent: acked by the server; refused: the server said no for good. */
  state: "pending" | "sent" | "refused";
  /** The last attempt found no connection or a busy server: it waits on the phone for the next try. */
  waiting: boolean;
  ackAt: number | null;
  error: string | null;
}

/** Refusals that another attempt would not change; anything else is retried with the same key. */
const PERMANENT = new Set<string>([ErrorCode.BadRequest, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.Conflict, ErrorCode.TooLarge]);
const SYNC_TAG = "cordon-outbox";
/** What public/outbox-sync.js posts to open pages when Background Sync wakes the worker. */
const SYNC_MESSAGE = "cordon-outbox-sync";

// Per tab, not per component: a remount (or StrictMode's second effect) must not send an entry
// that is already on its way. Two tabs may both send it; the server dedupes by key.
const inFlight = new Set<string>();
const acked = new Set<string>();

/**
 * The outbox as the steward app uses it: `submit` saves a report durably, then sends it; the
 * outbox drains when the app opens, when the network returns, when the socket is live again
 * (after the hello), and on a Background Sync wake-up where the browser has one. An entry leaves
 * only on the server's ack.
 */
export function useOutbox(opts: { opId: string; stewardId: string; send: SendCommand; live: boolean; now(): number }) {
  const { opId, stewardId, send, live, now } = opts;
  const [items, setItems] = useState<OutboxItem[]>([]);

  const update = useCallback((key: string, change: Partial<OutboxItem>) => {
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...change } : i)));
  }, []);

  const deliver = useCallback(
    async (entry: OutboxEntry) => {
      if (inFlight.has(entry.key) || acked.has(entry.key)) return;
      inFlight.add(entry.key);
      try {
        const ack = await send("report:submit", entry.body, { key: entry.key, onRetry: () => update(entry.key, { waiting: true }) });
        if (ack.ok) {
          acked.add(entry.key);
          update(entry.key, { state: "sent", waiting: false, ackAt: now(), error: null });
          // If this fails the entry is sent again on the next open; the server answers "duplicate".
          await removeEntry(entry.key).catch(() => undefined);
        } else if (PERMANENT.has(ack.error.code)) {
          update(entry.key, { state: "refused", waiting: false, error: ack.error.message });
          await markFailed(entry.key, ack.error).catch(() => undefined);
        } else {
          // Signed out or the connection closed: it stays on the phone for the next drain.
          update(entry.key, { waiting: true });
        }
      } finally {
        inFlight.delete(entry.key);
      }
    },
    [send, update, now],
  );

  const drain = useCallback(async () => {
    const entries = await entriesFor(opId, stewardId).catch(() => []);
    setItems((list) => {
      const known = new Set(list.map((i) => i.key));
      const restored = entries.filter((e) => !known.has(e.key)).map(toItem);
      return [...restored.reverse(), ...list];
    });
    for (const e of entries) if (!e.failure) void deliver(e);
  }, [opId, stewardId, deliver]);

  useEffect(
    function drainOnOpenOnlineAndSyncWakeUp() {
      void drain();
      const online = () => void drain();
      const fromWorker = (e: MessageEvent) => {
        if ((e.data as { type?: string } | null)?.type === SYNC_MESSAGE) void drain();
      };
      window.addEventListener("online", online);
      navigator.serviceWorker?.addEventListener("message", fromWorker);
      return () => {
        window.removeEventListener("online", online);
        navigator.serviceWorker?.removeEventListener("message", fromWorker);
      };
    },
    [drain],
  );

  useEffect(
    function drainWhenLive() {
      if (!live) return;
      // Sends waiting for the connection resume by themselves now; show them as sending.
      setItems((list) => list.map((i) => (i.waiting ? { ...i, waiting: false } : i)));
      void drain();
    },
    [live, drain],
  );

  const submit = useCallback(
    async (body: CommandInput<"report:submit">, label: string) => {
      const entry: OutboxEntry = {
        key: newCommandKey(),
        opId,
        stewardId,
        body,
        label,
        savedAt: Date.now(),
        attachments: [],
        failure: null,
      };
      try {
        await saveEntry(entry);
      } catch {
        // Private browsing or a full disk: still send it, but do not pretend it is safe on the phone.
        toast("This phone could not store the report. Keep the app open until it shows Sent ✓.", "warning", 12_000);
      }
      setItems((list) => [toItem(entry), ...list]);
      requestBackgroundSync();
      void deliver(entry);
    },
    [opId, stewardId, deliver],
  );

  const dismiss = useCallback(async (key: string) => {
    await removeEntry(key).catch(() => undefined);
    setItems((list) => list.filter((i) => i.key !== key));
  }, []);

  return { items, submit, dismiss, pending: items.filter((i) => i.state === "pending").length };
}

function toItem(e: OutboxEntry): OutboxItem {
  const failed = e.failure ?? null;
  return {
    key: e.key,
    label: e.label,
    text: e.body.text ?? "",
    reporterTime: e.body.reporterTime,
    state: failed ? "refused" : "pending",
    waiting: false,
    ackAt: null,
    error: failed?.message ?? null,
  };
}

/** Chromium only, and only an extra: asks to be woken when the network returns. */
function requestBackgroundSync(): void {
  void navigator.serviceWorker?.ready
    .then((reg) => (reg as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register(SYNC_TAG))
    .catch(() => undefined);
}
