import type { CountSource, GateCount } from "./ingress";
import type { Fix } from "./state";

/**
 * The parts of the wire protocol that need no schema library, so that a phone's bundle does not
 * carry zod: the protocol version and the compact position encoding (DESIGN §6).
 */
export const PROTOCOL_VERSION = 1;

/**
 * Compact wire form of a fix (DESIGN §6): an array, not an object, ~60 bytes a unit.
 * [unitId, lat, lng, at, heading, speed]
 */
export type PositionTuple = [string, number, number, number, number | null, number | null];

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function encodeFix(f: Fix): PositionTuple {
  return [f.unitId, round6(f.lat), round6(f.lng), f.at, f.heading, f.speed];
}

export function decodeFix(t: PositionTuple): Fix {
  return { unitId: t[0], lat: t[1], lng: t[2], at: t[3], heading: t[4], speed: t[5], accuracy: null };
}

export interface PositionsFrame {
  opId: string;
  fixes: PositionTuple[];
}

/**
 * Compact wire form of a turnstile reading (issue 11 item 7), the telemetry lane's second kind:
 * [groupId, at, count, queue, source]. Who read it stays on the server.
 */
export type CountTuple = [string, number, number | null, number | null, CountSource];

export function encodeCount(c: GateCount): CountTuple {
  return [c.groupId, c.at, c.count, c.queue, c.source];
}

export function decodeCount(t: CountTuple): GateCount {
  return { groupId: t[0], at: t[1], count: t[2], queue: t[3], source: t[4], by: null };
}

/** The socket event `counts`: the latest reading of each entrance group that changed. */
export interface CountsFrame {
  opId: string;
  counts: CountTuple[];
}
