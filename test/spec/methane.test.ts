import { describe, expect, it } from "vitest";
import { CommandBodies, type CommandInput } from "../../shared/commands";
import type { Actor, CordonEvent, EventPayload } from "../../shared/events";
import type { MethaneReport } from "../../shared/methane";
import { deliveries, project } from "../../shared/visibility";
import { given, line, noScope, seal } from "../support/decider";
import { incidentClosed, incidentReported, incidentResolved, opened, unit, unitAssigned, unitRegistered } from "../support/deciderEvents";
import { actors, at } from "../support/events";

/** Decider spec: the METHANE report (issue 11 item 6; shared/methaneRules.ts). */

const gold: Actor = { userId: "u-gold", role: "gold", name: "Ch. Supt. Alan Reeve (Gold)" };
const partner: Actor = { userId: "u-partner", role: "partner", name: "London Ambulance Service" };

const presence = (present: boolean, required: boolean) => ({ present, required });

/** A first report: declared, at the Boxpark steps, RVP South. */
const first: CommandInput<"incident:methane"> = {
  incidentId: "inc-1",
  major: true,
  location: { at: at.olympicWay, text: "Olympic Way at the Boxpark steps" },
  type: "Crowd crush on the steps",
  hazards: "Crowd pressure from the north; broken barrier",
  access: { routes: "South Way, then Olympic Way from the south", rvpIds: ["rvp-south", "rvp-south"] },
  casualties: { counts: { fatal: 0, p1: 2, p2: 5, p3: 11 }, text: "Casualty clearing at the Boxpark" },
  services: {
    police: presence(true, true),
    ambulance: presence(true, true),
    fire: presence(false, true),
    other: presence(false, false),
    text: "HART requested",
  },
};

const firstReport: MethaneReport = {
  major: true,
  location: { at: at.olympicWay, text: "Olympic Way at the Boxpark steps", sector: "olympic-way" },
  type: "Crowd crush on the steps",
  hazards: "Crowd pressure from the north; broken barrier",
  access: { routes: "South Way, then Olympic Way from the south", rvps: [{ id: "rvp-south", name: "RVP South (South Way)" }] },
  casualties: { counts: { fatal: 0, p1: 2, p2: 5, p3: 11 }, text: "Casualty clearing at the Boxpark" },
  services: first.services as MethaneReport["services"],
};

const second: CommandInput<"incident:methane"> = {
  ...first,
  casualties: { counts: { fatal: 1, p1: 3, p2: 5, p3: 11 }, text: "One person died at the scene" },
  services: { ...first.services, fire: presence(true, true) },
};
const secondReport: MethaneReport = {
  ...firstReport,
  casualties: { counts: { fatal: 1, p1: 3, p2: 5, p3: 11 }, text: "One person died at the scene" },
  services: { ...firstReport.services, fire: presence(true, true) },
};

const reported = (revision: number, report: MethaneReport, changed: EventPayload<"MethaneReported">["changed"] = []) =>
  ({ type: "MethaneReported", payload: { incidentId: "inc-1", ref: "CAD 4101/17Oct", revision, report, changed } }) as const;

const history = () => [opened(), unitRegistered("psu-12a", "12A"), incidentReported("inc-1"), unitAssigned("inc-1", unit.psu12a)];

describe("MT1: incident:methane, a first report", () => {
  it("MT1: revision 1: the whole report, RVPs named from the plan once each, the location's sector; the incident's sector and units, no steward", () => {
    given(...history())
      .when("incident:methane", first, { actor: actors.silver })
      .thenEvent({ ...reported(1, firstReport), scope: { sector: "olympic-way", stewards: [], units: ["psu-12a"] } });
  });

  // Bronze reports too (COMMAND_ROLES), within its own sector (shared/bronze.ts): the integration test MT6 sends one.
  it("MT1: control may report it; declared no, it is an ETHANE report; a resolved incident may still be reported", () => {
    const ethane = { ...first, major: false, access: { routes: "", rvpIds: [] } };
    given(opened(), incidentReported("inc-1"), incidentResolved("inc-1", "Crowd dispersed"))
      .when("incident:methane", ethane, { actor: actors.control })
      .thenEvent({
        ...reported(1, { ...firstReport, major: false, access: { routes: "", rvps: [] } }),
        scope: { sector: "olympic-way", stewards: [], units: [] },
      });
  });
});

describe("MT2: incident:methane, an update", () => {
  it("MT2: revision 2 carries every field and names those that changed, in METHANE order", () => {
    given(...history(), reported(1, firstReport))
      .when("incident:methane", second, { actor: actors.control })
      .thenEvent({
        ...reported(2, secondReport, ["casualties", "services"]),
        scope: { sector: "olympic-way", stewards: [], units: ["psu-12a"] },
      });
  });

  it("MT2: an update that changes nothing is refused (conflict)", () => {
    given(...history(), reported(1, firstReport))
      .when("incident:methane", first)
      .thenRejects("conflict", "CAD 4101/17Oct: revision 1 already says that; nothing to update.");
  });
});

