/**
 * The phone's outbox (DESIGN §3), shared by every app that sends while it may have no signal: the
 * steward's reports, the officer's statuses and notes, alert receipts.
 *
 * An entry is ONE command the person made, written durably BEFORE it is sent:
 *   - `key`     the idempotency key it is always sent with, however often (the server applies it once);
 *   - `opId`    the operation it was made in: it is delivered to that operation and no other, even
 *               when the phone has since opened a newer one;
 *   - `command` + `body`  the command's name and input as shared/commands.ts defines them;
 *   - `userId`  who made it (a phone may be handed to the next person on shift);
 *   - `madeAt`  when it was made (the device's clock, ms);
 *   - `state`   "pending" (on the phone, to be sent) or "refused" (the server said no for good:
 *               not_found, forbidden, bad_request, conflict, too_large; see sync/syncRules.ts).
 *               A refused entry keeps `failure` (the reason, shown to the person), is never sent
 *               again, and stays until the person dismisses it.
 * An entry leaves the outbox only on the server's ok ack (a duplicate ack counts). Transient
 * answers (no connection, unavailable, rate_limited, signed out) leave it pending.
 *
 * Use: `createOutboxDrain({ storage: idbOutbox(userId), send, now })` (sync/outboxDrain.ts) and
 * `newOutboxEntry(...)` below; the service worker drains the same IndexedDB store over HTTP.
 */
import type { CommandInput, CommandName } from "../../../shared/commands";
import type { AckError } from "../../../shared/errors";

/**
 * A photo that travels with an entry (a steward's report). Its bytes are kept in their own object
 * store under `blobKey`, which is also the upload's own idempotency key; it is uploaded first
 * (outbox/photoSteps.ts) and `sha256` is the server's answer, null until then. The command then
 * names the photos by hash; the entry leaves the outbox only when both are acked.
 */
export interface AttachmentRef {
  blobKey: string;
  mime: string;
  bytes: number;
  sha256: string | null;
}

export type OutboxState = "pending" | "refused";

export interface OutboxEntry<N extends CommandName = CommandName> {
  key: string;
  opId: string;
  /** The operation's name when it was made, so a phone now on another one can say where it goes. */
  opName: string;
  userId: string;
  command: N;
  body: CommandInput<N>;
  madeAt: number;
  state: OutboxState;
  /** Why it was refused (state "refused"); null while pending. */
  failure: AckError | null;
  /** Shown to the person: what and where, in their words. */
  label: string;
  attachments: AttachmentRef[];
}

/** Where outbox entries are kept: IndexedDB in the browser and the service worker (outboxStore.ts), a Map in tests. */
export interface OutboxStorage {
  /** This person's entries, in every operation (pending and refused), oldest first. */
  list(): Promise<OutboxEntry[]>;
  /** Resolves only once the entry is on disk. */
  save(entry: OutboxEntry): Promise<void>;
  remove(key: string): Promise<void>;
  /** Keeps a refused entry, marked with the reason, so it is shown and never sent again. */
  markRefused(key: string, failure: AckError): Promise<void>;
  /** The bytes of an attachment (absent where the storage keeps none). */
  blob?(blobKey: string): Promise<Blob | undefined>;
}

/** A new pending entry; the key is made once, here, and never changes. */
export function newOutboxEntry<N extends CommandName>(e: {
  key: string;
  opId: string;
  opName: string;
  userId: string;
  command: N;
  body: CommandInput<N>;
  madeAt: number;
  label: string;
  attachments?: AttachmentRef[];
}): OutboxEntry<N> {
  return { ...e, state: "pending", failure: null, attachments: e.attachments ?? [] };
}

/** Narrows an entry to one command, e.g. to read a report's text. */
export function isCommand<N extends CommandName>(entry: OutboxEntry, name: N): entry is OutboxEntry<N> {
  return entry.command === name;
}

/** Photos of this entry not yet on the server: the report says "photo pending" until none are left. */
export function photosPending(entry: OutboxEntry): boolean {
  return entry.attachments.some((a) => a.sha256 === null);
}
