import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import { COMMAND_NAMES, COMMAND_ROLES, type Command, type CommandName, commandEnvelope } from "../../shared/commands";
import { type Ack, ErrorCode, Rejection } from "../../shared/errors";
import { fastPositionReport } from "../../shared/fixParse";
import { StewardCountReport } from "../../shared/ingressProtocol";
import { type ClientToServerEvents, Hello, type HelloReply, PositionReport, type ServerToClientEvents } from "../../shared/protocol";
import { roomsOf, viewerOf } from "../../shared/visibility";
import type { RefusedSubmissions } from "../audit/refusedSubmissions";
import type { User } from "../auth/accounts";
import { maySee } from "../auth/operationAccess";
import { count$ } from "../ingress/countSocket";
import type { IngressParts } from "../ingress/ingressApp";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import type { Operations } from "../operations/operations";
import { knownPhotos } from "../photos/knownPhotos";
import type { PhotoStore } from "../photos/photoStore";
import type { PositionLane } from "../positions/positionLane";
import type { Budget } from "./budget";
import { catchUp } from "./catchUp";
import { capConnections } from "./connectionCaps";
import type { HeadClock } from "./heads";
import type { GatewayLimits } from "./limits";
import { exceedsJsonBytes } from "./payloadSize";
import { checkProtocol } from "./protocolVersion";
import { opRoom, sessionRoom, userRoom } from "./rooms";

export interface SocketData {
  user: User;
  sessionHash: string;
  joined: string[];
  /** Record time minus the device's report clock at its last hello (issue 13); absent until measured. */
  clockOffsetMs?: number;
}

export type CordonServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type CordonSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface GatewayDeps {
  io: CordonServer;
  ops: Operations;
  lane: PositionLane;
  /** Turnstile counts (issue 11 item 7): a steward's gate count, and the latest counts on hello. */
  ingress?: Pick<IngressParts, "ingress" | "groupSector">;
  logger: Logger;
  metrics: Metrics;
  rate: { perSecond: number; burst: number };
  /** Per-user budgets, socket caps and hello page sizes (issue 8 item 5). */
  limits: GatewayLimits;
  /** Whether a session (by token hash) is still live: sign-out, expiry or a role change end it. */
  sessionLive: (hash: string) => boolean;
  maxPayloadBytes: number;
  /** Record time (the log's clock), to measure devices' clock offsets (issue 13). */
  now: () => number;
  /** Where uploaded photos are: a report naming one is decided knowing whether it arrived (issue 12). */
  photos: PhotoStore;
  /** Gives a steward's or officer's socket its clock samples after a hello (issue 14). */
  heads: Pick<HeadClock, "greet" | "forget">;
  /** Where a phone's command refused for good is kept for control (issue 12 item 1); absent: not kept. */
  refused?: RefusedSubmissions;
}

type AckFn = (reply: Ack<unknown>) => void;
type Handler<S extends z.ZodType> = (socket: CordonSocket, payload: z.output<S>, ack: AckFn) => Promise<void>;

/** One inbound message's schema and handler. */
interface Route {
  schema: z.ZodType;
  /** A parse that accepts exactly what the schema does, without zod, or answers null (then the schema decides). */
  fast: ((payload: unknown) => unknown) | null;
  handler: (socket: CordonSocket, payload: unknown, ack: AckFn) => Promise<void>;
}

const route = <S extends z.ZodType>(schema: S, handler: Handler<S>, fast?: (payload: unknown) => z.output<S> | null): Route => ({
  schema,
  fast: fast ?? null,
  handler: handler as Route["handler"],
});

/**
 * Wires socket events to the domain (STYLE rule 2): every inbound event passes one gate that
 * charges the sender's per-user budget, parses with its schema, runs the handler and always acks
 * `{ ok: true, data } | { ok: false, error }`. Nothing is appended after a failed parse. The
 * routes and the listener are built once for the process and shared by every socket (socket.io
 * calls a listener with its socket as `this`): a connection holds no closures of its own (issue 14).
 */
