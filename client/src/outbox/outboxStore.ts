import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { AckError } from "../../../shared/errors";
import type { OutboxEntry, OutboxStorage } from "./outboxEntry";

/** Version 1 kept steward reports only, in "reports"; kept here to carry them over. */
interface V1Report {
  key: string;
  opId: string;
  stewardId: string;
  body: OutboxEntry<"report:submit">["body"];
  label: string;
  savedAt: number;
  failure?: AckError | null;
}

interface OutboxDb extends DBSchema {
  entries: { key: string; value: OutboxEntry; indexes: { byUser: string } };
  reports: { key: string; value: V1Report; indexes: { byOp: string } };
}

/** The same name in the pages and the service worker: both read and write this one store. */
export const OUTBOX_DB = "cordon-outbox";
let opened: Promise<IDBPDatabase<OutboxDb>> | null = null;

function db(): Promise<IDBPDatabase<OutboxDb>> {
  opened ??= openDB<OutboxDb>(OUTBOX_DB, 2, {
    async upgrade(d, oldVersion, _newVersion, tx) {
      const entries = d.createObjectStore("entries", { keyPath: "key" });
      entries.createIndex("byUser", "userId");
      if (oldVersion < 1) return;
      // A phone updated with reports still unsent: they keep their key and their operation.
      const old = await tx.objectStore("reports").getAll();
      for (const r of old) await tx.objectStore("entries").put(fromV1(r));
      d.deleteObjectStore("reports");
    },
  });
  return opened;
}

function fromV1(r: V1Report): OutboxEntry {
  const failure = r.failure ?? null;
  return {
    key: r.key,
    opId: r.opId,
    opName: "",
    userId: r.stewardId,
    command: "report:submit",
    body: r.body,
    madeAt: r.savedAt,
    state: failure ? "refused" : "pending",
    failure,
    label: r.label,
    attachments: [],
  };
}

/** Saves an entry; resolves only once it is on disk ("strict" durability, not just in the OS cache). */
export async function saveEntry(entry: OutboxEntry): Promise<void> {
  const tx = (await db()).transaction("entries", "readwrite", { durability: "strict" });
  await Promise.all([tx.store.put(entry), tx.done]);
}

export async function removeEntry(key: string): Promise<void> {
  const tx = (await db()).transaction("entries", "readwrite", { durability: "strict" });
  await Promise.all([tx.store.delete(key), tx.done]);
}

/** Keeps a refused entry, marked, so it is shown with the reason and never sent again. */
export async function markRefused(key: string, failure: AckError): Promise<void> {
  const tx = (await db()).transaction("entries", "readwrite", { durability: "strict" });
  const entry = await tx.store.get(key);
  await Promise.all([entry ? tx.store.put({ ...entry, state: "refused", failure }) : undefined, tx.done]);
}

/** One person's entries in every operation (pending and refused), oldest first. */
export async function entriesOf(userId: string): Promise<OutboxEntry[]> {
  const all = await (await db()).getAllFromIndex("entries", "byUser", userId);
  return all.sort((a, b) => a.madeAt - b.madeAt);
}

/** Clears one person's entries (a sign-out that chose to discard them). */
export async function clearEntriesOf(userId: string): Promise<void> {
  const tx = (await db()).transaction("entries", "readwrite", { durability: "strict" });
  const keys = await tx.store.index("byUser").getAllKeys(userId);
  await Promise.all([...keys.map((k) => tx.store.delete(k)), tx.done]);
}

/**
 * The IndexedDB outbox of one person (every operation they made entries in), as the drain's
 * storage. Only that person's session sends them: another's would put their name on it.
 */
export function idbOutbox(userId: string): OutboxStorage {
  return { list: () => entriesOf(userId), save: saveEntry, remove: removeEntry, markRefused };
}
