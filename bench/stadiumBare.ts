import http from "node:http";
import Database from "better-sqlite3";
import { Server, type Socket } from "socket.io";
import { LISTEN_BACKLOG } from "../server/http/listen";
import type { Fix } from "../shared/state";
import { encodeFix, type PositionTuple } from "../shared/wire";
import { attachProbe } from "./stadiumProbe";

/**
 * The stadium bench's baseline: bare socket.io 4.8 with Cordon's options (JSON, no deflate, the
 * same buffer limit) doing the same fan-out and the same durable SQLite writes with no domain
 * logic, sessions, validation or projection. It speaks just enough of Cordon's protocol that the
 * same load processes drive both: `sync:hello` joins the role's room (from `?role=` in the
 * handshake; an officer also its unit's room, from `?unit=`) and answers with the latest
 * positions for control; `report:submit` and `decision:log` insert one row (synchronous = FULL),
 * broadcast to control (a report to its sender too) and ack; `position:report` and the REST feed
 * buffer fixes, flushed every 50 ms in one transaction into a table shaped like Cordon's (two
 * indexes; its own connection at synchronous = NORMAL, as Cordon's, Z6), then one array to control, then the acks; about once a second each unit's room
 * hears the newest fix of its unit if it moved, the rooms taking turns over the second's flushes
 * (Cordon's officer frames, Z8). `head` goes to
 * control once a second, and to stewards and officers as Cordon's clock samples do: at hello,
 * 2 s later, then every 30 s (Z1-Z3). The bench prints what each audience heard from both, so
 * the ratio compares domain cost, not extra delivery. DATABASE_PATH names the file. Prints `READY <port>`.
 */
const OP_ID = "op-bare";
const FLUSH_MS = 50;
/** Units' rooms hear a frame every this many flushes (about a second), as Cordon's do. */
const UNIT_FRAMES_EVERY = 20;
const db = new Database(process.env.DATABASE_PATH ?? ":memory:");
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.exec(`
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, at INTEGER NOT NULL, idem_key TEXT NOT NULL UNIQUE, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fixes (unit_id TEXT NOT NULL, at INTEGER NOT NULL, lat REAL NOT NULL, lng REAL NOT NULL,
  heading REAL, speed REAL, accuracy REAL, received_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS fixes_by_time ON fixes (at);
CREATE INDEX IF NOT EXISTS fixes_by_unit ON fixes (unit_id, at);`);
const insertEvent = db.prepare("INSERT INTO events (seq, type, at, idem_key, body) VALUES (?,?,?,?,?)");
// Fixes on a connection of their own at synchronous = NORMAL, as Cordon's are (Z6): the same durability, on the event loop.
const fixesDb = new Database(process.env.DATABASE_PATH ?? ":memory:");
fixesDb.pragma("synchronous = NORMAL");
const insertFix = fixesDb.prepare("INSERT INTO fixes VALUES (?,?,?,?,?,?,?,?)");

/**
 * Cordon's compact tuple (shared/wire.ts, coordinates to 6 decimals): sent as the devices gave
 * them, bare's control frames were a third larger than Cordon's (253 against 189 KB/s a screen),
 * and its load processes spent more CPU parsing them, on the cores both servers share.
 */
type Tuple = PositionTuple;
const latest = new Map<string, Tuple>();
let buffered: Fix[] = [];
let flushes = 0;
let waiting: (() => void)[] = [];
const writeFixes = fixesDb.transaction((fixes: Fix[], now: number) => {
  for (const f of fixes) insertFix.run(f.unitId, f.at, f.lat, f.lng, f.heading ?? null, f.speed ?? null, f.accuracy ?? null, now);
});

const httpServer = http.createServer((req, res) => {
  if (req.method !== "POST" || !req.url?.endsWith("/positions")) return void res.writeHead(404).end();
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    if (req.headers.authorization !== `Bearer ${process.env.STADIUM_FEED_TOKEN}`) return void res.writeHead(401).end();
    const { fixes } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { fixes: Fix[] };
    accept(fixes, () =>
      res.writeHead(202, { "content-type": "application/json" }).end(JSON.stringify({ stored: fixes.length, unknown: [] })),
    );
  });
});
const io = new Server(httpServer, { perMessageDeflate: false, serveClient: false, maxHttpBufferSize: 65_536 * 16 });

function accept(fixes: Fix[], done: () => void): void {
  for (const f of fixes) buffered.push(f);
  waiting.push(done);
}

/** Stored, then one frame to control with the newest fix of each unit that moved, then the acks. */
const flush = setInterval(() => {
  if (buffered.length === 0) return;
  const fixes = buffered;
  const acks = waiting;
  buffered = [];
  waiting = [];
  writeFixes(fixes, Date.now());
  const moved = new Map<string, Tuple>();
  for (const f of fixes) {
    const t = encodeFix(f);
    if ((latest.get(f.unitId)?.[3] ?? -1) <= f.at) {
      latest.set(f.unitId, t);
      moved.set(f.unitId, t);
    }
  }
  io.to("control").emit("positions", { opId: OP_ID, fixes: [...moved.values()] });
  for (const [id, t] of moved) owedTo(id).set(id, t);
  for (const ack of acks) ack();
  toUnits(++flushes % UNIT_FRAMES_EVERY);
}, FLUSH_MS);

