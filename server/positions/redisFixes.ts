import type { Redis } from "ioredis";
import type { Fix } from "../../shared/state";
import type { PositionTuple } from "../../shared/wire";
import { RedisTelemetryShare, type TelemetryShare } from "../telemetry/redisTelemetry";
import { positionKind } from "./positionKind";

/** The positions' share between processes: the telemetry share of the position kind (hash `<prefix>fixes:<opId>`). */
export type FixShare = TelemetryShare<Fix>;

export class RedisFixShare extends RedisTelemetryShare<Fix, PositionTuple> {
  constructor(redis: Redis, prefix: string) {
    super(redis, prefix, positionKind);
  }
}
