import fs from "node:fs";
import type { Socket } from "socket.io-client";
import { type Client, hello, openSocket } from "./stadiumClients";
import type { Credentials } from "./stadiumProfile";

/**
 * The stewards' phones of `npm run bench -- alerts` (bench/alertReceipts.ts starts it), in a process
 * of their own so that 2,500 sockets' decoding does not share a core with the control socket that
 * measures. Each steward connects on its own session, says hello, and on the first urgent
 * `AlertSent` notes when it arrived (epoch ms) and presses Seen (`alert:seen`, one key per phone).
 * Prints `READY` once every phone is live; on SIGTERM writes the arrival times and the acks to
 * ALERTS_STATS and exits. (It does not import ./support: that module's SIGTERM handler would exit
 * before the figures are written.)
 */
const url = process.env.ALERTS_URL ?? "";
const creds = JSON.parse(fs.readFileSync(process.env.STADIUM_CREDS ?? "", "utf8")) as Credentials;
const arrivals: number[] = [];
let acked = 0;
let refused = 0;

const epochNow = () => performance.timeOrigin + performance.now();

async function phone(cookie: string, i: number): Promise<Socket> {
  const socket = await openSocket(url, cookie, "steward");
  const client: Client = { socket, role: "steward", lastSeq: null };
  let seen = false;
  socket.on("event", (e: { type: string; payload: { alertId?: string; priority?: string } }) => {
    if (seen || e.type !== "AlertSent" || e.payload.priority !== "urgent") return;
    seen = true;
    arrivals.push(epochNow());
    const key = `bench-seen-${i}-${process.pid}`;
    void socket
      .timeout(60_000)
      .emitWithAck("alert:seen", { opId: creds.opId, key, body: { alertId: e.payload.alertId } })
      .then(
        (ack: { ok: boolean }) => (ack.ok ? acked++ : refused++),
        () => refused++,
      );
  });
  await hello(client, creds.opId);
  return socket;
}

const sockets: Socket[] = [];
// In batches: 2,500 handshakes at once would measure the connect storm, not the alert.
for (let i = 0; i < creds.stewards.length; i += 250) {
  const batch = creds.stewards.slice(i, i + 250).map((s, j) => phone(s.cookie, i + j));
  sockets.push(...(await Promise.all(batch)));
}
console.log("READY");
process.once("SIGTERM", () => {
  fs.writeFileSync(process.env.ALERTS_STATS ?? "/dev/null", JSON.stringify({ arrivals, acked, refused }));
  for (const s of sockets) s.close();
  process.exit(0);
});
