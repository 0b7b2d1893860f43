import { describe, expect, it } from "vitest";
import { evolve, foldEvents } from "../../shared/evolve";
import { initialState } from "../../shared/state";
import { given, seal, t } from "../support/decider";
import { alertSent, opened, phaseStarted, unitRegistered, unitStatusChanged } from "../support/deciderEvents";

/** Decider spec: how the operation and units fold (shared/evolve.ts). */

const psu12a = {
  id: "psu-12a",
  callSign: "12A",
  kind: "serial",
  agency: "MPS",
  status: "available",
  statusSince: t(2),
  sector: "olympic-way",
  parentId: null,
  strength: null,
  incidentId: null,
} as const;

describe("T18: OperationOpened", () => {
  it("T18: opening sets the operation from the payload, opened at the event's time, with no phase started", () => {
    const phases = [{ name: "Turnstiles open", at: t(100) }];
    given()
      .on(opened({ phases }))
      .thenState({
        operation: {
          id: "op-test",
          name: "England v Italy",
          venueId: "wembley",
          cadStart: 4100,
          cadDate: "17Oct",
          openedAt: t(1),
          phases,
          currentPhase: null,
        },
      });
  });

  it("T18: the folded log of one OperationOpened is the initial state with the operation, at its seq and time", () => {
    given(opened({ name: "Test", cadStart: 1 })).thenState({
      operation: {
        id: "op-test",
        name: "Test",
        venueId: "wembley",
        cadStart: 1,
        cadDate: "17Oct",
        openedAt: t(1),
        phases: [],
        currentPhase: null,
      },
    });
  });
});

describe("T19: OperationPhaseStarted", () => {
  it("T19: a phase becomes the operation's current phase; a later one replaces it", () => {
    given(opened())
      .on(phaseStarted("Ingress"))
      .thenState({ operation: (o) => (o ? { ...o, currentPhase: "Ingress" } : o) });
    given(opened(), phaseStarted("Ingress"))
      .on(phaseStarted("Egress"))
      .thenState({ operation: (o) => (o ? { ...o, currentPhase: "Egress" } : o) });
  });

  it("T19: before the operation is opened it changes nothing", () => {
    given().on(phaseStarted("Ingress")).thenUnchanged();
  });
});

describe("T20: UnitRegistered", () => {
  it("T20: a registered unit is available since the event, on no incident", () => {
    given(opened())
      .on(unitRegistered("psu-12a", "12A"))
      .thenState({ units: { "psu-12a": psu12a } });
  });

  it("T20: it keeps its kind, agency, sector, parent and strength; other units keep their identity", () => {
    given(opened(), unitRegistered("psu-12a", "12A"))
      .on(unitRegistered("las-1", "LAS 1", { kind: "las", agency: "LAS", sector: null, parentId: "psu-12a", strength: 2 }))
      .thenState({
        units: {
          "las-1": {
            id: "las-1",
            callSign: "LAS 1",
            kind: "las",
            agency: "LAS",
            status: "available",
            statusSince: t(3),
            sector: null,
            parentId: "psu-12a",
            strength: 2,
            incidentId: null,
          },
        },
      });
  });
});

describe("T21: UnitStatusChanged", () => {
  it("T21: the unit takes the status, since the event's time", () => {
    given(opened(), unitRegistered("psu-12a", "12A"), unitRegistered("las-1", "LAS 1"))
      .on(unitStatusChanged("psu-12a", "refreshment"))
      .thenState({ units: { "psu-12a": { ...psu12a, status: "refreshment", statusSince: t(4) } } });
  });

  it("T21: a unit this state does not hold changes nothing", () => {
    given(opened(), unitRegistered("psu-12a", "12A")).on(unitStatusChanged("psu-99", "off-duty")).thenUnchanged();
  });
});

describe("T36: the envelope", () => {
  it("T36: every event sets the state's seq and record time from its own", () => {
    const s = evolve(initialState, seal({ ...opened(), at: 42 }, 7));
    expect([s.seq, s.at]).toEqual([7, 42]);
  });

  it("T36: an event already applied (seq ≤ state.seq) returns the very same state", () => {
    const s = foldEvents(initialState, [seal(opened(), 1), seal(unitRegistered("psu-12a", "12A"), 2)]);
    expect(evolve(s, seal(unitStatusChanged("psu-12a", "off-duty"), 2))).toBe(s);
    expect(evolve(s, seal(alertSent("alert-1"), 1))).toBe(s);
  });

  it("T36: foldEvents applies events in order and skips those already applied", () => {
    const events = [seal(opened(), 1), seal(unitRegistered("psu-12a", "12A"), 2), seal(unitStatusChanged("psu-12a", "off-duty"), 3)];
    const s = foldEvents(initialState, [...events, events[1]!]);
    expect(s.seq).toBe(3);
    expect(s.units["psu-12a"]).toEqual({ ...psu12a, status: "off-duty", statusSince: t(3) });
    expect(foldEvents(s, [])).toBe(s);
  });
});