export function attachGateway(deps: GatewayDeps): void {
  const { io, metrics } = deps;
  const routes = routesOf(deps);
  function onMessage(this: CordonSocket, name: string, payload: unknown, maybeAck?: unknown): void {
    const r = routes.get(name);
    if (r) void gate(deps, this, name, r, payload, maybeAck);
  }
  function onDisconnect(this: CordonSocket): void {
    metrics.connected.dec({ role: this.data.user.role });
    deps.heads.forget(this.id);
  }
  io.on("connection", (socket: CordonSocket) => {
    const { user } = socket.data;
    metrics.connected.inc({ role: user.role });
    socket.once("disconnect", onDisconnect);
    void socket.join([sessionRoom(socket.data.sessionHash), userRoom(user.id)]);
    socket.onAny(onMessage);
  });
  io.use(capConnections(io, deps.limits.sockets));
}

/** Every message a client may send, by name. */
function routesOf(deps: GatewayDeps): Map<string, Route> {
  const routes = new Map<string, Route>();
  routes.set(
    "sync:hello",
    route(Hello, (socket, hello, ack) => hello$(deps, socket, socket.data.user, hello, ack)),
  );
  for (const name of COMMAND_NAMES) {
    const envelope = commandEnvelope(name);
    routes.set(
      name,
      route(envelope, (socket, wire, ack) => command$(deps, socket.data.user, name, wire, ack, socket.data.clockOffsetMs ?? null)),
    );
  }
  routes.set(
    "position:report",
    route(PositionReport, (socket, report, ack) => position$(deps, socket.data.user, report, ack), fastPositionReport),
  );
  const ingress = deps.ingress;
  if (ingress) {
    routes.set(
      "count:report",
      route(StewardCountReport, (socket, report, ack) =>
        count$(ingress.ingress, ingress.groupSector, deps.now, socket.data.user, report, ack),
      ),
    );
  }
  return routes;
}

/** The one gate: session, budget, size, schema, then the handler; always one ack. */
async function gate(deps: GatewayDeps, socket: CordonSocket, name: string, r: Route, payload: unknown, maybeAck: unknown): Promise<void> {
  const { metrics } = deps;
  const ack = answerOnce(maybeAck);
  if (!deps.sessionLive(socket.data.sessionHash)) {
    ack(fail(ErrorCode.Unauthenticated, "Your session has ended; sign in again."));
    socket.emit("session:ended", { reason: "Your session has ended; sign in again." });
    socket.disconnect(true);
    return;
  }
  // One budget per user, whatever the number of sockets (ten sockets do not buy ten budgets).
  const verdict = await deps.limits.commands.take(socket.data.user.id);
  if (!verdict.ok) {
    metrics.rejected.inc({ code: ErrorCode.RateLimited });
    const wait = Math.ceil(verdict.retryAfterMs / 1000);
    return ack(fail(ErrorCode.RateLimited, `Too many messages from your account: slow down and retry in ${wait} s.`));
  }
  if (exceedsJsonBytes(payload, deps.maxPayloadBytes)) {
    metrics.rejected.inc({ code: ErrorCode.TooLarge });
    return ack(fail(ErrorCode.TooLarge, `Message over ${deps.maxPayloadBytes} bytes; photos go through the upload route.`));
  }
  let data: unknown = r.fast?.(payload) ?? null;
  if (data === null) {
    const parsed = r.schema.safeParse(payload);
    if (!parsed.success) {
      metrics.rejected.inc({ code: ErrorCode.BadRequest });
      return ack(malformed(name, parsed.error.issues));
    }
    data = parsed.data;
  }
  try {
    await r.handler(socket, data, ack);
  } catch (err) {
    if (err instanceof Rejection) return ack(fail(err.code, err.message));
    deps.logger.error({ err, event: name, user: socket.data.user.id }, "socket handler failed");
    ack(fail(ErrorCode.Internal, "Something went wrong on the server; nothing was recorded."));
  }
}

/**
 * The message's ack, answered at most once. Made by a factory: a named closure per message cost a
 * `__name` call each under tsx's keepNames, a few thousand a second (issue 14).
 */
function answerOnce(maybeAck: unknown): (reply: Ack<unknown>) => void {
  let answered = false;
  return (reply) => {
    if (answered) return;
    answered = true;
    if (typeof maybeAck === "function") maybeAck(reply);
  };
}

function malformed(name: string, issues: readonly z.core.$ZodIssue[]): Ack<never> {
  return {
    ok: false,
    error: {
      code: ErrorCode.BadRequest,
      message: `Malformed ${name}: ${issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ")}`,
      issues: issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    },
  };
}

