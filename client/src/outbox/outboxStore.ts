import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { CommandInput } from "../../../shared/commands";

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
  /** Room for a photo later: a reference to a blob stored beside the entry. */
  attachments: string[];
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

/** This steward's unsent reports for an operation, oldest first. */
export async function pendingEntries(opId: string, stewardId: string): Promise<OutboxEntry[]> {
  const all = await (await db()).getAllFromIndex("reports", "byOp", opId);
  return all.filter((e) => e.stewardId === stewardId).sort((a, b) => a.savedAt - b.savedAt);
}
