import type { Fix } from "../../shared/state";
import { decodeFix, encodeFix, type PositionTuple } from "../../shared/wire";
import type { TelemetryKind } from "../telemetry/telemetryLane";

/** Positions as a kind of telemetry reading: keyed by unit, the compact tuple on the wire (DESIGN §6). */
export const positionKind: TelemetryKind<Fix, PositionTuple> = {
  share: "fixes",
  key: (f) => f.unitId,
  at: (f) => f.at,
  encode: encodeFix,
  decode: decodeFix,
};