/** An officer's device reports its own unit's fixes; the ack (when asked for) waits for the write. */
async function position$(deps: GatewayDeps, u: User, report: z.output<typeof PositionReport>, ack: AckFn): Promise<void> {
  if (u.role !== "officer" || !u.unitId) throw new Rejection(ErrorCode.Forbidden, "Only an officer's device reports its unit's position.");
  const other = report.fixes.find((f) => f.unitId !== u.unitId);
  if (other) throw new Rejection(ErrorCode.Forbidden, `You may report ${u.unitId} only, not ${other.unitId}.`);
  // An unknown operation gets no state at all (it used to grow memory for ever).
  if (!deps.ops.get(report.opId)) throw new Rejection(ErrorCode.NotFound, `No operation ${report.opId}.`);
  const { unknown, stored } = deps.lane.accept(report.opId, report.fixes);
  if (unknown.length > 0) throw new Rejection(ErrorCode.NotFound, `Unit ${unknown[0]} is not part of this operation.`);
  deps.lane.ownFixes(report.opId, [u.unitId]);
  await stored;
  ack({ ok: true, data: { stored: report.fixes.length } });
}

type CommandDeps = Pick<GatewayDeps, "ops" | "metrics"> &
  Partial<Pick<GatewayDeps, "photos" | "refused">> & { limits: Pick<GatewayLimits, "reports"> };

/**
 * One command, authorised, charged and appended through its operation's log: the same path for
 * the socket and for the HTTP route the service worker uses (server/http/commandRoute.ts). A
 * phone's command refused for good is recorded (once per key) before the refusal is acked, so
 * control can see what the phone keeps marked refused (spec O16).
 */
export async function command$(
  deps: CommandDeps,
  user: User,
  name: CommandName,
  wire: { opId: string; key: string; body: unknown },
  ack: (reply: Ack<unknown>) => void,
  clockOffsetMs: number | null,
): Promise<void> {
  let reply: Ack<unknown> | null = null;
  // A command appended now is acked as soon as it is on disk (before its broadcast); once only.
  let answered = false;
  const early = (r: Ack<unknown>) => {
    answered = true;
    ack(r);
  };
  try {
    await execute$(deps, user, name, wire, (r) => (reply ??= r), clockOffsetMs, early);
  } catch (err) {
    if (!(err instanceof Rejection)) throw err;
    reply = fail(err.code, err.message);
  }
  if (reply === null || answered) return;
  const answer: Ack<unknown> = reply;
  if (!answer.ok) await deps.refused?.note(user, name, wire, answer.error);
  ack(answer);
}

async function execute$(
  deps: CommandDeps,
  user: User,
  name: CommandName,
  wire: { opId: string; key: string; body: unknown },
  ack: (reply: Ack<unknown>) => void,
  clockOffsetMs: number | null,
  early?: (reply: Ack<unknown>) => void,
): Promise<void> {
  if (!COMMAND_ROLES[name].includes(user.role)) {
    deps.metrics.rejected.inc({ code: ErrorCode.Forbidden });
    throw new Rejection(ErrorCode.Forbidden, `A ${user.role} may not send ${name}.`);
  }
  const log = deps.ops.get(wire.opId);
  if (!log) throw new Rejection(ErrorCode.NotFound, `No operation ${wire.opId}.`);
  // The same rule as the hello: an account limited to some operations acts on those only (A13).
  if (!maySee(user, wire.opId)) throw new Rejection(ErrorCode.Forbidden, "Your account may not see this operation.");
  const reports = name === "report:submit" ? deps.limits.reports : null;
  // A resend of a report already taken (the phone lost the ack) is answered, not counted: it is
  // refunded below, and past the cap it still goes through. The key is looked up only then, so
  // a new report costs the store nothing before its append.
  const charged = reports !== null && (await chargeReport(reports, user.id, () => log.hasKey(wire.key)));
  const started = performance.now();
  const result = await log.execute(
    {
      actor: { userId: user.id, role: user.role, name: user.name },
      unitId: user.unitId,
      sector: user.sector,
      clockOffsetMs,
      // Without a photo store (a route that does not pass one) every named photo is "pending".
      photos: deps.photos ? await knownPhotos(deps.photos, wire.opId, wire.body) : new Map(),
    },
    { name, body: wire.body } as Command,
    wire.key,
    // Appended now: not a duplicate nor refused, so nothing below changes its ack.
    early,
  );
  deps.metrics.commandSeconds.observe({ command: name, ok: String(result.ok) }, (performance.now() - started) / 1000);
  if (!result.ok) deps.metrics.rejected.inc({ code: result.error.code });
  // Only a report that was appended counts: a refused one or a resend of the same key is free.
  if (charged && (!result.ok || result.data.duplicate)) await reports.refund(user.id);
  ack(result);
}

