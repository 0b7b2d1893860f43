import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import type { CordonSocket } from "./gateway";

interface EnginePacket {
  data?: unknown;
}
interface EngineConn {
  writeBuffer?: EnginePacket[];
  transport?: { socket?: { bufferedAmount?: number; terminate?: () => void } };
}

/**
 * Bytes queued for one socket and not yet handed to the kernel: the websocket's own buffer plus
 * the packets engine.io holds while that socket is not writable. A client that stops reading
 * makes this grow without bound.
 */
export function pendingBytes(conn: EngineConn): number {
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const p of conn.writeBuffer ?? []) {
    if (typeof p.data === "string") bytes += p.data.length;
    else if (p.data instanceof Uint8Array) bytes += p.data.byteLength;
  }
  return bytes;
}

/**
 * Disconnects sockets whose output backs up past `maxBytes` (bounded buffers, DESIGN §6 and
 * issue 4): one phone that never reads must not hold memory for ever. It reconnects and catches
 * up from its last seq like any other client.
 */
export function dropSlowConsumers(sockets: Iterable<CordonSocket>, maxBytes: number, logger: Logger, metrics: Metrics): number {
  let dropped = 0;
  for (const socket of sockets) {
    const conn = socket.conn as unknown as EngineConn;
    const bytes = pendingBytes(conn);
    if (bytes <= maxBytes) continue;
    logger.warn({ user: socket.data.user?.id, bytes }, "disconnecting a socket that is not reading");
    metrics.rejected.inc({ code: "slow_consumer" });
    socket.disconnect(true);
    // A polite close would wait for the buffers to drain, which they never will: cut the
    // connection so its memory is freed now.
    conn.transport?.socket?.terminate?.();
    dropped++;
  }
  return dropped;
}

/**
 * A share of the sockets each call, going round: every socket is looked at once every `rounds`
 * calls (issue 14: reading 4,450 sockets' buffers every second cost ~1 % of the event loop; at
 * one call a second a socket that stopped reading is caught within `rounds` seconds, well before
 * the bound is passed by much). Sockets that come and go between calls are fine: a Map's
 * iterator sees entries added after it started and skips those deleted.
 */
export function roundRobin<T>(items: Map<string, T>, rounds: number): () => T[] {
  let cursor: Iterator<T> | null = null;
  return () => {
    const share: T[] = [];
    const want = Math.ceil(items.size / rounds);
    // A round that ends with this call's share still empty starts the next one at once.
    let wrapped = false;
    while (share.length < want) {
      cursor ??= items.values();
      const next = cursor.next();
      if (!next.done) {
        share.push(next.value);
        continue;
      }
      cursor = null;
      if (wrapped || share.length > 0) break;
      wrapped = true;
    }
    return share;
  };
}
