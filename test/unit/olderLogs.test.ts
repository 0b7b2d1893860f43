import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyExport } from "../../server/export/verifyExport";
import { GENESIS_HASH, hashedText } from "../../shared/canonical";
import { CordonEvent } from "../../shared/events";
import { foldEvents } from "../../shared/evolve";
import { initialState } from "../../shared/state";
import { actors, at } from "../support/events";

/**
 * Logs written before issue 10 hold IncidentReported with no `source`, IncidentClosed with no
 * `result` or `note`, UnitAssigned with no `recommended`. They must still verify (the hash covers
 * the text as sealed, and nothing rewrites it), re-parse (the schema fills in its defaults) and fold.
 */

const T = 1_697_554_800_000;
const scope = { sector: "olympic-way", stewards: [], units: [] };
const OLD_PAYLOADS = [
  {
    type: "OperationOpened",
    payload: { name: "Old", venueId: "wembley", cadStart: 4100, cadDate: "17Oct", phases: [] },
    scope: { ...scope, sector: null },
  },
  {
    type: "UnitRegistered",
    payload: { unitId: "psu-12a", callSign: "12A", kind: "serial", agency: "MPS", sector: "olympic-way", parentId: null, strength: null },
    scope: { ...scope, units: ["psu-12a"] },
  },
  {
    type: "IncidentReported",
    payload: {
      incidentId: "inc-1",
      ref: "CAD 4101/17Oct",
      type: "disorder",
      grade: null,
      location: at.olympicWay,
      sector: "olympic-way",
      locationText: "",
      description: "Fight",
      reporterTime: null,
    },
    scope,
  },
  {
    type: "UnitAssigned",
    payload: { incidentId: "inc-1", unit: { id: "psu-12a", callSign: "12A" }, incident: null },
    scope: { ...scope, units: ["psu-12a"] },
  },
  { type: "IncidentClosed", payload: { incidentId: "inc-1" }, scope: { ...scope, units: ["psu-12a"] } },
] as const;

/** Sealed as the server sealed them then: the hash over the canonical text of exactly these fields. */
function oldLog(): Record<string, unknown>[] {
  let prevHash = GENESIS_HASH;
  return OLD_PAYLOADS.map((d, i) => {
    const unsealed = { seq: i + 1, id: `e${i + 1}`, opId: "op-old", at: T + i * 1000, actor: actors.control, ...d, prevHash };
    const hash = createHash("sha256").update(hashedText(prevHash, unsealed)).digest("hex");
    prevHash = hash;
    return { ...unsealed, hash };
  });
}

describe("logs written before issue 10's fields (X8)", () => {
  it("X8: an old log verifies unchanged, re-parses with the defaults filled in, and folds with no source and no result", () => {
    const log = oldLog();
    const report = verifyExport(log.map((e) => JSON.stringify(e)));
    expect(report.chainIntact).toBe(true);
    expect(report.findings.map((f) => f.kind)).toEqual(["header-missing"]);

    const parsed = log.map((e) => CordonEvent.parse(e));
    expect(parsed[2]?.payload).toMatchObject({ source: "radio" });
    expect(parsed[3]?.payload).toMatchObject({ recommended: null });
    expect(parsed[4]?.payload).toEqual({ incidentId: "inc-1", result: null, note: "" });
    // Why the stores keep each event as sealed: the parsed form, defaults added, is another text.
    const again = parsed.map((e) => JSON.stringify(e));
    expect(
      verifyExport(again)
        .findings.filter((f) => f.kind === "altered")
        .map((f) => f.seq),
    ).toEqual([3, 4, 5]);

    const state = foldEvents(initialState, log as unknown as CordonEvent[]);
    const incident = state.incidents["inc-1"];
    expect(incident && "source" in incident).toBe(false);
    expect(incident).toMatchObject({ status: "closed", closeResult: null, assigned: [] });
    expect(incident?.timeline.at(-1)?.text).toBe("Closed");
    expect(state.units["psu-12a"]).toMatchObject({ status: "available", incidentId: null });
  });
});
