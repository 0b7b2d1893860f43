import type { OutboxEntry, OutboxStorage } from "../../client/src/outbox/outboxEntry";
import type { SyncTransport } from "../../client/src/sync/transport";
import type { AckError } from "../../shared/errors";

/** One fault to inject into the next matching request. */
export interface Fault {
  /** Resolves when the fault took hold: the request is held, or its ack has come back (held or lost). */
  readonly reached: Promise<void>;
  /** Lets a held request go on, or a held ack through. */
  release(): void;
}

type Kind = "holdRequest" | "holdReply" | "loseAck";
interface Rule {
  kind: Kind;
  event: string;
  match: (payload: unknown) => boolean;
  used: boolean;
  reached: () => void;
  gate: Promise<void>;
}

/**
 * A real socket's transport with faults a test places on purpose: a request held before it is
 * sent (a slow uplink), an ack held after it came back (a slow downlink), or an ack lost (the
 * server committed, the phone never heard). Everything else passes through to the real socket.
 * Records every request, so a test can count hellos and resends.
 */
export function faultyTransport(inner: SyncTransport) {
  const rules: Rule[] = [];
  const requests: { event: string; payload: unknown }[] = [];
  let onDisconnect: (() => void)[] = [];
  inner.listen({
    disconnect() {
      const pending = onDisconnect;
      onDisconnect = [];
      for (const f of pending) f();
    },
  });

  function add(kind: Kind, event: string, match: (payload: unknown) => boolean = () => true): Fault {
    let reached = () => {};
    let release = () => {};
    const reachedP = new Promise<void>((r) => {
      reached = r;
    });
    const gate = new Promise<void>((r) => {
      release = r;
    });
    rules.push({ kind, event, match, used: false, reached, gate });
    return { reached: reachedP, release };
  }

  const transport: SyncTransport = {
    connected: () => inner.connected(),
    listen: (l) => inner.listen(l),
    async request<T>(event: string, payload: unknown, timeoutMs: number): Promise<T> {
      requests.push({ event, payload });
      const rule = rules.find((r) => !r.used && r.event === event && r.match(payload));
      if (!rule) return inner.request<T>(event, payload, timeoutMs);
      rule.used = true;
      if (rule.kind === "holdRequest") {
        rule.reached();
        await rule.gate;
        return inner.request<T>(event, payload, timeoutMs);
      }
      const ack = await inner.request<T>(event, payload, timeoutMs);
      rule.reached();
      if (rule.kind === "holdReply") {
        await rule.gate;
        return ack;
      }
      // Lost: as socket.io does for an ack that never comes, fail on timeout or on a disconnect.
      return new Promise<T>((_, reject) => {
        const timer = setTimeout(() => reject(new Error("operation has timed out")), timeoutMs);
        onDisconnect.push(() => {
          clearTimeout(timer);
          reject(new Error("socket has been disconnected"));
        });
      });
    },
  };

  return {
    transport,
    requests,
    holdRequest: (event: string, match?: (payload: unknown) => boolean) => add("holdRequest", event, match),
    holdReply: (event: string, match?: (payload: unknown) => boolean) => add("holdReply", event, match),
    loseAck: (event: string, match?: (payload: unknown) => boolean) => add("loseAck", event, match),
    /** Requests of `event` (and with `key`, if given) so far. */
    count(event: string, key?: string): number {
      return requests.filter((r) => r.event === event && (key === undefined || (r.payload as { key?: string }).key === key)).length;
    },
  };
}

/** An outbox kept in memory, as the sync engine's storage (IndexedDB is the browser's). */
export function memoryOutbox(initial: OutboxEntry[] = []) {
  const entries = new Map(initial.map((e) => [e.key, e]));
  const storage: OutboxStorage = {
    list: async () => [...entries.values()].sort((a, b) => a.madeAt - b.madeAt),
    save: async (e) => {
      entries.set(e.key, e);
    },
    remove: async (key) => {
      entries.delete(key);
    },
    markRefused: async (key: string, failure: AckError) => {
      const e = entries.get(key);
      if (e) entries.set(key, { ...e, state: "refused", failure });
    },
  };
  return { storage, entries };
}
