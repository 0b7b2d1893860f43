import { describe, expect, it } from "vitest";
import { type SystemCommand, SystemCommandBodies, type SystemCommandName } from "../../shared/commands";
import { ErrorCode } from "../../shared/errors";
import { type Actor, type EventPayload, SYSTEM_ACTOR } from "../../shared/events";
import { foldEvents } from "../../shared/evolve";
import { parseStoredSnapshot } from "../../shared/snapshot";
import { initialState } from "../../shared/state";
import { type Draft, given, seal, t } from "../support/decider";
import { incidentReported, opened, unit, unitAssigned, unitRegistered, unitStatusChanged } from "../support/deciderEvents";
import { actors } from "../support/events";

/**
 * Decider spec: sectors that warn (issue 11 item 2; shared/sectorRules.ts). The four commands only
 * the server sends, and how their events raise and clear warnings in `state.warnings`.
 */

const outside = { lat: 51.5605, lng: -0.2816 };
const inside = { lat: 51.5605, lng: -0.2795 };
const scope12a = { sector: "olympic-way", stewards: [], units: ["psu-12a"] };
const owScope = { sector: "olympic-way", stewards: [], units: [] };
/** Olympic Way requires a serial and a mounted unit (wembley.geojson): 12A is its serial, Mounted 2 its horse. */
const deployed = [opened(), unitRegistered("psu-12a", "12A"), unitRegistered("mounted-2", "Mounted 2", { kind: "mounted" })];

function send<N extends SystemCommandName>(name: N, body: unknown, by: Actor = SYSTEM_ACTOR) {
  const command = { name, body: SystemCommandBodies[name].parse(body) } as SystemCommand;
  return (...drafts: Draft[]) => given(...drafts).decideRaw(command, { actor: by });
}

const leftBody = { unitId: "psu-12a", sector: "olympic-way", location: outside, outsideM: 40 };
const left = (p: Partial<EventPayload<"UnitLeftSector">> = {}): Draft => ({
  type: "UnitLeftSector",
  payload: { ...leftBody, callSign: "12A", ...p },
  scope: scope12a,
  actor: SYSTEM_ACTOR,
});
const returned = (): Draft => ({
  type: "UnitReturnedToSector",
  payload: { unitId: "psu-12a", callSign: "12A", sector: "olympic-way", location: inside },
  scope: scope12a,
  actor: SYSTEM_ACTOR,
});
const coverLost = (missing: EventPayload<"SectorCoverLost">["missing"] = ["serial"]): Draft => ({
  type: "SectorCoverLost",
  payload: { sector: "olympic-way", missing },
  scope: owScope,
  actor: SYSTEM_ACTOR,
});
const coverRestored = (): Draft => ({
  type: "SectorCoverRestored",
  payload: { sector: "olympic-way" },
  scope: owScope,
  actor: SYSTEM_ACTOR,
});

describe("SW1: sector:left (sent by the server only)", () => {
  it("SW1: an available unit with no task, reported out of its sector, yields UnitLeftSector with its call sign, scoped to its sector and unit", () => {
    send(
      "sector:left",
      leftBody,
    )(...deployed).thenEvent({ type: "UnitLeftSector", payload: { ...leftBody, callSign: "12A" }, scope: scope12a });
  });

  it("SW1: refused from a person, control and Silver included (forbidden)", () => {
    for (const by of [actors.control, actors.silver, actors.officer]) {
      send("sector:left", leftBody, by)(...deployed).thenRejects(ErrorCode.Forbidden, "Only the server says a unit left its sector.");
    }
  });

  it("SW1: an unknown unit or sector is refused not_found (constructor too)", () => {
    send("sector:left", { ...leftBody, unitId: "constructor" })(...deployed).thenRejects(ErrorCode.NotFound, "No unit constructor.");
    send("sector:left", { ...leftBody, sector: "pitch" })(...deployed).thenRejects(ErrorCode.NotFound, "No sector pitch in the plan.");
  });

  it("SW1: a sector other than the unit's own is refused conflict", () => {
    send("sector:left", { ...leftBody, sector: "stadium-west" })(...deployed).thenRejects(
      ErrorCode.Conflict,
      "12A is assigned to olympic-way, not stadium-west.",
    );
  });

  it("SW1: once out it cannot leave again (a second process's copy of the same crossing is refused)", () => {
    send("sector:left", leftBody)(...deployed, left()).thenRejects(ErrorCode.Conflict, "12A is already out of its sector.");
  });

  it("SW1: a unit control tasked elsewhere, or off duty, is where it was sent: refused conflict", () => {
    send("sector:left", leftBody)(...deployed, incidentReported("inc-1"), unitAssigned("inc-1", unit.psu12a)).thenRejects(
      ErrorCode.Conflict,
      "12A is en-route: it may be away from its sector.",
    );
    send("sector:left", leftBody)(...deployed, unitStatusChanged("psu-12a", "off-duty")).thenRejects(
      ErrorCode.Conflict,
      "12A is off-duty: it may be away from its sector.",
    );
  });
});

