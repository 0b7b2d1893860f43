import type { SyncTransport, Timers, TransportListener } from "../../client/src/sync/transport";

interface Pending {
  event: string;
  payload: unknown;
  resolve(ack: unknown): void;
  reject(err: Error): void;
}

/**
 * The sync engine's transport port, in memory, for the unit tests of the engine's logic: the
 * test connects and drops it, delivers server messages, and answers each request itself. (The
 * integration tests drive the same engine over real sockets.)
 */
export function memoryTransport() {
  const listeners = new Set<TransportListener>();
  const pending: Pending[] = [];
  const sent: { event: string; payload: unknown; timeoutMs: number }[] = [];
  let up = false;
  const transport: SyncTransport = {
    connected: () => up,
    listen(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    request<T>(event: string, payload: unknown, timeoutMs: number) {
      sent.push({ event, payload, timeoutMs });
      return new Promise<T>((resolve, reject) => pending.push({ event, payload, resolve: resolve as (a: unknown) => void, reject }));
    },
  };
  const take = (event: string): Pending => {
    const i = pending.findIndex((p) => p.event === event);
    if (i < 0) throw new Error(`no pending ${event}; sent: ${sent.map((s) => s.event).join(", ")}`);
    return pending.splice(i, 1)[0]!;
  };
  return {
    transport,
    sent,
    pending,
    listeners,
    connect() {
      up = true;
      for (const l of [...listeners]) l.connect?.();
    },
    /** Drops the connection: every request waiting for an ack fails, as socket.io's do. */
    disconnect() {
      up = false;
      for (const p of pending.splice(0)) p.reject(new Error("socket has been disconnected"));
      for (const l of [...listeners]) l.disconnect?.("transport close");
    },
    emit<K extends keyof TransportListener>(kind: K, ...args: Parameters<NonNullable<TransportListener[K]>>) {
      for (const l of [...listeners]) (l[kind] as ((...a: unknown[]) => void) | undefined)?.(...args);
    },
    /** Answers the oldest pending request of `event`. */
    answer(event: string, ack: unknown) {
      take(event).resolve(ack);
    },
    /** Fails the oldest pending request of `event` (no ack in time). */
    fail(event: string) {
      take(event).reject(new Error("operation has timed out"));
    },
    count: (event: string) => sent.filter((s) => s.event === event).length,
  };
}

/** Timers moved by hand: `advance` runs what falls due, in order. */
export function manualTimers() {
  let now = 0;
  let nextId = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    now: () => now,
    after(ms, fn) {
      const id = nextId++;
      due.set(id, { at: now + ms, fn });
      return () => due.delete(id);
    },
  };
  return {
    timers,
    pending: () => due.size,
    /** Delays of the timers now pending, from now. */
    delays: () => [...due.values()].map((d) => d.at - now).sort((a, b) => a - b),
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const next = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > until) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = until;
    },
  };
}

/** Lets promise callbacks run (the engine settles acks in microtasks). */
export const flush = () => new Promise<void>((r) => setImmediate(r));