describe("MT3: incident:methane refused", () => {
  it.each([
    ["steward", actors.steward],
    ["officer", actors.officer],
    ["gold", gold],
    ["partner", partner],
  ] as const)("MT3: from a %s (forbidden): Gold reads, stewards, officers and partners do not report", (role, actor) => {
    given(...history())
      .when("incident:methane", first, { actor })
      .thenRejects("forbidden", `A ${role} may not send a METHANE report.`);
  });

  it.each(["inc-9", "constructor", "__proto__", "hasOwnProperty"])("MT3: an unknown incident %s (not_found)", (id) => {
    given(...history())
      .when("incident:methane", { ...first, incidentId: id })
      .thenRejects("not_found", `No incident ${id}.`);
  });

  it("MT3: a closed incident (conflict: reopen it first); an RVP not in the plan (bad_request)", () => {
    given(...history(), incidentClosed("inc-1"))
      .when("incident:methane", first)
      .thenRejects("conflict", "CAD 4101/17Oct is closed: reopen it before reporting METHANE.");
    given(...history())
      .when("incident:methane", { ...first, access: { routes: "", rvpIds: ["rvp-moon"] } })
      .thenRejects("bad_request", 'No rendezvous point "rvp-moon" in the Wembley Stadium plan.');
  });

  it("MT3: the schema refuses oversize text, negative or fractional counts, a missing letter, no type", () => {
    const bad: unknown[] = [
      { ...first, hazards: "x".repeat(1001) },
      { ...first, type: "x".repeat(301) },
      { ...first, location: { ...first.location, text: "x".repeat(201) } },
      { ...first, casualties: { ...first.casualties, counts: { ...first.casualties.counts, p1: -1 } } },
      { ...first, casualties: { ...first.casualties, counts: { ...first.casualties.counts, p2: 1.5 } } },
      { ...first, access: { routes: "", rvpIds: Array.from({ length: 9 }, (_, n) => `rvp-${n}`) } },
      { ...first, type: "  " },
      (({ services: _s, ...rest }) => rest)(first),
    ];
    for (const body of bad)
      expect(CommandBodies["incident:methane"].safeParse(body).success, JSON.stringify(body).slice(0, 80)).toBe(false);
  });
});

describe("MT4: MethaneReported", () => {
  it("MT4: revision 1 is kept on its incident with who and when, and the timeline says so", () => {
    given(...history())
      .on({ ...reported(1, firstReport), actor: actors.silver })
      .thenState({
        incidents: {
          "inc-1": (i, e) => ({
            ...i,
            methane: [{ revision: 1, seq: e.seq, at: e.at, actor: actors.silver, report: firstReport, changed: [] }],
            timeline: [...i.timeline, line(e.seq, "MethaneReported", "METHANE revision 1: major incident declared", actors.silver)],
            updatedAt: e.at,
          }),
        },
      });
  });

  it("MT4: revision 2 keeps revision 1 (every revision kept, in order); an unknown incident changes nothing", () => {
    const g = given(...history(), reported(1, firstReport));
    g.on(reported(2, { ...secondReport, major: false }, ["major", "casualties", "services"])).thenState({
      incidents: {
        "inc-1": (i, e) => ({
          ...i,
          methane: [
            ...(i.methane ?? []),
            {
              revision: 2,
              seq: e.seq,
              at: e.at,
              actor: actors.control,
              report: { ...secondReport, major: false },
              changed: ["major", "casualties", "services"],
            },
          ],
          timeline: [
            ...i.timeline,
            line(e.seq, "MethaneReported", "ETHANE revision 2: no major incident declared (changed: major, casualties, services)"),
          ],
          updatedAt: e.at,
        }),
      },
    });
    expect(g.state.incidents["inc-1"]?.methane?.map((r) => r.revision)).toEqual([1]);
    given(opened())
      .on({ ...reported(1, firstReport) })
      .thenUnchanged();
  });
});

describe("MT5: who receives MethaneReported", () => {
  const e: CordonEvent = seal({ ...reported(1, firstReport), scope: { sector: "olympic-way", stewards: [], units: ["psu-12a"] } }, 9);

  it("MT5: control whole (Gold, Silver, Bronze, controllers); officers of its sector and of its units whole; stewards never, not even in its sector", () => {
    expect(project(e, { kind: "control", userId: "u-gold" })).toBe(e);
    expect(project(e, { kind: "unit", userId: "u-o", unitId: null, sector: "olympic-way" })).toBe(e);
    expect(project(e, { kind: "unit", userId: "u-o", unitId: "psu-12a", sector: "stadium-west" })).toBe(e);
    expect(project(e, { kind: "unit", userId: "u-o", unitId: "psu-3", sector: "stadium-west" })).toBeNull();
    expect(project(e, { kind: "steward", userId: "u-steward", sector: "olympic-way" })).toBeNull();
    expect(
      deliveries(e)
        .flatMap((d) => d.rooms)
        .filter((r) => r.startsWith("steward")),
    ).toEqual([]);
  });

  it("MT5: a report on an incident outside every sector with no unit reaches control alone (and Bronze boards, control's version)", () => {
    const alone = seal({ ...reported(1, firstReport), scope: noScope }, 3);
    const rooms = deliveries(alone).flatMap((d) => d.rooms);
    // Bronze boards get control's version through a room of their own (shared/visibility.ts).
    expect(rooms.filter((r) => r !== "control" && !r.startsWith("bronze"))).toEqual([]);
    expect(deliveries(alone).every((d) => d.event === alone)).toBe(true);
  });
});
