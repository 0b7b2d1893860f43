import { describe, expect, it } from "vitest";
import { unitsByCallSign } from "../../client/src/store/selectors";
import type { OperationState, Unit } from "../../shared/state";

/** Only the units map matters to the selector; the rest of the state is left out. */
const stateWith = (units: Record<string, Pick<Unit, "id" | "callSign">>) => ({ units }) as unknown as OperationState;

describe("board openings (issue 14 item 3)", () => {
  it("ZB4: the units are sorted once per units map: the same array while the map is unchanged, a new one in call-sign order when it changes", () => {
    const units = { a: { id: "a", callSign: "U10" }, b: { id: "b", callSign: "U9" }, c: { id: "c", callSign: "R2" } };
    const first = unitsByCallSign(stateWith(units));
    expect(first.map((u) => u.callSign)).toEqual(["R2", "U9", "U10"]);
    // Another store change (a selection, an incident event) keeps the fold's units map: no re-sort.
    expect(unitsByCallSign({ ...stateWith(units), incidents: {} } as OperationState)).toBe(first);
    const changed = unitsByCallSign(stateWith({ ...units, d: { id: "d", callSign: "A1" } }));
    expect(changed).not.toBe(first);
    expect(changed.map((u) => u.callSign)).toEqual(["A1", "R2", "U9", "U10"]);
  });

  it("ZB4: a units map with the same call signs keeps the last order with its own units; a renamed or removed unit is sorted again", () => {
    const units = { a: { id: "a", callSign: "U10" }, b: { id: "b", callSign: "U9" }, c: { id: "c", callSign: "R2" } };
    unitsByCallSign(stateWith(units));
    // A status change: a new object for one unit, the same call signs.
    const moved = { ...units, b: { id: "b", callSign: "U9", status: "en-route" } };
    const carried = unitsByCallSign(stateWith(moved));
    expect(carried.map((u) => u.callSign)).toEqual(["R2", "U9", "U10"]);
    expect(carried[1]).toBe(moved.b);
    const renamed = unitsByCallSign(stateWith({ ...moved, a: { id: "a", callSign: "A5" } }));
    expect(renamed.map((u) => u.callSign)).toEqual(["A5", "R2", "U9"]);
    const { c: _gone, ...fewer } = moved;
    expect(unitsByCallSign(stateWith(fewer)).map((u) => u.callSign)).toEqual(["U9", "U10"]);
  });
});
