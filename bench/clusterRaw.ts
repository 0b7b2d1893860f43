import http from "node:http";
import { Server } from "socket.io";

/**
 * The cluster bench's baseline: bare socket.io with Cordon's settings (JSON, no deflate),
 * relaying each `report` to the control room and back to its sender, with an ack — the same
 * fan-out as a steward's report in Cordon (control, and the steward's own room), where
 * bench/rawServer.ts sends every report to every socket. A socket joins control with
 * `?role=control` in its handshake. Prints `READY <port>`.
 */
const httpServer = http.createServer();
const io = new Server(httpServer, { perMessageDeflate: false, serveClient: false });
io.on("connection", (socket) => {
  if (socket.handshake.query.role === "control") void socket.join("control");
  socket.on("report", (payload: unknown, ack: (r: unknown) => void) => {
    io.to("control").to(socket.id).emit("event", payload);
    ack({ ok: true });
  });
});
httpServer.listen(0, "127.0.0.1", () => {
  const address = httpServer.address();
  console.log(`READY ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => io.close(() => process.exit(0)));
