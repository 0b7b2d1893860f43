import type { AckError } from "../../../shared/errors";
import type { OutboxEntry, OutboxStorage } from "../outbox/outboxEntry";
import type { SendCommand } from "./sendCommand";
import { outboxVerdict } from "./syncRules";

/** What happened to one entry, for the steward's list. */
export type OutboxChange =
  | { key: string; state: "sent"; ackAt: number }
  | { key: string; state: "refused"; error: AckError }
  /** Still on the phone; `waiting`: the last attempt found no connection or a busy server. */
  | { key: string; state: "pending"; waiting: boolean };

export interface OutboxDrainOptions {
  storage: OutboxStorage;
  send: SendCommand;
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
      // To the operation it was made in, whatever this page has opened since (O2).
      const ack = await o.send(entry.command, entry.body, {
        key: entry.key,
        opId: entry.opId,
        onRetry: () => tell({ key: entry.key, state: "pending", waiting: true }),
      });
      const verdict = outboxVerdict(ack);
      if (verdict === "remove") {
        acked.add(entry.key);
        tell({ key: entry.key, state: "sent", ackAt: o.now() });
        // If this fails the entry is sent again on the next drain; the server answers "duplicate".
        await o.storage.remove(entry.key).catch(() => undefined);
      } else if (verdict === "refused" && !ack.ok) {
        tell({ key: entry.key, state: "refused", error: ack.error });
        await o.storage.markRefused(entry.key, ack.error).catch(() => undefined);
      } else {
        // Signed out or the connection closed: it stays on the phone for the next drain.
        tell({ key: entry.key, state: "pending", waiting: true });
      }
    } finally {
      inFlight.delete(entry.key);
    }
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
