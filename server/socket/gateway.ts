import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import { COMMAND_NAMES, COMMAND_ROLES, type Command, type CommandName, commandEnvelope } from "../../shared/commands";
import { type Ack, ErrorCode, Rejection } from "../../shared/errors";
import type { CordonEvent } from "../../shared/events";
import { foldEvents } from "../../shared/evolve";
import { type ClientToServerEvents, Hello, PositionReport, type ServerToClientEvents, type SyncReply } from "../../shared/protocol";
import { initialState, type OperationState } from "../../shared/state";
import { project, roomsOf, type Viewer, viewerOf } from "../../shared/visibility";
import type { User } from "../auth/accounts";
import { maySee } from "../auth/operationAccess";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import type { OperationLog } from "../operations/operationLog";
import type { Operations } from "../operations/operations";
import type { PositionLane } from "../positions/positionLane";
import { checkProtocol } from "./protocolVersion";
import { TokenBucket } from "./rateLimit";
import { opRoom, sessionRoom, userRoom } from "./rooms";

export interface SocketData {
  user: User;
  sessionHash: string;
  joined: string[];
}

export type CordonServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type CordonSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface GatewayDeps {
  io: CordonServer;
  ops: Operations;
  lane: PositionLane;
  logger: Logger;
  metrics: Metrics;
  rate: { perSecond: number; burst: number };
  /** Whether a session (by token hash) is still live: sign-out, expiry or a role change end it. */
  sessionLive: (hash: string) => boolean;
  maxPayloadBytes: number;
}

/** A control client further behind than this gets a snapshot instead of the events. */
const RESET_AFTER = 2000;

type Handler<S extends z.ZodType> = (user: User, payload: z.output<S>, ack: (reply: Ack<unknown>) => void) => Promise<void>;

/**
 * Wires socket events to the domain (STYLE rule 2): every inbound event passes one gate that
 * rate-limits, parses with its schema, runs the handler and always acks
 * `{ ok: true, data } | { ok: false, error }`. Nothing is appended after a failed parse.
 */
export function attachGateway(deps: GatewayDeps): void {
  const { io, metrics } = deps;
  io.on("connection", (socket: CordonSocket) => {
    const { user } = socket.data;
    metrics.connected.inc({ role: user.role });
    socket.once("disconnect", () => metrics.connected.dec({ role: user.role }));
    void socket.join([sessionRoom(socket.data.sessionHash), userRoom(user.id)]);
    const bucket = new TokenBucket(deps.rate.perSecond, deps.rate.burst);

    function register<S extends z.ZodType>(name: string, schema: S, handler: Handler<S>): void {
      socket.on(name as keyof ClientToServerEvents, async (payload: unknown, maybeAck: unknown) => {
        let answered = false;
        const ack = (reply: Ack<unknown>) => {
          if (answered) return;
          answered = true;
          if (typeof maybeAck === "function") maybeAck(reply);
        };
        if (!deps.sessionLive(socket.data.sessionHash)) {
          ack(fail(ErrorCode.Unauthenticated, "Your session has ended; sign in again."));
          socket.emit("session:ended", { reason: "Your session has ended; sign in again." });
          socket.disconnect(true);
          return;
        }
        if (!bucket.take()) {
          metrics.rejected.inc({ code: ErrorCode.RateLimited });
          return ack(fail(ErrorCode.RateLimited, "Too many messages: slow down and retry in a moment."));
        }
        if (tooLarge(payload, deps.maxPayloadBytes)) {
          metrics.rejected.inc({ code: ErrorCode.TooLarge });
          return ack(fail(ErrorCode.TooLarge, `Message over ${deps.maxPayloadBytes} bytes; photos go through the upload route.`));
        }
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          metrics.rejected.inc({ code: ErrorCode.BadRequest });
          return ack({
            ok: false,
            error: {
              code: ErrorCode.BadRequest,
              message: `Malformed ${name}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ")}`,
              issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
            },
          });
        }
        try {
          await handler(socket.data.user, parsed.data, ack);
        } catch (err) {
          if (err instanceof Rejection) return ack(fail(err.code, err.message));
          deps.logger.error({ err, event: name, user: user.id }, "socket handler failed");
          ack(fail(ErrorCode.Internal, "Something went wrong on the server; nothing was recorded."));
        }
      });
    }

    register("sync:hello", Hello, (u, hello, ack) => hello$(deps, socket, u, hello, ack));
    for (const name of COMMAND_NAMES) {
      register(name, commandEnvelope(name), (u, wire, ack) => command$(deps, u, name, wire, ack));
    }
    register("position:report", PositionReport, async (u, report, ack) => {
      if (u.role !== "officer" || !u.unitId)
        throw new Rejection(ErrorCode.Forbidden, "Only an officer's device reports its unit's position.");
      const others = report.fixes.filter((f) => f.unitId !== u.unitId);
      if (others.length > 0) throw new Rejection(ErrorCode.Forbidden, `You may report ${u.unitId} only, not ${others[0]?.unitId}.`);
      const { unknown, stored } = deps.lane.accept(report.opId, report.fixes);
      if (unknown.length > 0) throw new Rejection(ErrorCode.NotFound, `Unit ${unknown[0]} is not part of this operation.`);
      await stored;
      ack({ ok: true, data: { stored: report.fixes.length } });
    });
  });
}

