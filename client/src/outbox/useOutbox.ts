import { useCallback, useEffect, useMemo, useState } from "react";
import type { CommandInput } from "../../../shared/commands";
import { createOutboxDrain, type OutboxChange } from "../sync/outboxDrain";
import { newCommandKey, type SendCommand } from "../sync/sendCommand";
import { toast } from "../ui/toasts";
import type { OutboxEntry } from "./outboxEntry";
import { idbOutbox, removeEntry } from "./outboxStore";

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

const SYNC_TAG = "cordon-outbox";
/** What public/outbox-sync.js posts to open pages when Background Sync wakes the worker. */
const SYNC_MESSAGE = "cordon-outbox-sync";

// Per tab, not per component: a remount (or StrictMode's second effect) must not send an entry
// that is already on its way. Two tabs may both send it; the server dedupes by key.
const inFlight = new Set<string>();
const acked = new Set<string>();

/**
 * The outbox as the steward app uses it, over the sync engine's drain (sync/outboxDrain.ts):
 * `submit` saves a report durably, then sends it; the outbox drains when the app opens, when the
 * network returns, when the socket is live again (after the hello), and on a Background Sync
 * wake-up where the browser has one. An entry leaves only on the server's ack.
 */
export function useOutbox(opts: { opId: string; stewardId: string; send: SendCommand; live: boolean; now(): number }) {
  const { opId, stewardId, send, live, now } = opts;
  const [items, setItems] = useState<OutboxItem[]>([]);

  const onChange = useCallback((change: OutboxChange) => {
    setItems((list) => list.map((i) => (i.key === change.key ? { ...i, ...itemChange(change) } : i)));
  }, []);

  const outbox = useMemo(
    () => createOutboxDrain({ storage: idbOutbox(opId, stewardId), send, now, onChange, inFlight, acked }),
    [opId, stewardId, send, now, onChange],
  );

  const drain = useCallback(async () => {
    const { entries } = await outbox.drain();
    setItems((list) => {
      const known = new Set(list.map((i) => i.key));
      const restored = entries.filter((e) => !known.has(e.key)).map(toItem);
      return [...restored.reverse(), ...list];
    });
  }, [outbox]);

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
      setItems((list) => [toItem(entry), ...list]);
      requestBackgroundSync();
      const { stored } = await outbox.submit(entry);
      // Private browsing or a full disk: it is still sent, but do not pretend it is safe on the phone.
      if (!stored) toast("This phone could not store the report. Keep the app open until it shows Sent ✓.", "warning", 12_000);
    },
    [opId, stewardId, outbox],
  );

  const dismiss = useCallback(async (key: string) => {
    await removeEntry(key).catch(() => undefined);
    setItems((list) => list.filter((i) => i.key !== key));
  }, []);

  return { items, submit, dismiss, pending: items.filter((i) => i.state === "pending").length };
}

function itemChange(change: OutboxChange): Partial<OutboxItem> {
  if (change.state === "sent") return { state: "sent", waiting: false, ackAt: change.ackAt, error: null };
  if (change.state === "refused") return { state: "refused", waiting: false, error: change.error.message };
  return { waiting: change.waiting };
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
