import { describe, expect, it } from "vitest";
import { unitSectors } from "../../server/positions/unitSectors";
import { put } from "../../shared/collection";
import { initialState, type OperationState, type Unit } from "../../shared/state";

const unit = (id: string, sector: string | null): Unit => ({
  id,
  callSign: id.toUpperCase(),
  kind: "serial",
  agency: "MPS",
  status: "available",
  statusSince: 0,
  sector,
  parentId: null,
  strength: 6,
  incidentId: null,
});

describe("a unit's sector for the positions lane (server/positions/unitSectors.ts)", () => {
  it("Z13: answers from the operation's current units: a move to another sector, a new unit and a gone operation show at once; made-up ids are unknown", () => {
    let state: OperationState = {
      ...initialState,
      units: put(put(initialState.units, "psu-1", unit("psu-1", "olympic-way")), "psu-2", unit("psu-2", null)),
    };
    let open = true;
    const sectorOf = unitSectors((opId) => (opId === "op" && open ? state : undefined));
    expect(sectorOf("op", "psu-1")).toBe("olympic-way");
    expect(sectorOf("op", "psu-1")).toBe("olympic-way");
    expect(sectorOf("op", "psu-2")).toBeNull();
    for (const id of ["psu-3", "constructor", "__proto__", "toString"]) expect(sectorOf("op", id)).toBeUndefined();
    expect(sectorOf("other-op", "psu-1")).toBeUndefined();
    // The fold makes a new units collection on any change: the answer follows it.
    state = { ...state, units: put(state.units, "psu-1", unit("psu-1", "stadium-north")) };
    expect(sectorOf("op", "psu-1")).toBe("stadium-north");
    state = { ...state, units: put(state.units, "psu-3", unit("psu-3", "stadium-west")) };
    expect(sectorOf("op", "psu-3")).toBe("stadium-west");
    open = false;
    expect(sectorOf("op", "psu-1")).toBeUndefined();
  });
});