async function command$(
  deps: GatewayDeps,
  user: User,
  name: CommandName,
  wire: { opId: string; key: string; body: unknown },
  ack: (reply: Ack<unknown>) => void,
): Promise<void> {
  if (!COMMAND_ROLES[name].includes(user.role)) {
    deps.metrics.rejected.inc({ code: ErrorCode.Forbidden });
    throw new Rejection(ErrorCode.Forbidden, `A ${user.role} may not send ${name}.`);
  }
  const log = deps.ops.get(wire.opId);
  if (!log) throw new Rejection(ErrorCode.NotFound, `No operation ${wire.opId}.`);
  const started = performance.now();
  const result = await log.execute(
    { actor: { userId: user.id, role: user.role, name: user.name }, unitId: user.unitId },
    { name, body: wire.body } as Command,
    wire.key,
  );
  deps.metrics.commandSeconds.observe({ command: name, ok: String(result.ok) }, (performance.now() - started) / 1000);
  if (!result.ok) deps.metrics.rejected.inc({ code: result.error.code });
  ack(result);
}

/**
 * Brings a client up to date and subscribes it (DESIGN §3). Runs under the operation's lock,
 * so no live event is broadcast between the catch-up read and the join: the client gets every
 * event once, in order. The reply is sent inside the lock for the same reason.
 */
async function hello$(
  deps: GatewayDeps,
  socket: CordonSocket,
  user: User,
  hello: Hello,
  ack: (reply: Ack<SyncReply>) => void,
): Promise<void> {
  checkProtocol(hello.protocol);
  const viewer = viewerOf(user);
  if (!viewer) throw new Rejection(ErrorCode.Forbidden, "Analysts see an operation in replay, after the event; admins have no live feed.");
  if (!maySee(user, hello.opId)) throw new Rejection(ErrorCode.Forbidden, "Your account may not see this operation.");
  const log = deps.ops.get(hello.opId);
  if (!log) throw new Rejection(ErrorCode.NotFound, `No operation ${hello.opId}.`);
  await log.lock.run(async () => {
    const head = log.state.seq;
    const positions = deps.lane.latestFor(hello.opId, viewer);
    const reply = await catchUp(log, viewer, hello.lastSeq, head);
    for (const r of socket.data.joined ?? []) await socket.leave(r);
    const rooms = roomsOf(viewer).map((r) => opRoom(hello.opId, r));
    await socket.join(rooms);
    socket.data.joined = rooms;
    ack({ ok: true, data: { ...reply, head, positions } });
  });
}

async function catchUp(
  log: OperationLog,
  viewer: Viewer,
  lastSeq: number | null,
  head: number,
): Promise<{ mode: "reset"; state: OperationState } | { mode: "events"; events: CordonEvent[] }> {
  const fresh = lastSeq === null || lastSeq > head;
  if (viewer.kind === "control") {
    if (fresh || head - lastSeq > RESET_AFTER) return { mode: "reset", state: log.state };
    return { mode: "events", events: await log.eventsAfter(lastSeq) };
  }
  // A filtered audience's snapshot is the fold of what it may see; seq is set to the head so
  // its next hello asks only for what came after.
  const visible = (await log.eventsAfter(fresh ? 0 : lastSeq)).map((e) => project(e, viewer)).filter((e): e is CordonEvent => e !== null);
  if (fresh) return { mode: "reset", state: { ...foldEvents(initialState, visible), seq: head } };
  return { mode: "events", events: visible };
}

/** Size of a message as JSON; cheap next to parsing it, and bounded by the transport's limit. */
function tooLarge(payload: unknown, max: number): boolean {
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? "") > max;
  } catch {
    return true;
  }
}

function fail(code: ErrorCode, message: string): Ack<never> {
  return { ok: false, error: { code, message } };
}
