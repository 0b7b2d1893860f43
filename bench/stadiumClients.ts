import { io, type Socket } from "socket.io-client";

/**
 * One client of the stadium bench's load processes: a socket.io-client socket on its own cookie
 * (none for bare socket.io, which reads `?role=`), and the hello the web client says on every
 * connect (client/src/sync/syncEngine.ts, docs/protocol.md §3): its last seq, the next page
 * while a snapshot comes in pages, again at once after a reply with `complete: false`, and again
 * after 500 ms when refused for now. It folds nothing: it keeps the seq, which is all a hello needs.
 */
export type Role = "control" | "steward" | "officer";

export interface Client {
  socket: Socket;
  role: Role;
  /** The last seq this client has seen (from hello replies and live events); null before its first hello. */
  lastSeq: number | null;
}

const HELLO_TIMEOUT_MS = 60_000;
const MAX_HELLOS = 2000;
const RETRYABLE = new Set(["unavailable", "rate_limited", "internal"]);

/** Told of every frame a socket receives (its raw text, pings aside), on every connection it makes. */
export type FrameTap = (data: string | ArrayBuffer) => void;

/**
 * `?role=` (and `?unit=` for an officer) tells bare socket.io who the client is; Cordon reads the
 * session and ignores them. `tap` counts what the server writes to this socket (per audience).
 */
export function openSocket(url: string, cookie: string, role: Role, o: { unitId?: string; tap?: FrameTap } = {}): Promise<Socket> {
  const socket = io(url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
    query: { role, ...(o.unitId ? { unit: o.unitId } : {}) },
  });
  const tap = o.tap;
  // A reconnect opens a new engine: tap each one as it opens.
  if (tap) socket.io.on("open", () => socket.io.engine.on("data", tap));
  return connected(socket).then(() => socket);
}

/** Resolves on the socket's next connect; rejects on a refused handshake or after 60 s. */
export function connected(socket: Socket): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no connect in 60 s")), 60_000);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once("connect_error", (err: Error & { description?: unknown }) => {
      clearTimeout(timer);
      // A transport error carries the websocket's own event (e.g. the HTTP status of a refused upgrade).
      const cause = err.description as { message?: string; error?: { message?: string } } | undefined;
      const detail = cause?.error?.message ?? cause?.message ?? "";
      reject(new Error(`connect: ${err.message}${detail ? ` (${detail})` : ""}`));
    });
  });
}

type Reply =
  | { mode: "reset"; state: { seq: number }; complete?: boolean }
  | { mode: "events"; events: { seq: number }[]; complete?: boolean }
  | { mode: "snapshot"; seq: number; page: number; pages: number; complete: boolean };
type HelloAck = { ok: true; data: Reply } | { ok: false; error: { code: string; message: string } };

/** Says hello until caught up (every page in); returns how many hellos it took. Throws on a refusal for good. */
export async function hello(client: Client, opId: string): Promise<number> {
  let snapshot: { seq: number; page: number } | undefined;
  for (let n = 1; n <= MAX_HELLOS; n++) {
    const payload = { protocol: 1, opId, lastSeq: client.lastSeq, clientTime: Date.now(), ...(snapshot ? { snapshot } : {}) };
    const ack = (await client.socket.timeout(HELLO_TIMEOUT_MS).emitWithAck("sync:hello", payload)) as HelloAck;
    if (!ack.ok) {
      if (!RETRYABLE.has(ack.error.code)) throw new Error(`hello refused: ${ack.error.code} ${ack.error.message}`);
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    const reply = ack.data;
    if (reply.mode === "snapshot" && reply.page < reply.pages) {
      snapshot = { seq: reply.seq, page: reply.page + 1 };
      continue;
    }
    snapshot = undefined;
    const seq = reply.mode === "reset" ? reply.state.seq : reply.mode === "snapshot" ? reply.seq : reply.events.at(-1)?.seq;
    if (seq !== undefined) client.lastSeq = Math.max(client.lastSeq ?? 0, seq);
    else client.lastSeq ??= 0;
    if (reply.complete !== false) return n;
  }
  throw new Error(`hello not complete after ${MAX_HELLOS} replies`);
}

/**
 * Connects a dropped socket again as socket.io-client's reconnection would (it is off here so the
 * bench decides when): a refused attempt is retried after 1 s, 2 s … up to 5 s, each ±50 %, up
 * to 10 attempts. Returns the attempts it took.
 */
export async function reconnect(socket: Socket, onRefused: (err: Error) => void): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const back = connected(socket);
    socket.connect();
    try {
      await back;
      return attempt;
    } catch (err) {
      if (attempt >= 10) throw err;
      onRefused(err as Error);
      await new Promise((r) => setTimeout(r, Math.min(5000, 1000 * attempt) * (0.5 + Math.random())));
    }
  }
}

/** Runs `work` over `items` with at most `limit` at once; resolves with the failures' messages. */
export async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item).catch((err: Error) => failures.push(err.message));
    }
  });
  await Promise.all(lanes);
  return failures;
}
