import type { CommandInput } from "../../../shared/commands";
import { type AckError, ErrorCode } from "../../../shared/errors";
import type { OutboxEntry, OutboxStorage } from "./outboxEntry";
import type { UploadPhoto } from "./photoUpload";

/** Where an entry's photos are: all on the server, some still to go, or one refused for good. */
export type PhotoStep =
  | { state: "ready"; entry: OutboxEntry }
  /** `retryAfterMs`: the server asked the phone to wait that long before the next try. */
  | { state: "pending"; retryAfterMs?: number }
  | { state: "refused"; error: AckError };

/**
 * The first step of sending an entry with photos: uploads each photo not yet on the server, with
 * its own key, and keeps each answer (the hash) on the entry at once, so a photo that went is not
 * sent again after a lost connection. A photo whose bytes are gone from the phone cannot be sent:
 * the report is refused here rather than sent without it.
 */
export async function uploadPhotos(entry: OutboxEntry, storage: OutboxStorage, upload: UploadPhoto): Promise<PhotoStep> {
  let current = entry;
  for (const [i, a] of entry.attachments.entries()) {
    if (a.sha256 !== null) continue;
    const blob = await storage.blob?.(a.blobKey).catch(() => undefined);
    if (!blob)
      return { state: "refused", error: { code: ErrorCode.NotFound, message: "A photo on this report is no longer on this phone." } };
    const r = await upload(entry.opId, blob, a.blobKey);
    if (!r.ok) {
      if (r.final) return { state: "refused", error: r.error };
      return r.retryAfterMs === undefined ? { state: "pending" } : { state: "pending", retryAfterMs: r.retryAfterMs };
    }
    const attachments = current.attachments.map((b, j) => (j === i ? { ...b, sha256: r.sha256 } : b));
    current = { ...current, attachments };
    await storage.save(current).catch(() => undefined);
  }
  return { state: "ready", entry: current };
}

/** The command's body as sent: a report names its photos by hash, in the order they were taken. */
export function bodyWithPhotos(entry: OutboxEntry): CommandInput<typeof entry.command> {
  if (entry.attachments.length === 0) return entry.body;
  return { ...(entry.body as object), photos: entry.attachments.map((a) => a.sha256) } as CommandInput<typeof entry.command>;
}

/** After `photo_pending` (the server lost or never got one): every photo goes again. */
export function forgetUploads(entry: OutboxEntry): OutboxEntry {
  return { ...entry, attachments: entry.attachments.map((a) => ({ ...a, sha256: null })) };
}
