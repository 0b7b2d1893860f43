import { type AckError, ErrorCode } from "../../../shared/errors";
import { type OutboxEntry, type OutboxStorage, photosPending } from "../outbox/outboxEntry";
import { bodyWithPhotos, forgetUploads, uploadPhotos } from "../outbox/photoSteps";
import type { UploadPhoto } from "../outbox/photoUpload";
import type { CommandAck, SendCommand } from "./sendCommand";
import { outboxVerdict } from "./syncRules";

/** What happened to one entry, for the steward's list. */
export type OutboxChange =
  | { key: string; state: "sent"; ackAt: number }
  | { key: string; state: "refused"; error: AckError }
  /**
   * Still on the phone; `waiting`: the last attempt found no connection or a busy server;
   * `photoPending`: a photo of it has not reached the server yet; `retryAfterMs`: the server asked
   * for that long before the next try (too many uploads): drain again then, not before.
   */
  | { key: string; state: "pending"; waiting: boolean; photoPending?: boolean; retryAfterMs?: number };

export interface OutboxDrainOptions {
  storage: OutboxStorage;
  send: SendCommand;
  /** Uploads an entry's photos before the command that names them; without it, such entries wait. */
  upload?: UploadPhoto;
  now(): number;
  onChange?(change: OutboxChange): void;
  /** Keys on their way, and keys acked: per tab, so a remount does not send an entry twice. */
  inFlight?: Set<string>;
  acked?: Set<string>;
}

export interface OutboxDrain {
  /** Sends every entry not refused and not already on its way; `done` settles when they all have. */
  drain(): Promise<{ entries: OutboxEntry[]; done: Promise<void> }>;
  /** Saves the entry durably, then sends it; `stored` is false when the phone could not keep it. */
  submit(entry: OutboxEntry): Promise<{ stored: boolean; done: Promise<void> }>;
}

/**
 * The outbox's delivery (DESIGN §3): each entry is sent with the key it was saved with until the
 * server acks; it leaves the storage only on an ok ack; a refusal for good keeps it, marked with
 * the reason, and it is not sent again; anything else leaves it for the next drain.
 */
export function createOutboxDrain(o: OutboxDrainOptions): OutboxDrain {
  const inFlight = o.inFlight ?? new Set<string>();
  const acked = o.acked ?? new Set<string>();
  const tell = (change: OutboxChange) => o.onChange?.(change);

  async function deliver(entry: OutboxEntry): Promise<void> {
    if (inFlight.has(entry.key) || acked.has(entry.key)) return;
    inFlight.add(entry.key);
    try {
      const ack = await sendWithPhotos(entry);
      if (!ack) return;
      const verdict = outboxVerdict(ack);
      if (verdict === "remove") {
        acked.add(entry.key);
        tell({ key: entry.key, state: "sent", ackAt: o.now() });
        // If this fails the entry is sent again on the next drain; the server answers "duplicate".
        await o.storage.remove(entry.key).catch(() => undefined);
      } else if (verdict === "refused" && !ack.ok) {
        await refuse(entry, ack.error);
      } else {
        // Signed out or the connection closed: it stays on the phone for the next drain.
        tell({ key: entry.key, state: "pending", waiting: true });
      }
    } finally {
      inFlight.delete(entry.key);
    }
  }

  // To the operation it was made in, whatever this page has opened since (O2).
  const sendOnce = (entry: OutboxEntry) =>
    o.send(entry.command, bodyWithPhotos(entry), {
      key: entry.key,
      opId: entry.opId,
      onRetry: () => tell({ key: entry.key, state: "pending", waiting: true }),
    });

  /**
   * Photos first, each with its own key, then the command naming them, with the entry's key. If
   * the server says a photo is not there (`photo_pending`), they go again and the command is sent
   * again with the same key. Null when the photos could not go yet (the entry waits, "photo pending").
   */
  async function sendWithPhotos(entry: OutboxEntry): Promise<CommandAck | null> {
    if (entry.attachments.length === 0) return sendOnce(entry);
    for (let attempt = 0; attempt < 2; attempt++) {
      const step = await uploadAll(attempt === 0 ? entry : forgetUploads(entry));
      if (step.state === "refused") await refuse(entry, step.error);
      if (step.state !== "ready") return null;
      const ack = await sendOnce(step.entry);
      if (ack.ok || ack.error.code !== ErrorCode.PhotoPending) return ack;
    }
    tell({ key: entry.key, state: "pending", waiting: true, photoPending: true });
    return null;
  }

  /** A photo refused for good (not an image, too large): the report is kept, marked, not sent without it. */
  async function refuse(entry: OutboxEntry, error: AckError): Promise<void> {
    tell({ key: entry.key, state: "refused", error });
    await o.storage.markRefused(entry.key, error).catch(() => undefined);
  }

  async function uploadAll(entry: OutboxEntry) {
    if (!o.upload) return { state: "pending" } as const;
    const step = await uploadPhotos(entry, o.storage, o.upload);
    if (step.state === "pending") {
      const wait = step.retryAfterMs === undefined ? {} : { retryAfterMs: step.retryAfterMs };
      tell({ key: entry.key, state: "pending", waiting: true, photoPending: photosPending(entry), ...wait });
    }
    return step;
  }

  return {
    async drain() {
      const entries = await o.storage.list().catch(() => [] as OutboxEntry[]);
      const done = Promise.all(entries.filter((e) => e.state === "pending").map(deliver)).then(() => undefined);
      return { entries, done };
    },
    async submit(entry) {
      const stored = await o.storage.save(entry).then(
        () => true,
        () => false,
      );
      return { stored, done: deliver(entry) };
    },
  };
}
