import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { TelemetryKind } from "./telemetryLane";

/**
 * The telemetry lane across processes (issue 9 item 4, generalised for issue 11 item 7). Each
 * process keeps the latest reading of every key in memory and delivers frames to its own sockets;
 * what it must learn from the others travels here, per kind:
 * - one hash per operation (`<prefix><share>:<opId>`, key → newest reading) holds every key's
 *   latest, so a process that starts, or whose subscription dropped, reads them all back;
 * - one channel (`<prefix><share>`) carries each flush's newest readings to the other processes,
 *   which merge them (latest wins) and send them to their own sockets at once.
 * Why not socket.io's adapter: a frame per room through Redis on every flush is thousands of
 * stream entries a second; one message per operation and flush, delivered locally, is one.
 */
export interface TelemetryShare<R> {
  /** Saves readings as the latest where they are newer, and tells the other processes. */
  publish(opId: string, rows: readonly R[]): Promise<void>;
  /** Every key's latest reading in the operation, as shared. */
  load(opId: string): Promise<R[]>;
  /**
   * Calls `onRows` with the readings other processes publish; `onResync` when the subscription
   * came back after a drop (messages may have been missed: read the hashes again).
   */
  subscribe(onRows: (opId: string, rows: R[]) => void, onResync: () => void): Promise<void>;
  close(): Promise<void>;
}

/** Replaces a key's entry only with a reading at least as new (two processes may take one key's readings). */
const SAVE_NEWER = `
for i = 1, #ARGV, 3 do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  local at = current and tonumber(string.match(current, '^([^|]+)|')) or nil
  if (not at) or at <= tonumber(ARGV[i + 1]) then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1] .. '|' .. ARGV[i + 2])
  end
end
return 1`;

interface Message<T> {
  /** The publishing process, so it ignores its own messages. */
  from: string;
  opId: string;
  rows: T[];
}

export class RedisTelemetryShare<R, T> implements TelemetryShare<R> {
  private readonly id = randomUUID();
  private subscriber: Redis | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly kind: TelemetryKind<R, T>,
  ) {}

  private hash(opId: string): string {
    return `${this.prefix}${this.kind.share}:${opId}`;
  }

  private get channel(): string {
    return `${this.prefix}${this.kind.share}`;
  }

  async publish(opId: string, rows: readonly R[]): Promise<void> {
    if (rows.length === 0) return;
    const { kind } = this;
    const tuples = rows.map((r) => kind.encode(r));
    const args = rows.flatMap((r, i) => [kind.key(r), String(kind.at(r)), JSON.stringify(tuples[i])]);
    const message: Message<T> = { from: this.id, opId, rows: tuples };
    // One round trip: the hash first, so a process that reads it after the message has it too.
    const results = await this.redis
      .pipeline()
      .eval(SAVE_NEWER, 1, this.hash(opId), ...args)
      .publish(this.channel, JSON.stringify(message))
      .exec();
    const failed = results?.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
  }

  async load(opId: string): Promise<R[]> {
    const entries = await this.redis.hgetall(this.hash(opId));
    return Object.values(entries).map((v) => this.kind.decode(JSON.parse(v.slice(v.indexOf("|") + 1)) as T));
  }

  async subscribe(onRows: (opId: string, rows: R[]) => void, onResync: () => void): Promise<void> {
    const sub = this.redis.duplicate();
    this.subscriber = sub;
    sub.on("error", () => {}); // it reconnects by itself; "ready" again means messages may be lost
    let readies = 0;
    sub.on("ready", () => {
      if (++readies > 1) onResync();
    });
    sub.on("message", (_channel: string, text: string) => {
      const m = JSON.parse(text) as Message<T>;
      if (m.from !== this.id)
        onRows(
          m.opId,
          m.rows.map((t) => this.kind.decode(t)),
        );
    });
    if (sub.status === "wait") await sub.connect();
    await sub.subscribe(this.channel);
  }

  async close(): Promise<void> {
    this.subscriber?.disconnect();
    this.subscriber = null;
  }
}
