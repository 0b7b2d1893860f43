import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Fix } from "../../shared/state";
import { decodeFix, encodeFix, type PositionTuple } from "../../shared/wire";

/**
 * The positions lane across processes (issue 9 item 4). Each process keeps the latest fix of
 * every unit in memory and delivers frames to its own sockets; what it must learn from the others
 * travels here:
 * - one hash per operation (`<prefix>fixes:<opId>`, unit id → newest fix) holds every unit's latest
 *   fix, so a process that starts, or whose subscription dropped, reads them all back;
 * - one channel (`<prefix>fixes`) carries each flush's newest fixes to the other processes, which
 *   merge them (latest wins) and send them to their own sockets at once.
 * Why not socket.io's adapter: a frame per unit room through Redis on every flush is thousands of
 * stream entries a second; one message per operation and flush, delivered locally, is one.
 */
export interface FixShare {
  /** Saves fixes as the latest where they are newer, and tells the other processes. */
  publish(opId: string, fixes: readonly Fix[]): Promise<void>;
  /** Every unit's latest fix in the operation, as shared. */
  load(opId: string): Promise<Fix[]>;
  /**
   * Calls `onFixes` with the fixes other processes publish; `onResync` when the subscription came
   * back after a drop (messages may have been missed: read the hashes again).
   */
  subscribe(onFixes: (opId: string, fixes: Fix[]) => void, onResync: () => void): Promise<void>;
  close(): Promise<void>;
}

/** Replaces a unit's entry only with a fix at least as new (two processes may take one unit's fixes). */
const SAVE_NEWER = `
for i = 1, #ARGV, 3 do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  local at = current and tonumber(string.match(current, '^([^|]+)|')) or nil
  if (not at) or at <= tonumber(ARGV[i + 1]) then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1] .. '|' .. ARGV[i + 2])
  end
end
return 1`;

interface Message {
  /** The publishing process, so it ignores its own messages. */
  from: string;
  opId: string;
  fixes: PositionTuple[];
}

export class RedisFixShare implements FixShare {
  private readonly id = randomUUID();
  private subscriber: Redis | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private hash(opId: string): string {
    return `${this.prefix}fixes:${opId}`;
  }

  private get channel(): string {
    return `${this.prefix}fixes`;
  }

  async publish(opId: string, fixes: readonly Fix[]): Promise<void> {
    if (fixes.length === 0) return;
    const tuples = fixes.map(encodeFix);
    const args = tuples.flatMap((t) => [t[0], String(t[3]), JSON.stringify(t)]);
    const message: Message = { from: this.id, opId, fixes: tuples };
    // One round trip: the hash first, so a process that reads it after the message has it too.
    const results = await this.redis
      .pipeline()
      .eval(SAVE_NEWER, 1, this.hash(opId), ...args)
      .publish(this.channel, JSON.stringify(message))
      .exec();
    const failed = results?.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
  }

  async load(opId: string): Promise<Fix[]> {
    const entries = await this.redis.hgetall(this.hash(opId));
    return Object.values(entries).map((v) => decodeFix(JSON.parse(v.slice(v.indexOf("|") + 1)) as PositionTuple));
  }

  async subscribe(onFixes: (opId: string, fixes: Fix[]) => void, onResync: () => void): Promise<void> {
    const sub = this.redis.duplicate();
    this.subscriber = sub;
    sub.on("error", () => {}); // it reconnects by itself; "ready" again means messages may be lost
    let readies = 0;
    sub.on("ready", () => {
      if (++readies > 1) onResync();
    });
    sub.on("message", (_channel: string, text: string) => {
      const m = JSON.parse(text) as Message;
      if (m.from !== this.id) onFixes(m.opId, m.fixes.map(decodeFix));
    });
    if (sub.status === "wait") await sub.connect();
    await sub.subscribe(this.channel);
  }

  async close(): Promise<void> {
    this.subscriber?.disconnect();
    this.subscriber = null;
  }
}
