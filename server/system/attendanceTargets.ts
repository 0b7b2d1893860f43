import { z } from "zod";
import { ATTENDANCE_TARGETS, type AttendanceTarget, GRADES, type Grade } from "../../shared/domain";

/** Milliseconds each target allows, per grade; a grade or target not named has none. */
export type AttendanceTargets = Readonly<Partial<Record<Grade, Readonly<Partial<Record<AttendanceTarget, number>>>>>>;

/** Grade I: a unit assigned within 2 min and on scene within 15; grade S: assigned within 10. */
export const DEFAULT_ATTENDANCE_TARGETS = "I:assign=120s,arrive=900s;S:assign=600s";

const UNITS_MS = { ms: 1, s: 1000, m: 60_000, min: 60_000 } as const;

/**
 * `ATTENDANCE_TARGETS`: `grade:target=duration,…;grade:…`, durations in ms, s or m
 * (`I:assign=2m,arrive=15m;S:assign=600s`), or `none`. A bad part is named in the error, so the
 * process stops at start with a message saying which part and why (DESIGN §9).
 */
export const AttendanceTargetsSetting = z.string().transform((value, ctx): AttendanceTargets => {
  const targets: Partial<Record<Grade, Partial<Record<AttendanceTarget, number>>>> = {};
  if (value.trim() === "none") return targets;
  const issue = (part: string, why: string) => ctx.addIssue({ code: "custom", message: `"${part}": ${why}` });
  for (const part of value.split(";").map((p) => p.trim())) {
    if (!part) continue;
    const [grade = "", list = "", ...extra] = part.split(":");
    if (extra.length > 0 || !list) {
      issue(part, "expected grade:target=duration,… (e.g. I:assign=120s,arrive=15m)");
      continue;
    }
    if (!(GRADES as readonly string[]).includes(grade)) {
      issue(part, `no grade "${grade}" (grades: ${GRADES.join(", ")})`);
      continue;
    }
    if (targets[grade as Grade]) issue(part, `grade ${grade} is given twice`);
    targets[grade as Grade] = parseList(list, (why) => issue(part, why));
  }
  return targets;
});

function parseList(list: string, issue: (why: string) => void): Partial<Record<AttendanceTarget, number>> {
  const out: Partial<Record<AttendanceTarget, number>> = {};
  for (const item of list.split(",").map((i) => i.trim())) {
    const m = /^([a-z]+)=(\d+)(ms|s|m|min)$/.exec(item);
    if (!m) {
      issue(`"${item}" is not target=duration (a whole number of ms, s or m)`);
      continue;
    }
    const [, target = "", amount = "0", unit = "s"] = m;
    if (!(ATTENDANCE_TARGETS as readonly string[]).includes(target)) {
      issue(`no target "${target}" (targets: ${ATTENDANCE_TARGETS.join(", ")})`);
      continue;
    }
    const ms = Number(amount) * UNITS_MS[unit as keyof typeof UNITS_MS];
    if (ms < 1000 || ms > 86_400_000) issue(`${item} is outside 1 s to 24 h`);
    else out[target as AttendanceTarget] = ms;
  }
  return out;
}
