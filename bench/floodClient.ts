import { io, type Socket } from "socket.io-client";
import { signIn } from "./support";

/**
 * The flooding steward of `npm run bench -- flood`, in its own process so that its busy loop
 * does not slow the bench's controller: ten sockets on two sessions send reports as fast as the
 * acks come back for FLOOD_MS. Prints `READY` once connected, then `RESULT <appended> <refused>`.
 */
const url = process.env.FLOOD_URL ?? "";
const opId = process.env.FLOOD_OP ?? "";
const ms = Number(process.env.FLOOD_MS ?? 60_000);

const cookies = [await signIn(url, "steward"), await signIn(url, "steward")];
const sockets = await Promise.all(cookies.flatMap((cookie) => Array.from({ length: 5 }, () => connect(cookie))));
console.log("READY");
let appended = 0;
let refused = 0;
let n = 0;
const until = performance.now() + ms;
await Promise.all(
  sockets.map(async (s) => {
    while (performance.now() < until) {
      const body = { type: "other", postId: "post-ow-boxpark", text: "flood", reporterTime: Date.now() };
      const ack: { ok: boolean } = await s.emitWithAck("report:submit", { opId, key: `flood-${process.pid}-${++n}`, body });
      if (ack.ok) appended++;
      else refused++;
    }
  }),
);
console.log(`RESULT ${appended} ${refused}`);
for (const s of sockets) s.close();
process.exit(0);

function connect(cookie: string): Promise<Socket> {
  const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { cookie } });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}
