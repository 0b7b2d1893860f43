import { z } from "zod";
import { valuesOf } from "./collection";
import type { AttendanceTarget, Grade, UnitStatus } from "./domain";
import { UNIT_STATUSES } from "./domain";
import type { Unit } from "./state";

/**
 * CAD status timers (issue 10 item 2): a unit whose status has not changed for longer than its
 * status allows is flagged on the control board, so a unit "en route" for 25 minutes, or "on
 * scene" long after the incident went quiet, is asked for an update. Pure: time is an input.
 */

/** Milliseconds each status may last before the unit is flagged; a status not named is never flagged. */
export type StatusTimers = Readonly<Partial<Record<UnitStatus, number>>>;

/** Available and off duty are resting states: nothing to chase. */
export const DEFAULT_STATUS_TIMERS = "en-route=10m,on-scene=45m,committed=60m,refreshment=45m,returning=15m";

/**
 * What the control board's client is told at sign-in (`GET`/`POST /api/session`, docs/protocol.md):
 * the operation's status timers and attendance targets, in milliseconds.
 */
export interface BoardSettings {
  statusTimersMs: StatusTimers;
  attendanceTargetsMs: Readonly<Partial<Record<Grade, Readonly<Partial<Record<AttendanceTarget, number>>>>>>;
}

/**
 * The units whose status is overdue at `now`, each with how long past its limit (ms, 0 at the
 * limit itself), in the order given. A status time in the future (another clock) is not overdue.
 */
export function staleUnits(units: Readonly<Record<string, Unit>>, timers: StatusTimers, now: number): Map<string, number> {
  const stale = new Map<string, number>();
  for (const u of valuesOf(units)) {
    const limit = timers[u.status];
    if (limit === undefined) continue;
    const overdue = now - u.statusSince - limit;
    if (overdue >= 0) stale.set(u.id, overdue);
  }
  return stale;
}

const UNIT_MS = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000 } as const;

/**
 * `STATUS_TIMERS`: `status=duration,…` with durations in s, m (or min) or h
 * (`en-route=10m,on-scene=45m`), or `none`. Each bad part is named in the error, so the server
 * stops at start saying which part and why (DESIGN §9).
 */
export const StatusTimersSetting = z.string().transform((value, ctx): StatusTimers => {
  const timers: Partial<Record<UnitStatus, number>> = {};
  if (value.trim() === "none") return timers;
  const issue = (part: string, why: string) => ctx.addIssue({ code: "custom", message: `"${part}": ${why}` });
  for (const part of value.split(",").map((p) => p.trim())) {
    if (!part) continue;
    const m = /^([a-z-]+)=(\d+)(s|m|min|h)$/.exec(part);
    if (!m) {
      issue(part, "expected status=duration, a whole number of s, m or h (e.g. en-route=10m)");
      continue;
    }
    const [, status = "", amount = "0", unit = "m"] = m;
    if (!(UNIT_STATUSES as readonly string[]).includes(status)) {
      issue(part, `no status "${status}" (statuses: ${UNIT_STATUSES.join(", ")})`);
      continue;
    }
    if (timers[status as UnitStatus] !== undefined) issue(part, `status ${status} is given twice`);
    const ms = Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
    if (ms < 60_000 || ms > 86_400_000) issue(part, "outside 1 min to 24 h");
    else timers[status as UnitStatus] = ms;
  }
  return timers;
});
