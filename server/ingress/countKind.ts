import { type GateCount, mergeCount } from "../../shared/ingress";
import { type CountTuple, decodeCount, encodeCount } from "../../shared/wire";
import type { TelemetryKind } from "../telemetry/telemetryLane";

/**
 * Turnstile readings as the telemetry lane's second kind: keyed by entrance group; the latest
 * live is merged (a steward's queue-only reading keeps the feed's count beside it).
 */
export const countKind: TelemetryKind<GateCount, CountTuple> = {
  share: "counts",
  key: (c) => c.groupId,
  at: (c) => c.at,
  encode: encodeCount,
  decode: decodeCount,
  merge: mergeCount,
};
