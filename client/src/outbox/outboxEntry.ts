import type { CommandInput } from "../../../shared/commands";
import type { AckError } from "../../../shared/errors";

/**
 * A photo or file that travels with a report. Not used yet: when photos come, the Blob goes in
 * its own object store under `blobKey`, is uploaded through the authenticated upload route with
 * its own key, and the entry leaves the outbox only when the upload and the report are both acked.
 */
export interface AttachmentRef {
  blobKey: string;
  mime: string;
  bytes: number;
}

/**
 * The steward's outbox (DESIGN §3): a report is written here, durably, before it is sent, and
 * leaves only when the server's ack arrives. It survives a reload, a dead battery's restart and
 * a page opened with no network. Each entry keeps the idempotency key it will always be sent
 * with, so however often it is resent the server applies it once.
 */
export interface OutboxEntry {
  key: string;
  opId: string;
  stewardId: string;
  body: CommandInput<"report:submit">;
  /** Shown to the steward: what and where. */
  label: string;
  savedAt: number;
  attachments: AttachmentRef[];
  /**
   * Set when the server refused it for good (bad_request, forbidden, …): it is no longer sent,
   * but stays on the phone so the steward can read why, until they dismiss it.
   */
  failure?: AckError | null;
}

/** Where outbox entries are kept: IndexedDB in the browser (outboxStore.ts), a Map in the tests. */
export interface OutboxStorage {
  /** This steward's entries for the operation (unsent and refused), oldest first. */
  list(): Promise<OutboxEntry[]>;
  /** Resolves only once the entry is on disk. */
  save(entry: OutboxEntry): Promise<void>;
  remove(key: string): Promise<void>;
  /** Keeps a refused entry, marked, so it is shown with the reason and never sent again. */
  markFailed(key: string, failure: AckError): Promise<void>;
}
