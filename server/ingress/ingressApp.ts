import type { Redis } from "ioredis";
import { type EntranceGroup, entranceGroupById, entranceGroups } from "../../shared/entrances";
import type { GateCount } from "../../shared/ingress";
import type { VenuePlan } from "../../shared/venue";
import { room } from "../../shared/visibility";
import type { CountTuple } from "../../shared/wire";
import type { Accounts } from "../auth/accounts";
import type { OperationLog } from "../operations/operationLog";
import type { Operations } from "../operations/operations";
import type { CordonServer } from "../socket/gateway";
import { opRoom } from "../socket/rooms";
import type { CountStore } from "../store/eventStore";
import { RedisTelemetryShare } from "../telemetry/redisTelemetry";
import { countKind } from "./countKind";
import { countRouter } from "./countRoutes";
import { HotEntranceWatcher, loadOf } from "./hotEntrances";
import { Ingress } from "./ingress";

export interface IngressDeps {
  store: CountStore;
  accounts: Accounts;
  ops: Operations;
  venues: ReadonlyMap<string, VenuePlan>;
  io: CordonServer;
  redis: Redis | null;
  redisPrefix: string;
  flushMs: number;
  feedTokens: readonly string[];
  now: () => number;
  /** How often the hot-entrance watcher looks (ms); 0: only when told. */
  watchEveryMs: number;
  onError: (err: unknown, what: string) => void;
}

/**
 * Crowd ingress, put together (issue 11 item 7): the counts on the telemetry lane, the feed's
 * route, and the watcher that raises "entrance running hot". Counts go to control's room and the
 * Bronzes' (`bronze`, once the board has one): the command roles, never stewards or officers.
 */
export function createIngress(deps: IngressDeps) {
  // The operation's plan, as the log decides with it (Operations falls back to the first plan too).
  const planOf = (log: OperationLog): VenuePlan | undefined =>
    deps.venues.get(log.state.operation?.venueId ?? "wembley") ?? [...deps.venues.values()][0];
  const groupsOfOp = (opId: string): ReadonlyMap<string, EntranceGroup> | undefined => {
    const log = deps.ops.get(opId);
    const plan = log && planOf(log);
    return plan ? entranceGroupById(plan) : undefined;
  };
  const ingress = new Ingress({
    store: deps.store,
    flushMs: deps.flushMs,
    now: deps.now,
    groupsOf: groupsOfOp,
    emit: (opId, r, counts: CountTuple[]) => deps.io.local.to(opRoom(opId, r)).emit("counts", { opId, counts }),
    hasListeners: (opId, r) => (deps.io.sockets.adapter.rooms.get(opRoom(opId, r))?.size ?? 0) > 0,
    rooms: [room.control, room.bronze],
    share: deps.redis ? new RedisTelemetryShare<GateCount, CountTuple>(deps.redis, deps.redisPrefix, countKind) : null,
    onError: deps.onError,
  });
  const watcher = new HotEntranceWatcher({
    logs: () => deps.ops.all(),
    groupsOf: (log) => {
      const plan = planOf(log);
      return plan ? entranceGroups(plan) : [];
    },
    load: (opId, groupId) => loadOf(ingress.recentOf(opId, groupId), ingress.latestOf(opId, groupId), deps.now()),
    everyMs: deps.watchEveryMs,
    onError: deps.onError,
  });
  return {
    ingress,
    watcher,
    router: countRouter({
      ingress,
      feedTokens: deps.feedTokens,
      accounts: deps.accounts,
      store: deps.store,
      known: (opId) => deps.ops.get(opId) !== undefined,
    }),
    /** A steward's gate count may name only groups of their own sector. */
    groupSector: (opId: string, groupId: string) => groupsOfOp(opId)?.get(groupId)?.sector,
    async start(): Promise<void> {
      await ingress.lane.startSharing();
      for (const log of deps.ops.all()) await ingress.load(log.opId);
      watcher.start();
    },
    async close(): Promise<void> {
      await watcher.close();
      await ingress.close();
    },
  };
}

export type IngressParts = ReturnType<typeof createIngress>;
