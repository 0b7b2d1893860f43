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

/** A photo's bytes, as an ArrayBuffer (a Blob in IndexedDB is not kept by every browser's private mode). */
interface StoredBlob {
  key: string;
  mime: string;
  data: ArrayBuffer;
}

interface OutboxDb extends DBSchema {
  entries: { key: string; value: OutboxEntry; indexes: { byUser: string } };
  blobs: { key: string; value: StoredBlob };
  reports: { key: string; value: V1Report; indexes: { byOp: string } };
}

/** The same name in the pages and the service worker: both read and write this one store. */
export const OUTBOX_DB = "cordon-outbox";
let opened: Promise<IDBPDatabase<OutboxDb>> | null = null;

function db(): Promise<IDBPDatabase<OutboxDb>> {
  opened ??= openDB<OutboxDb>(OUTBOX_DB, 3, {
    async upgrade(d, oldVersion, _newVersion, tx) {
      // Version 3: photos' bytes, beside the entries that name them.
      if (oldVersion < 3) d.createObjectStore("blobs", { keyPath: "key" });
      if (oldVersion >= 2) return;
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

/**
 * Saves an entry with its photos' bytes in one transaction: the entry is never on disk without
 * them. Resolves only once both are.
 */
export async function saveEntryWithBlobs(entry: OutboxEntry, blobs: ReadonlyMap<string, Blob>): Promise<void> {
  const stored: StoredBlob[] = [];
  for (const [key, blob] of blobs) stored.push({ key, mime: blob.type, data: await blob.arrayBuffer() });
  const tx = (await db()).transaction(["entries", "blobs"], "readwrite", { durability: "strict" });
  await Promise.all([...stored.map((b) => tx.objectStore("blobs").put(b)), tx.objectStore("entries").put(entry), tx.done]);
}

/** A photo's bytes, kept until its entry leaves the outbox. */
export async function blobOf(blobKey: string): Promise<Blob | undefined> {
  const b = await (await db()).get("blobs", blobKey);
  return b ? new Blob([b.data], { type: b.mime }) : undefined;
}

/** Removes an entry and its photos' bytes. */
export async function removeEntry(key: string): Promise<void> {
  const tx = (await db()).transaction(["entries", "blobs"], "readwrite", { durability: "strict" });
  const entry = await tx.objectStore("entries").get(key);
  const blobs = (entry?.attachments ?? []).map((a) => tx.objectStore("blobs").delete(a.blobKey));
  await Promise.all([...blobs, tx.objectStore("entries").delete(key), tx.done]);
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
  const tx = (await db()).transaction(["entries", "blobs"], "readwrite", { durability: "strict" });
  const entries = await tx.objectStore("entries").index("byUser").getAll(userId);
  const blobs = entries.flatMap((e) => e.attachments.map((a) => tx.objectStore("blobs").delete(a.blobKey)));
  await Promise.all([...blobs, ...entries.map((e) => tx.objectStore("entries").delete(e.key)), tx.done]);
}

/**
 * The IndexedDB outbox of one person (every operation they made entries in), as the drain's
 * storage. Only that person's session sends them: another's would put their name on it.
 */
export function idbOutbox(userId: string): OutboxStorage {
  return { list: () => entriesOf(userId), save: saveEntry, remove: removeEntry, markRefused, blob: blobOf };
}
