import { describe, expect, it } from "vitest";
import { sampleLog } from "../../scripts/visibilityMatrix/cells";
import { bronzeAckKey, unacknowledged } from "../../server/system/bronzeAck";
import { SYSTEM_ACTOR } from "../../shared/events";
import { deliveries, positionRooms, project, roomsOf, seesPositionOf, type Viewer } from "../../shared/visibility";
import { type Draft, fold, given, t } from "../support/decider";
import { incidentReported, incidentResolved, opened, unitRegistered, unitStatusChanged } from "../support/deciderEvents";
import { actors } from "../support/events";

/** What a Bronze's board receives (shared/visibility.ts), and the watcher's rule for their acknowledgement (issue 11). */

const bronzeOW: Viewer = { kind: "bronze", userId: "u-bronze", sector: "olympic-way" };
const bronzeNorth: Viewer = { kind: "bronze", userId: "u-bronze-north", sector: "stadium-north" };
const control: Viewer = { kind: "control", userId: "u-control" };

const north = { sector: "stadium-north", stewards: [], units: ["psu-n1"] };
const history = given(
  opened(),
  unitRegistered("psu-12a", "12A"),
  unitRegistered("psu-n1", "N1", { sector: "stadium-north" }),
  unitStatusChanged("psu-n1", "refreshment", { scope: north }),
  incidentReported("inc-1", { sector: "stadium-north", location: { lat: 51.5572, lng: -0.2797 } }),
);
const [, ow12a, n1, n1Status, northIncident] = history.events;

describe("CR6: a Bronze's board", () => {
  it("CR6: a Bronze joins the room of every Bronze and their sector's own", () => {
    expect(roomsOf(bronzeOW)).toEqual(["bronze", "bronze:olympic-way"]);
  });

  it("CR6: a unit's own record reaches the Bronze of its sector only, in control's version", () => {
    expect(project(ow12a!, bronzeOW)).toBe(ow12a);
    expect(project(ow12a!, bronzeNorth)).toBeNull();
    expect(project(n1!, bronzeOW)).toBeNull();
    expect(project(n1Status!, bronzeOW)).toBeNull();
    expect(project(n1Status!, bronzeNorth)).toBe(n1Status);
  });

  it("CR6: an incident of another sector reaches every Bronze whole (the whole ground's incidents)", () => {
    expect(project(northIncident!, bronzeOW)).toBe(northIncident);
  });

  it("CR6: every event of the matrix's log that control receives reaches a Bronze as control's version, but other sectors' unit records", () => {
    const { events } = sampleLog();
    const other: Viewer = { kind: "bronze", userId: "u-b", sector: "stadium-west" };
    for (const e of events) {
      const seen = project(e, control);
      const unitRecord = e.scope.units.length > 0 && !("incidentId" in e.payload);
      const sees = (sector: string) => (unitRecord && e.scope.sector !== sector ? null : seen);
      expect(project(e, bronzeOW), `${e.seq} ${e.type}`).toBe(sees("olympic-way"));
      expect(project(e, other), `${e.seq} ${e.type}`).toBe(sees("stadium-west"));
    }
  });

  it("CR6: control's version goes once to control and every Bronze together (one frame built)", () => {
    const to = deliveries(northIncident!).find((d) => d.event === northIncident);
    expect(to?.rooms).toEqual(expect.arrayContaining(["control", "bronze"]));
  });

  it("CR6: positions of a unit reach the Bronze of its sector, never another Bronze", () => {
    expect(positionRooms({ id: "psu-n1", sector: "stadium-north" })).toContain("bronze:stadium-north");
    expect(seesPositionOf(bronzeNorth, { id: "psu-n1", sector: "stadium-north" })).toBe(true);
    expect(seesPositionOf(bronzeOW, { id: "psu-n1", sector: "stadium-north" })).toBe(false);
    expect(seesPositionOf(bronzeOW, { id: "psu-x", sector: null })).toBe(false);
    expect(seesPositionOf(control, { id: "psu-x", sector: null })).toBe(true);
  });
});

const W = 180_000;
/** inc-1 on Olympic Way reported at t(2); inc-2 outside every sector at t(3). */
const drafts: Draft[] = [opened(), incidentReported("inc-1"), incidentReported("inc-2", { sector: null })];
const notice = (incidentId: string, dueAt: number) => ({
  command: { name: "bronze:overdue", body: { incidentId, withinMs: W, dueAt } },
  key: `system:bronze-ack:${incidentId}`,
});

describe("CR7: the watcher's rule for Bronze acknowledgements (server/system/bronzeAck.ts)", () => {
  it("CR7: an incident in a sector unacknowledged at its due time gives one bronze:overdue, keyed by the incident alone", () => {
    const state = fold(drafts);
    expect(unacknowledged(state, W, t(2) + W - 1)).toEqual([]);
    expect(unacknowledged(state, W, t(2) + W)).toEqual([notice("inc-1", t(2) + W)]);
    expect(bronzeAckKey("inc-1")).toBe("system:bronze-ack:inc-1");
  });

  it("CR7: nothing once acknowledged in time, once warned, once resolved, or long ago (lookback)", () => {
    const ack: Draft = { type: "BronzeAcknowledged", payload: { incidentId: "inc-1", sector: "olympic-way" }, actor: actors.bronze };
    expect(unacknowledged(fold([...drafts, ack]), W, t(2) + W)).toEqual([]);
    const warned: Draft = {
      type: "BronzeAckOverdue",
      payload: { incidentId: "inc-1", ref: "CAD 4101/17Oct", sector: "olympic-way", withinMs: W, dueAt: t(2) + W },
      actor: SYSTEM_ACTOR,
    };
    expect(unacknowledged(fold([...drafts, warned]), W, t(2) + W + 5000)).toEqual([]);
    expect(unacknowledged(fold([...drafts, incidentResolved("inc-1", "Gone")]), W, t(2) + W)).toEqual([]);
    expect(unacknowledged(fold(drafts), W, t(2) + W + 3_600_001, 3_600_000)).toEqual([]);
  });
});