/** The units' rooms take turns over the flushes of a second, as Cordon's officers' rooms do (Z8). */
const turns: Map<string, Tuple>[] = Array.from({ length: UNIT_FRAMES_EVERY }, () => new Map());
const turnOf = new Map<string, number>();
function owedTo(unitId: string): Map<string, Tuple> {
  let turn = turnOf.get(unitId);
  if (turn === undefined) {
    turn = turnOf.size % UNIT_FRAMES_EVERY;
    turnOf.set(unitId, turn);
  }
  return turns[turn] as Map<string, Tuple>;
}

/** The rooms whose turn it is, each with a socket in it: one frame with its unit's newest fix since the last. */
function toUnits(turn: number): void {
  const rooms = io.sockets.adapter.rooms;
  const owed = turns[turn] as Map<string, Tuple>;
  for (const [id, t] of owed) if (rooms.has(`unit:${id}`)) io.to(`unit:${id}`).emit("positions", { opId: OP_ID, fixes: [t] });
  owed.clear();
}

let seq = 0;
// The log a match under way already holds (STADIUM_LOG_EVENTS), written as Cordon's is: not measured.
db.transaction((n: number) => {
  for (let i = 0; i < n; i++) append("StewardReportSubmitted", `prefill-${i}`, { type: "crowd-surge", text: "earlier" });
})(Number(process.env.STADIUM_LOG_EVENTS ?? 0));
/** One row, committed on its own (synchronous = FULL), then the broadcast, then the ack. */
function append(type: string, key: string, payload: unknown): { seq: number; event: unknown } {
  const at = Date.now();
  seq++;
  insertEvent.run(seq, type, at, key, JSON.stringify(payload));
  return { seq, event: { seq, type, at, payload } };
}

type Ack = (reply: unknown) => void;
type Envelope = { opId: string; key: string; body: unknown };
const ROOMS: Record<string, string> = { control: "control", steward: "stewards", officer: "units" };

io.on("connection", (socket: Socket) => {
  const role = String(socket.handshake.query.role ?? "steward");
  const unit = role === "officer" ? String(socket.handshake.query.unit ?? "") : "";
  socket.on("sync:hello", (_hello: unknown, ack: Ack) => {
    void socket.join(unit ? [ROOMS[role] ?? "units", `unit:${unit}`] : (ROOMS[role] ?? "stewards"));
    const control = role === "control";
    const own = latest.get(unit);
    ack({
      ok: true,
      data: { mode: "events", events: [], head: control ? seq : null, positions: control ? [...latest.values()] : own ? [own] : [] },
    });
    if (control) return;
    socket.emit("head", { opId: OP_ID, seq: null, now: Date.now() });
    owed.set(socket, ticks + 2);
  });
  socket.on("report:submit", (m: Envelope, ack: Ack) => {
    const { seq: s, event } = append("StewardReportSubmitted", m.key, m.body);
    io.to("control").to(socket.id).emit("event", event);
    ack({ ok: true, data: { seq: s, eventId: String(s), duplicate: false } });
  });
  socket.on("decision:log", (m: Envelope, ack: Ack) => {
    const { seq: s, event } = append("DecisionLogged", m.key, m.body);
    io.to("control").emit("event", event);
    ack({ ok: true, data: { seq: s, eventId: String(s), duplicate: false } });
  });
  socket.on("position:report", (m: { fixes: Fix[] }, ack: Ack) => {
    accept(m.fixes, () => ack({ ok: true, data: { stored: m.fixes.length } }));
  });
});

/** Stewards' and officers' sockets owed their second clock sample, at which tick. */
const owed = new Map<Socket, number>();
let ticks = 0;
const head = setInterval(() => {
  ticks++;
  io.to("control").emit("head", { opId: OP_ID, seq, now: Date.now() });
  if (ticks % 30 === 0) io.to(["stewards", "units"]).emit("head", { opId: OP_ID, seq: null, now: Date.now() });
  for (const [socket, due] of owed) {
    if (!socket.connected) owed.delete(socket);
    else if (ticks >= due) {
      owed.delete(socket);
      socket.emit("head", { opId: OP_ID, seq: null, now: Date.now() });
    }
  }
}, 1000);
attachProbe();
// The same accept queue as Cordon's.
httpServer.listen({ port: 0, host: "127.0.0.1", backlog: LISTEN_BACKLOG }, () => {
  const address = httpServer.address();
  console.log(`READY ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => {
  clearInterval(flush);
  clearInterval(head);
  io.close(() => {
    fixesDb.close();
    db.close();
    process.exit(0);
  });
});
