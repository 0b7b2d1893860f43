import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { AckError } from "../../../shared/errors";
import type { OutboxEntry, OutboxStorage } from "./outboxEntry";

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

/** The IndexedDB outbox of one steward in one operation, as the sync engine's storage. */
export function idbOutbox(opId: string, stewardId: string): OutboxStorage {
  return {
    list: () => entriesFor(opId, stewardId),
    save: saveEntry,
    remove: removeEntry,
    markFailed,
  };
}
