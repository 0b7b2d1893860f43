import fs from "node:fs";
import { io, type Socket } from "socket.io-client";
import { OP_ID } from "./replayData";

/**
 * The hello storm's stewards, in a process of their own (bench/helloAmplification.ts starts it):
 * HELLO_SOCKETS sockets on the cookies in HELLO_COOKIES (comma-separated) each saying a fresh
 * hello over and over, as phones that keep reconnecting do. Apart from the controller's process
 * so that decoding half a megabyte per reply here does not delay the controller's acks there:
 * the bench measures what the server does to the controller, not what the bench client does.
 * Prints `READY` once connected; on SIGTERM writes its figures to HELLO_STATS and exits. (It does
 * not import ./support: that module's SIGTERM handler would exit before the figures are written.)
 */
const url = process.env.HELLO_URL ?? "";
const cookies = (process.env.HELLO_COOKIES ?? "").split(",");
const perCookie = Number(process.env.HELLO_SOCKETS ?? 5);

function connect(cookie: string): Promise<Socket> {
  const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { cookie } });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

/** A reply's size on the wire: its JSON, with a binary attachment (a snapshot page) as its bytes. */
function wireBytes(reply: unknown): number {
  let binary = 0;
  const json = JSON.stringify(reply, (_k, v: unknown) => {
    const b = v as { type?: unknown; data?: unknown };
    if (typeof v === "object" && v !== null && b.type === "Buffer" && Array.isArray(b.data)) {
      binary += b.data.length;
      return 0;
    }
    return v;
  });
  return Buffer.byteLength(json) + binary;
}

const sockets = await Promise.all(cookies.flatMap((c) => Array.from({ length: perCookie }, () => connect(c))));
const hellos: number[] = [];
let bytes = 0;
let stop = false;
const loops = sockets.map(async (s) => {
  while (!stop) {
    const t0 = performance.now();
    const reply: { ok: boolean } = await s.emitWithAck("sync:hello", { protocol: 1, opId: OP_ID, lastSeq: null });
    if (reply.ok) {
      hellos.push(performance.now() - t0);
      // Measured once: stringifying every reply would make this process the bottleneck.
      if (bytes === 0) bytes = wireBytes(reply);
    } else await new Promise((r) => setTimeout(r, 20));
  }
});
console.log("READY");
process.once("SIGTERM", () => {
  stop = true;
  void Promise.all(loops).then(() => {
    const sorted = hellos.sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
    fs.writeFileSync(process.env.HELLO_STATS ?? "/dev/null", JSON.stringify({ n: sorted.length, p50: at(0.5), p99: at(0.99), bytes }));
    for (const s of sockets) s.close();
    process.exit(0);
  });
});
