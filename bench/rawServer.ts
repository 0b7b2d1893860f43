import http from "node:http";
import { Server } from "socket.io";

/**
 * The baseline: bare socket.io with the same settings as Cordon (JSON, no deflate), relaying a
 * message from one client to a room, with an ack. Prints `READY <port>`.
 */
const httpServer = http.createServer();
const io = new Server(httpServer, { perMessageDeflate: false, serveClient: false });
io.on("connection", (socket) => {
  void socket.join("control");
  socket.on("report", (payload: unknown, ack: (r: unknown) => void) => {
    io.to("control").emit("event", payload);
    ack({ ok: true });
  });
});
httpServer.listen(0, "127.0.0.1", () => {
  const address = httpServer.address();
  console.log(`READY ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => io.close(() => process.exit(0)));