describe("SW2: sector:returned (sent by the server only)", () => {
  const body = { unitId: "psu-12a", sector: "olympic-way", location: inside };

  it("SW2: a unit out of its sector, back inside, yields UnitReturnedToSector", () => {
    send("sector:returned", body)(...deployed, left()).thenEvent({
      type: "UnitReturnedToSector",
      payload: { ...body, callSign: "12A" },
      scope: scope12a,
    });
  });

  it("SW2: whatever its status now (it was tasked while out)", () => {
    const tasked = [...deployed, left(), incidentReported("inc-1"), unitAssigned("inc-1", unit.psu12a)];
    send(
      "sector:returned",
      body,
    )(...tasked).thenEvent({ type: "UnitReturnedToSector", payload: { ...body, callSign: "12A" }, scope: scope12a });
  });

  it("SW2: a unit not out is refused conflict (it never left, or another process already said it was back)", () => {
    send("sector:returned", body)(...deployed).thenRejects(ErrorCode.Conflict, "12A is not out of its sector.");
    send("sector:returned", body)(...deployed, left(), returned()).thenRejects(ErrorCode.Conflict, "12A is not out of its sector.");
  });

  it("SW2: refused from a person; an unknown unit refused not_found", () => {
    send(
      "sector:returned",
      body,
      actors.silver,
    )(...deployed, left()).thenRejects(ErrorCode.Forbidden, "Only the server says a unit came back to its sector.");
    send("sector:returned", { ...body, unitId: "psu-99" })(...deployed, left()).thenRejects(ErrorCode.NotFound, "No unit psu-99.");
  });
});

describe("SW3: cover:lost and cover:restored (sent by the server only)", () => {
  it("SW3: the sector's only serial off duty: SectorCoverLost names the kinds missing, read from the state", () => {
    send("cover:lost", { sector: "olympic-way" })(...deployed, unitStatusChanged("psu-12a", "off-duty")).thenEvent({
      type: "SectorCoverLost",
      payload: { sector: "olympic-way", missing: ["serial"] },
      scope: owScope,
    });
  });

  it("SW3: a unit out of its sector does not cover it; a kind never deployed there is not cover lost", () => {
    const horseGone = [...deployed, left(), unitStatusChanged("mounted-2", "refreshment")];
    send("cover:lost", { sector: "olympic-way" })(...horseGone).thenEvent({
      type: "SectorCoverLost",
      payload: { sector: "olympic-way", missing: ["serial", "mounted"] },
      scope: owScope,
    });
    // Stadium North requires LAS, and none was ever deployed there: nothing to lose.
    send("cover:lost", { sector: "stadium-north" })(...deployed).thenRejects(
      ErrorCode.Conflict,
      "Stadium North has the cover its plan requires.",
    );
  });

  it("SW3: with cover, or already lost, refused conflict; an unknown sector not_found; a person forbidden", () => {
    send("cover:lost", { sector: "olympic-way" })(...deployed).thenRejects(
      ErrorCode.Conflict,
      "Olympic Way has the cover its plan requires.",
    );
    const lost = [...deployed, unitStatusChanged("psu-12a", "off-duty"), coverLost()];
    send("cover:lost", { sector: "olympic-way" })(...lost).thenRejects(ErrorCode.Conflict, "Olympic Way is already without cover.");
    send("cover:lost", { sector: "constructor" })(...deployed).thenRejects(ErrorCode.NotFound, "No sector constructor in the plan.");
    send(
      "cover:lost",
      { sector: "olympic-way" },
      actors.silver,
    )(...deployed).thenRejects(ErrorCode.Forbidden, "Only the server says a sector lost its cover.");
  });

  it("SW3: cover:restored once every required kind is available again; refused while one is still missing, or when none was lost", () => {
    const lost = [...deployed, unitStatusChanged("psu-12a", "off-duty"), coverLost()];
    send("cover:restored", { sector: "olympic-way" })(...lost).thenRejects(
      ErrorCode.Conflict,
      "Olympic Way still has no available serial.",
    );
    send("cover:restored", { sector: "olympic-way" })(...lost, unitStatusChanged("psu-12a", "available")).thenEvent({
      type: "SectorCoverRestored",
      payload: { sector: "olympic-way" },
      scope: owScope,
    });
    send("cover:restored", { sector: "olympic-way" })(...deployed).thenRejects(ErrorCode.Conflict, "Olympic Way has not lost its cover.");
    send(
      "cover:restored",
      { sector: "olympic-way" },
      actors.officer,
    )(...lost).thenRejects(ErrorCode.Forbidden, "Only the server says a sector's cover is back.");
  });
});

