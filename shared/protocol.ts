import { z } from "zod";
import type { CommandInput, CommandName } from "./commands";
import type { Ack } from "./errors";
import { type CordonEvent, Id } from "./events";
import type { StewardCountReport } from "./ingressProtocol";
import type { OperationState } from "./state";
import type { CountsFrame, PositionsFrame, PositionTuple } from "./wire";

/**
 * The socket protocol (docs/protocol.md describes each message with an example).
 * Version 1: a client says hello with the last seq it applied; the server answers with a
 * snapshot (reset) or the events it missed, then streams live events and position frames.
 */
export const Hello = z.object({
  /**
   * The client's protocol version. Any integer parses, so that a client of another version gets
   * the typed `protocol_mismatch` refusal (server/socket/protocolVersion.ts), not a schema error.
   */
  protocol: z.number().int().min(0),
  opId: Id,
  /** Seq of the last event the client applied; null for a first connect. */
  lastSeq: z.number().int().min(0).nullable(),
  /**
   * The clock the client stamps reports with, read as it sends this hello (ms). The server keeps
   * the difference from its own as the device's clock offset (issue 13).
   */
  clientTime: z.number().int().min(0).optional(),
  /**
   * Asks for the next page of a paged snapshot: the `seq` and the `page` after the last one
   * received (docs/protocol.md §3). A snapshot the server no longer holds starts again at page 1.
   */
  snapshot: z.object({ seq: z.number().int().min(0), page: z.number().int().min(2) }).optional(),
});
export type Hello = z.infer<typeof Hello>;

/**
 * One item of a paged snapshot: an entry of one of the state's records (`key` its id), or the
 * next element of one of its lists (`key` null), in order.
 */
export type SnapshotItem = [field: string, key: string | null, value: unknown];

/** A page of a snapshot: the state's scalar fields (seq, at, operation, …) on page 1, then items. */
export interface SnapshotPart {
  core?: Record<string, unknown>;
  items: SnapshotItem[];
}

/**
 * The hello reply. `head` is the log's last seq for control and null for every other audience
 * (only control may learn the log's length). An events reply carries at most one page: with
 * `complete: false` more follow, and the client says hello again with its new last seq (absent
 * or true: caught up). A state too big for one reply comes as `snapshot` pages 1…`pages` of the
 * state at `seq`, asked for one by one with `Hello.snapshot`; the client assembles them into a
 * reset. A reset (or a snapshot's last page) with `complete: false` is followed by a hello from
 * its seq. Positions come with the reply that completes the catch-up.
 */
export type HelloReply = SyncReply | SnapshotPage;

/** What a client folds: a reset (sent whole, or assembled from snapshot pages) or events. */
export type SyncReply =
  | { mode: "reset"; state: OperationState; head: number | null; positions: PositionTuple[]; complete?: boolean }
  | { mode: "events"; events: CordonEvent[]; head: number | null; positions: PositionTuple[]; complete?: boolean };

export interface SnapshotPage {
  mode: "snapshot";
  /** The snapshot's state seq: every page is of this one state. */
  seq: number;
  /** 1-based; the client asks for `page + 1` until `page === pages`. */
  page: number;
  pages: number;
  /**
   * The page's `SnapshotPart` as UTF-8 JSON, sent as a binary attachment: encoded once per page
   * however many clients ask for it, and neither walked nor escaped again per reply.
   */
  data: Uint8Array | ArrayBuffer;
  head: number | null;
  positions: PositionTuple[];
  /** On the last page: false when events followed the snapshot (say hello from its seq). */
  complete: boolean;
}

export const FixInput = z.object({
  unitId: Id,
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  at: z.number().int().min(0),
  heading: z.number().min(0).max(360).nullable().default(null),
  speed: z.number().min(0).max(100).nullable().default(null),
  accuracy: z.number().min(0).max(10000).nullable().default(null),
});
/** The most fixes one message or feed batch carries: 500 is about 55 KB of JSON, within the 64 KB limit. */
export const MAX_FIXES = 500;
const Fixes = z.array(FixInput).min(1).max(MAX_FIXES);
export const PositionReport = z.object({ opId: Id, fixes: Fixes });
/** A tracking feed's batch (`POST /api/operations/:opId/positions`). */
export const FeedBatch = z.object({ fixes: Fixes });
export type PositionReport = z.input<typeof PositionReport>;

/** One operation as GET /api/operations lists it (and POST returns it). */
export interface OperationListing {
  id: string;
  name: string;
  venueId: string;
  openedAt: number;
  /** The log's length; null for stewards and officers (only control and analysts learn it). */
  seq: number | null;
  phase: string | null;
}

export interface CommandResult {
  seq: number;
  eventId: string;
  /** True when this key had already been applied: nothing new was appended. */
  duplicate: boolean;
}

export type CommandWire<N extends CommandName> = { opId: string; key: string; body: CommandInput<N> };

type CommandHandlers = {
  [N in CommandName]: (payload: CommandWire<N>, ack: (result: Ack<CommandResult>) => void) => void;
};

export interface ClientToServerEvents extends CommandHandlers {
  "sync:hello": (hello: Hello, ack: (reply: Ack<HelloReply>) => void) => void;
  "position:report": (report: PositionReport, ack: (result: Ack<{ stored: number }>) => void) => void;
  /** A steward's gate count (issue 11 item 7; shared/ingressProtocol.ts). */
  "count:report": (report: StewardCountReport, ack: (result: Ack<{ stored: number }>) => void) => void;
}

export interface ServerToClientEvents {
  /** One live event, already projected for the receiving audience. */
  event: (event: CordonEvent) => void;
  positions: (frame: PositionsFrame) => void;
  /** Turnstile counts, the telemetry lane's second kind: control and command roles only. */
  counts: (frame: CountsFrame) => void;
  /** The server's clock, and for control screens the log's head (null for other audiences). */
  head: (head: { opId: string; seq: number | null; now: number }) => void;
  /** Sent before the server ends a session (sign-out, expiry, role change): sign in again. */
  "session:ended": (info: { reason: string }) => void;
  /** Sent before a graceful shutdown closes the connection: reconnect and catch up, nothing to do. */
  "server:restarting": (info: { reason: string }) => void;
}
