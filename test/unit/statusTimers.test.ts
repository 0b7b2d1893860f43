import { describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config";
import { StatusTimersSetting, staleUnits } from "../../shared/statusTimers";
import { fold, t } from "../support/decider";
import { incidentReported, opened, unit, unitArrived, unitAssigned, unitRegistered, unitStatusChanged } from "../support/deciderEvents";

/** CAD status timers (issue 10 item 2): which units the control board flags, and the setting. */

const MIN = 60_000;
const timers = { "en-route": 10 * MIN, "on-scene": 45 * MIN, refreshment: 45 * MIN };

/** 12A en route to inc-1 since t(5); LAS 1 available since t(3); PSU 3 on refreshment since t(6). */
const state = fold([
  opened(),
  unitRegistered("psu-12a", "12A"),
  unitRegistered("las-1", "LAS 1", { kind: "las", agency: "LAS" }),
  incidentReported("inc-1"),
  unitAssigned("inc-1", unit.psu12a),
  unitRegistered("psu-3", "PSU 3", { kind: "psu" }),
  unitStatusChanged("psu-3", "refreshment"),
]);

describe("status timers (M1–M3)", () => {
  it("M1: a unit is flagged once its status has lasted its limit, with how long past it; before that, and for a status with no limit, never", () => {
    expect(staleUnits(state.units, timers, t(5) + 10 * MIN - 1)).toEqual(new Map());
    expect(staleUnits(state.units, timers, t(5) + 10 * MIN)).toEqual(new Map([["psu-12a", 0]]));
    // Hours later LAS 1 is still available: available has no limit.
    expect(staleUnits(state.units, timers, t(7) + 50 * MIN)).toEqual(
      new Map([
        ["psu-12a", t(7) + 50 * MIN - t(5) - 10 * MIN],
        ["psu-3", 5 * MIN],
      ]),
    );
    expect(staleUnits(state.units, {}, t(7) + 24 * 60 * MIN)).toEqual(new Map());
    // A status time ahead of `now` (another clock) is not overdue.
    expect(staleUnits(state.units, timers, t(1))).toEqual(new Map());
  });

  it("M1: a change of status restarts the timer (arriving on scene clears the en-route flag)", () => {
    const arrived = fold([
      opened(),
      unitRegistered("psu-12a", "12A"),
      incidentReported("inc-1"),
      unitAssigned("inc-1", unit.psu12a),
      unitArrived("inc-1", unit.psu12a),
    ]);
    expect(staleUnits(arrived.units, timers, t(5) + 11 * MIN)).toEqual(new Map());
    expect(staleUnits(arrived.units, timers, t(5) + 45 * MIN)).toEqual(new Map([["psu-12a", 0]]));
  });

  it("M2: STATUS_TIMERS defaults to en-route 10 min, on scene 45, committed 60, refreshment 45, returning 15; `none` sets none", () => {
    expect(loadConfig({}).STATUS_TIMERS).toEqual({
      "en-route": 10 * MIN,
      "on-scene": 45 * MIN,
      committed: 60 * MIN,
      refreshment: 45 * MIN,
      returning: 15 * MIN,
    });
    expect(loadConfig({ STATUS_TIMERS: "none" }).STATUS_TIMERS).toEqual({});
    expect(StatusTimersSetting.parse("en-route=90s, on-scene=2h,committed=30min")).toEqual({
      "en-route": 90_000,
      "on-scene": 2 * 60 * MIN,
      committed: 30 * MIN,
    });
  });

  it("M2: a bad value stops the start with a message naming the variable and the part", () => {
    const bad = (value: string) => () => loadConfig({ STATUS_TIMERS: value });
    expect(bad("enroute=10m")).toThrow(/STATUS_TIMERS=.*"enroute=10m": no status "enroute" \(statuses: available, en-route/);
    expect(bad("en-route=10")).toThrow(/"en-route=10": expected status=duration/);
    expect(bad("en-route=10 m")).toThrow(/expected status=duration/);
    expect(bad("en-route=30s")).toThrow(/"en-route=30s": outside 1 min to 24 h/);
    expect(bad("en-route=25h")).toThrow(/outside 1 min to 24 h/);
    expect(bad("en-route=10m,en-route=5m")).toThrow(/status en-route is given twice/);
  });
});