describe("SW4: the warnings' fold (state.warnings)", () => {
  it("SW4: UnitLeftSector raises an open warning for the unit, in its sector, at the event's time; nothing else changes", () => {
    const on = given(...deployed).on(left());
    on.thenState({});
    expect(on.after.warnings).toEqual({
      "unit-left-sector:psu-12a": {
        id: "unit-left-sector:psu-12a",
        kind: "unit-left-sector",
        sector: "olympic-way",
        subject: "psu-12a",
        text: "12A out of its sector (40 m outside)",
        raisedAt: t(4),
        raisedSeq: 4,
        clearedAt: null,
      },
    });
  });

  it("SW4: UnitReturnedToSector clears it (kept, greyed as history); a second leaving keeps the first as history under its seq", () => {
    const back = given(...deployed, left()).on(returned()).after;
    expect(back.warnings["unit-left-sector:psu-12a"]?.clearedAt).toBe(t(5));
    const again = given(...deployed, left(), returned()).on(left({ outsideM: 60 })).after;
    expect(Object.keys(again.warnings).sort()).toEqual(["unit-left-sector:psu-12a", "unit-left-sector:psu-12a@4"]);
    expect(again.warnings["unit-left-sector:psu-12a@4"]).toMatchObject({ id: "unit-left-sector:psu-12a@4", raisedSeq: 4, clearedAt: t(5) });
    expect(again.warnings["unit-left-sector:psu-12a"]).toMatchObject({
      raisedSeq: 6,
      clearedAt: null,
      text: "12A out of its sector (60 m outside)",
    });
  });

  it("SW4: SectorCoverLost raises the sector's warning naming the kinds; SectorCoverRestored clears it", () => {
    const lost = given(...deployed).on(coverLost(["serial", "mounted"])).after;
    expect(lost.warnings["sector-cover:olympic-way"]).toMatchObject({
      kind: "sector-cover",
      sector: "olympic-way",
      subject: "olympic-way",
      text: "No available serial, mounted in the sector",
      clearedAt: null,
    });
    const restored = given(...deployed, coverLost()).on(coverRestored()).after;
    expect(restored.warnings["sector-cover:olympic-way"]?.clearedAt).toBe(t(5));
  });

  it("SW4: total: a clear with nothing open, or a raise over an open one, changes nothing but seq", () => {
    given(...deployed)
      .on(returned())
      .thenUnchanged();
    const twice = given(...deployed, left());
    expect(twice.on(left({ outsideM: 99 })).after.warnings).toBe(twice.state.warnings);
  });

  it("SW4: a snapshot stored before state.warnings existed loads with an empty record, and the fold raises into it", () => {
    const { warnings: _none, ...old } = foldEvents(initialState, deployed.map(seal));
    const loaded = parseStoredSnapshot(JSON.stringify(old));
    expect(loaded.warnings).toEqual({});
    const stale = { ...old } as unknown as typeof loaded; // a state with no field at all, as JSON.parse gave it before
    const raised = foldEvents(stale, [seal(left(), 4)]);
    expect(Object.keys(raised.warnings)).toEqual(["unit-left-sector:psu-12a"]);
  });
});
