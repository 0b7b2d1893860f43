import { useCallback, useEffect, useMemo, useState } from "react";
import type { CommandInput, CommandName } from "../../../shared/commands";
import { createOutboxDrain, type OutboxChange } from "../sync/outboxDrain";
import { newCommandKey, type SendCommand } from "../sync/sendCommand";
import { toast } from "../ui/toasts";
import { backgroundSyncTag, requestBackgroundSync } from "./backgroundSync";
import { type AttachmentRef, newOutboxEntry, type OutboxEntry, photosPending } from "./outboxEntry";
import { idbOutbox, removeEntry, saveEntryWithBlobs } from "./outboxStore";
import { httpUploadPhoto } from "./photoUpload";

/** What the person sees of one entry they made on this phone. */
export interface OutboxItem {
  key: string;
  opId: string;
  opName: string;
  command: CommandName;
  /** The command's input as made (e.g. the status an officer tapped, to light it while unsent). */
  body?: unknown;
  label: string;
  /** What they wrote, if anything. */
  text: string;
  madeAt: number;
  /** A report's own time (how the server's copy is matched to it); null for other commands. */
  reporterTime: number | null;
  /** pending: on the phone, not yet acked; sent: acked by the server; refused: the server said no for good. */
  state: "pending" | "sent" | "refused";
  /** The last attempt found no connection or got no ack in time: it waits on the phone for the next try. */
  waiting: boolean;
  /** How many photos go with it. */
  photos?: number;
  /** A photo of it has not reached the server yet: it says "photo pending". */
  photoPending?: boolean;
  /** The server asked the phone to wait (too many uploads): it sends again by itself at this time (ms). */
  retryAt?: number | null;
  ackAt: number | null;
  error: string | null;
}

/** What the service worker posts to open pages once it has drained the outbox (sw.ts). */
const SYNC_MESSAGE = "cordon-outbox-sync";

// Per tab, not per component: a remount (or StrictMode's second effect) must not send an entry
// that is already on its way. Two tabs may both send it; the server dedupes by key.
const inFlight = new Set<string>();
const acked = new Set<string>();
// The page uploads photos over HTTP too: the socket carries commands, not megabytes.
const upload = httpUploadPhoto((u, i) => fetch(u, i));

export interface UseOutboxOptions {
  /** The operation this page is on: new entries are bound to it (old ones keep theirs). */
  opId: string;
  opName: string;
  userId: string;
  send: SendCommand;
  live: boolean;
  now(): number;
}

/**
 * The outbox as a phone app uses it, over the sync engine's drain (sync/outboxDrain.ts):
 * `submit` saves a command durably, then sends it to its own operation; the outbox drains when the
 * app opens, when the network returns, when the socket is live again (after the hello), and from
 * the service worker on a Background Sync wake-up where the browser has one (Chromium). An entry
 * leaves only on the server's ack. `backgroundSync` says whether the browser promised to send
 * with the app closed: only then may the app say so.
 */
export function useOutbox(opts: UseOutboxOptions) {
  const { opId, opName, userId, send, live, now } = opts;
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [backgroundSync, setBackgroundSync] = useState(false);
  // When the server asked the phone to wait (429, too many uploads): the outbox drains again then.
  const [retryAt, setRetryAt] = useState<number | null>(null);

  const askForBackgroundSync = useCallback(() => {
    void requestBackgroundSync(backgroundSyncTag).then((ok) => ok && setBackgroundSync(true));
  }, []);

  const onChange = useCallback(
    (change: OutboxChange) => {
      setItems((list) => list.map((i) => (i.key === change.key ? { ...i, ...itemChange(change, Date.now()) } : i)));
      const wait = change.state === "pending" ? change.retryAfterMs : undefined;
      // The server is there and asked us to wait: drain again then. Not a Background Sync, which
      // fires at once while online and would send the same upload straight back into the 429.
      if (wait !== undefined) setRetryAt((at) => Math.max(at ?? 0, Date.now() + wait));
      // The send found no connection, or no ack came: have the browser wake us when signal returns.
      else if (change.state === "pending" && change.waiting) askForBackgroundSync();
    },
    [askForBackgroundSync],
  );

  const outbox = useMemo(
    () => createOutboxDrain({ storage: idbOutbox(userId), send, upload, now, onChange, inFlight, acked }),
    [userId, send, now, onChange],
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

  useEffect(
    function drainWhenTheServerSaid() {
      if (retryAt === null) return;
      const timer = setTimeout(
        () => {
          setRetryAt(null);
          void drain();
        },
        Math.max(0, retryAt - Date.now()),
      );
      return () => clearTimeout(timer);
    },
    [retryAt, drain],
  );

  const submit = useCallback(
    async <N extends CommandName>(command: N, body: CommandInput<N>, label: string, photos: readonly Blob[] = []) => {
      // Each photo has its own key: the upload's idempotency key and where its bytes are kept.
      const blobs = new Map(photos.map((p) => [newCommandKey(), p] as const));
      const attachments: AttachmentRef[] = [...blobs].map(([blobKey, p]) => ({ blobKey, mime: p.type, bytes: p.size, sha256: null }));
      const entry = newOutboxEntry({ key: newCommandKey(), opId, opName, userId, command, body, madeAt: Date.now(), label, attachments });
      // The photos' bytes are on disk with the entry before it is shown "Saved on this phone" (a
      // few hundred kB take longer to write than words) and before anything is sent.
      const kept =
        blobs.size > 0
          ? await saveEntryWithBlobs(entry, blobs).then(
              () => true,
              () => false,
            )
          : true;
      setItems((list) => [toItem(entry), ...list]);
      // Only when it cannot go now: the browser then wakes the service worker when signal returns.
      if (!live || !navigator.onLine) askForBackgroundSync();
      const { stored } = await outbox.submit(entry);
      // Private browsing or a full disk: it is still sent, but do not pretend it is safe on the phone.
      if (!stored || !kept) toast("This phone could not store it. Keep Cordon open until it says Sent ✓.", "warning", 12_000);
    },
    [opId, opName, userId, outbox, live, askForBackgroundSync],
  );

  const dismiss = useCallback(async (key: string) => {
    await removeEntry(key).catch(() => undefined);
    setItems((list) => list.filter((i) => i.key !== key));
  }, []);

  const pending = items.filter((i) => i.state === "pending").length;
  return { items, submit, dismiss, pending, backgroundSync: backgroundSync && pending > 0 };
}

function itemChange(change: OutboxChange, at: number): Partial<OutboxItem> {
  if (change.state === "sent")
    return { state: "sent", waiting: false, photoPending: false, ackAt: change.ackAt, error: null, retryAt: null };
  if (change.state === "refused") return { state: "refused", waiting: false, error: change.error.message, retryAt: null };
  const retryAt = change.retryAfterMs === undefined ? null : at + change.retryAfterMs;
  return change.photoPending === undefined
    ? { waiting: change.waiting, retryAt }
    : { waiting: change.waiting, photoPending: change.photoPending, retryAt };
}

function toItem(e: OutboxEntry): OutboxItem {
  const body = e.body as { text?: string; reporterTime?: number };
  return {
    key: e.key,
    opId: e.opId,
    opName: e.opName,
    command: e.command,
    body: e.body,
    label: e.label,
    text: body.text ?? "",
    madeAt: e.madeAt,
    reporterTime: body.reporterTime ?? null,
    state: e.state,
    waiting: false,
    photos: e.attachments.length,
    photoPending: photosPending(e),
    ackAt: null,
    error: e.failure?.message ?? null,
  };
}