/**
 * The cap on reports per steward per minute, with a message the steward's phone can show.
 * Says whether the report was charged (false: over the cap, but a resend of one already taken).
 */
async function chargeReport(reports: Budget, userId: string, isResend: () => Promise<boolean>): Promise<boolean> {
  const verdict = await reports.take(userId);
  if (verdict.ok) return true;
  if (await isResend()) return false;
  const wait = Math.ceil(verdict.retryAfterMs / 1000);
  throw new Rejection(
    ErrorCode.RateLimited,
    `You have sent ${verdict.limit} reports in the last minute, the most one steward may send; wait ${wait} s and it goes again (it stays on your phone until then).`,
  );
}

/**
 * Brings a client up to date and subscribes it (DESIGN §3), with no lock: it joins the rooms
 * first, then reads, so every event is either live or in the reply (or both: the client drops
 * what it already has). The reply is bounded whatever the log holds (catchUp.ts); a filtered
 * audience's reply names no head (only control may learn the log's length).
 */
async function hello$(
  deps: GatewayDeps,
  socket: CordonSocket,
  user: User,
  hello: Hello,
  ack: (reply: Ack<HelloReply>) => void,
): Promise<void> {
  checkProtocol(hello.protocol);
  // The device's clock against the log's: a late report's own time is judged by it (issue 13).
  if (hello.clientTime !== undefined) socket.data.clockOffsetMs = deps.now() - hello.clientTime;
  const viewer = viewerOf(user);
  if (!viewer) throw new Rejection(ErrorCode.Forbidden, "Analysts see an operation in replay, after the event; admins have no live feed.");
  if (!maySee(user, hello.opId)) throw new Rejection(ErrorCode.Forbidden, "Your account may not see this operation.");
  const log = deps.ops.get(hello.opId);
  if (!log) throw new Rejection(ErrorCode.NotFound, `No operation ${hello.opId}.`);
  const audiences = deps.ops.audiences(hello.opId);
  if (!audiences) throw new Rejection(ErrorCode.NotFound, `No operation ${hello.opId}.`);
  joinOnly(
    socket,
    roomsOf(viewer).map((r) => opRoom(hello.opId, r)),
  );
  const positions = () => deps.lane.latestFor(hello.opId, viewer);
  const reply = await catchUp(log, audiences, viewer, hello, deps.limits.page, { positions });
  const head = viewer.kind === "control" ? log.state.seq : null;
  ack({ ok: true, data: { ...reply, head } });
  // Latest wins on reconnect: the counts this viewer may see, as they are now (none for stewards and officers).
  const counts = deps.ingress?.ingress.latestFor(hello.opId, viewer) ?? [];
  if (counts.length > 0) socket.emit("counts", { opId: hello.opId, counts });
  // Control hears a head every couple of seconds; the others only get clock samples, starting now.
  if (viewer.kind !== "control") deps.heads.greet(greeted(socket), hello.opId);
}

function greeted(socket: CordonSocket) {
  return {
    id: socket.id,
    get connected() {
      return socket.connected;
    },
    emitHead: (head: Parameters<ServerToClientEvents["head"]>[0]) => socket.emit("head", head),
  };
}

/** Leaves the operation rooms of an earlier hello that this one does not need, and joins these. */
function joinOnly(socket: CordonSocket, rooms: string[]): void {
  for (const r of socket.data.joined ?? []) if (!rooms.includes(r)) void socket.leave(r);
  void socket.join(rooms);
  socket.data.joined = rooms;
}

function fail(code: ErrorCode, message: string): Ack<never> {
  return { ok: false, error: { code, message } };
}
