import { type DBSchema, type IDBPDatabase, openDB } from "idb";
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

interface OutboxDb extends DBSchema {
  reports: { key: string; value: OutboxEntry; indexes: { byOp: string } };
}

const DB_NAME = "cordon-outbox";
let opened: Promise<IDBPDatabase<OutboxDb>> | null = null;

function db(): Promise<IDBPDatabase<OutboxDb>> {
  opened ??= openDB<OutboxDb>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore("reports", { keyPath: "key" }).createIndex("byOp", "opId");
    },
  });
  return opened;
}

/** Saves an entry; resolves only once it is on disk ("strict" durability, not just in the OS cache). */
export async function saveEntry(entry: OutboxEntry): Promise<void> {
  const tx = (await db()).transaction("reports", "readwrite", { durability: "strict" });
  await Promise.all([tx.store.put(entry), tx.done]);
}

export async function removeEntry(key: string): Promise<void> {
  const tx = (await db()).transaction("reports", "readwrite", { durability: "strict" });
  await Promise.all([tx.store.delete(key), tx.done]);
}

/** Keeps a refused entry, marked, so it is shown with the reason and never sent again. */
export async function markFailed(key: string, failure: AckError): Promise<void> {
  const tx = (await db()).transaction("reports", "readwrite", { durability: "strict" });
  const entry = await tx.store.get(key);
  await Promise.all([entry ? tx.store.put({ ...entry, failure }) : undefined, tx.done]);
}

/** This steward's entries for an operation (unsent and refused), oldest first. */
export async function entriesFor(opId: string, stewardId: string): Promise<OutboxEntry[]> {
  const all = await (await db()).getAllFromIndex("reports", "byOp", opId);
  return all.filter((e) => e.stewardId === stewardId).sort((a, b) => a.savedAt - b.savedAt);
}
