import { describe, expect, it } from "vitest";
import { type SystemCommand, SystemCommandBodies } from "../../shared/commands";
import { ErrorCode } from "../../shared/errors";
import { type Actor, type EventPayload, SYSTEM_ACTOR } from "../../shared/events";
import type { Incident } from "../../shared/state";
import { type Draft, given, line, t } from "../support/decider";
import { incidentClosed, incidentReported, incidentResolved, opened, unit, unitAssigned, unitRegistered } from "../support/deciderEvents";
import { actors, at } from "../support/events";

/** Decider spec: Bronze's acknowledgement and the server's warning when it is overdue (issue 11; shared/bronze.ts). */

/** inc-1 a fight on Olympic Way (seq 4), inc-2 in Stadium North (seq 5); 12A of Olympic Way, N1 of Stadium North. */
const history: Draft[] = [
  opened(),
  unitRegistered("psu-12a", "12A"),
  unitRegistered("psu-n1", "N1", { sector: "stadium-north" }),
  incidentReported("inc-1"),
  incidentReported("inc-2", { sector: "stadium-north", location: { lat: 51.5572, lng: -0.2797 } }),
];
const asBronze = { actor: actors.bronze, sector: "olympic-way" };
const owScope = { sector: "olympic-way", stewards: [], units: [] };

function bronzeAcked(incidentId = "inc-1", by: Actor = actors.bronze): Draft {
  return { type: "BronzeAcknowledged", payload: { incidentId, sector: "olympic-way" }, actor: by };
}

type Overdue = EventPayload<"BronzeAckOverdue">;
function overdue(p: Partial<Overdue> = {}): Draft {
  const payload = { incidentId: "inc-1", ref: "CAD 4101/17Oct", sector: "olympic-way", withinMs: 180_000, dueAt: t(4) + 180_000, ...p };
  return { type: "BronzeAckOverdue", payload, actor: SYSTEM_ACTOR };
}

describe("CR1: incident:bronze-ack", () => {
  it("CR1: the Bronze of the incident's sector acknowledges it: BronzeAcknowledged, control's and the Bronzes' only", () => {
    given(...history)
      .when("incident:bronze-ack", { incidentId: "inc-1" }, asBronze)
      .thenEvent({ type: "BronzeAcknowledged", payload: { incidentId: "inc-1", sector: "olympic-way" }, scope: owScope });
  });

  it("CR1: refused for an incident outside their sector (forbidden), and for a Bronze with no sector", () => {
    given(...history)
      .when("incident:bronze-ack", { incidentId: "inc-2" }, asBronze)
      .thenRejects(ErrorCode.Forbidden, "CAD 4102/17Oct is in Stadium North, not your sector (Olympic Way).");
    given(...history)
      .when("incident:bronze-ack", { incidentId: "inc-1" }, { actor: actors.bronze, sector: null })
      .thenRejects(ErrorCode.Forbidden, "CAD 4101/17Oct is in Olympic Way, not a sector of yours (your account has none).");
  });

  it("CR1: an unknown id, `constructor` and `__proto__` included, is refused not_found", () => {
    for (const id of ["inc-9", "constructor", "__proto__"]) {
      given(...history)
        .when("incident:bronze-ack", { incidentId: id }, asBronze)
        .thenRejects(ErrorCode.NotFound, `No incident ${id}.`);
    }
  });

  it("CR1: refused once acknowledged, and for a resolved or closed incident (conflict)", () => {
    given(...history, bronzeAcked())
      .when("incident:bronze-ack", { incidentId: "inc-1" }, asBronze)
      .thenRejects(ErrorCode.Conflict, "CAD 4101/17Oct is already acknowledged (Bronze Olympic Way).");
    given(...history, incidentResolved("inc-1", "Dispersed"))
      .when("incident:bronze-ack", { incidentId: "inc-1" }, asBronze)
      .thenRejects(ErrorCode.Conflict, "CAD 4101/17Oct is resolved.");
    given(...history, incidentClosed("inc-1"))
      .when("incident:bronze-ack", { incidentId: "inc-1" }, asBronze)
      .thenRejects(ErrorCode.Conflict, "CAD 4101/17Oct is closed.");
  });
});

describe("CR2: a Bronze's other commands stay in their sector", () => {
  it("CR2: a note on an incident of their sector is taken; on another sector's, forbidden", () => {
    given(...history)
      .when("incident:note", { incidentId: "inc-1", text: "Bronze OW: two serials to the steps" }, asBronze)
      .thenEvent({
        type: "IncidentNoteAdded",
        payload: { incidentId: "inc-1", text: "Bronze OW: two serials to the steps", intel: false, forStewards: false },
        scope: owScope,
      });
    given(...history)
      .when("incident:note", { incidentId: "inc-2", text: "Seen" }, asBronze)
      .thenRejects(ErrorCode.Forbidden, "CAD 4102/17Oct is in Stadium North, not your sector (Olympic Way).");
  });

  it("CR2: a report in their sector is taken; one placed in another sector, forbidden", () => {
    const w = given(...history).when("incident:report", { type: "disorder", location: at.olympicWay, description: "Scuffle" }, asBronze);
    expect(w.decided?.type).toBe("IncidentReported");
    given(...history)
      .when("incident:report", { type: "disorder", location: at.west, description: "Scuffle" }, asBronze)
      .thenRejects(ErrorCode.Forbidden, "That place is in Stadium West, not your sector (Olympic Way).");
  });

  it("CR2: they assign their own sector's units to their sector's incidents, and no other", () => {
    const w = given(...history).when("incident:assign", { incidentId: "inc-1", unitId: "psu-12a" }, asBronze);
    expect(w.decided?.type).toBe("UnitAssigned");
    given(...history)
      .when("incident:assign", { incidentId: "inc-1", unitId: "psu-n1" }, asBronze)
      .thenRejects(ErrorCode.Forbidden, "N1 is not a unit of your sector (Olympic Way).");
  });
});

/** `i` as acknowledged by the event at `seq`, with its timeline entry. */
const acked =
  (seq: number, by: Actor = actors.bronze) =>
  (i: Incident): Incident => ({
    ...i,
    bronzeAck: { at: t(seq), userId: by.userId, name: by.name },
    timeline: [...i.timeline, line(seq, "BronzeAcknowledged", `Acknowledged by ${by.name}`, by)],
    updatedAt: t(seq),
  });

describe("CR3: BronzeAcknowledged folds", () => {
  it("CR3: the incident records who acknowledged it and when, with a timeline entry; nothing else changes", () => {
    given(...history)
      .on(bronzeAcked())
      .thenState({ incidents: { "inc-1": acked(6) } });
  });

  it("CR3: it clears the incident's open Bronze warning, which stays listed as history", () => {
    const on = given(...history, overdue()).on(bronzeAcked());
    expect(on.after.warnings["bronze-unacknowledged:inc-1"]).toEqual({
      ...on.before.warnings["bronze-unacknowledged:inc-1"],
      clearedAt: t(7),
    });
  });

  it("CR3: nothing for an incident this state does not hold", () => {
    given(...history)
      .on(bronzeAcked("inc-9"))
      .thenUnchanged();
  });
});

function flag(body: EventPayload<"BronzeAckOverdue">, by: Actor = SYSTEM_ACTOR, sector: string | null = null) {
  const { incidentId, withinMs, dueAt } = body;
  const command = {
    name: "bronze:overdue",
    body: SystemCommandBodies["bronze:overdue"].parse({ incidentId, withinMs, dueAt }),
  } as SystemCommand;
  return (...drafts: Draft[]) => given(...drafts).decideRaw(command, { actor: by, sector });
}

/** The given history, then events until record time has passed `dueAt` (ctx.now is t(length + 1)). */
const passing = (drafts: Draft[], dueAt: number): Draft[] => {
  const out = [...drafts];
  while (t(out.length + 1) < dueAt) out.push(unitRegistered(`spare-${out.length}`, `S${out.length}`));
  return out;
};

const due = (withinMs = 5_000): Overdue => ({
  incidentId: "inc-1",
  ref: "CAD 4101/17Oct",
  sector: "olympic-way",
  withinMs,
  dueAt: t(4) + withinMs,
});

describe("CR4: bronze:overdue (sent by the server only)", () => {
  it("CR4: an open incident its Bronze has not acknowledged once due yields BronzeAckOverdue", () => {
    flag(due())(...passing(history, due().dueAt)).thenEvent({ type: "BronzeAckOverdue", payload: due(), scope: owScope });
  });

  it("CR4: refused for any person, Bronze and control included (forbidden)", () => {
    for (const by of [actors.control, actors.bronze, actors.silver]) {
      flag(
        due(1),
        by,
        "olympic-way",
      )(...passing(history, due(1).dueAt)).thenRejects(ErrorCode.Forbidden, "Only the server warns of an unacknowledged incident.");
    }
  });

  it("CR4: refused when acknowledged in time, not due yet, already warned, or the incident is resolved (conflict)", () => {
    const late = passing(history, due().dueAt);
    flag(due())(...late, bronzeAcked()).thenRejects(ErrorCode.Conflict, "CAD 4101/17Oct was acknowledged by its Bronze.");
    flag(due(3_600_000))(...history).thenRejects(ErrorCode.Conflict, "CAD 4101/17Oct: its Bronze's acknowledgement is not due yet.");
    flag(due())(...late, overdue({ dueAt: due().dueAt, withinMs: 5_000 })).thenRejects(
      ErrorCode.Conflict,
      "CAD 4101/17Oct: its Bronze has already been warned about.",
    );
    flag(due())(...late, incidentResolved("inc-1", "Gone")).thenRejects(ErrorCode.Conflict, "CAD 4101/17Oct is resolved.");
  });

  it("CR4: an unknown id, `constructor` included, is refused not_found", () => {
    for (const id of ["inc-9", "constructor"]) {
      flag({ ...due(), incidentId: id })(...history).thenRejects(ErrorCode.NotFound, `No incident ${id}.`);
    }
  });
});

describe("CR5: BronzeAckOverdue folds into state.warnings", () => {
  it("CR5: one open warning of kind bronze-unacknowledged, its sector the incident's, its subject the incident", () => {
    const on = given(...history).on(overdue());
    expect(on.after.warnings).toEqual({
      "bronze-unacknowledged:inc-1": {
        id: "bronze-unacknowledged:inc-1",
        kind: "bronze-unacknowledged",
        sector: "olympic-way",
        subject: "inc-1",
        text: "CAD 4101/17Oct: not acknowledged by its Bronze within 3 min",
        raisedAt: t(6),
        raisedSeq: 6,
        clearedAt: null,
      },
    });
    expect(on.after.incidents).toBe(on.before.incidents);
  });

  it("CR5: resolving or closing the incident clears it; so does the Bronze's acknowledgement (CR3)", () => {
    const resolved = given(...history, overdue()).on(incidentResolved("inc-1", "Dispersed"));
    expect(resolved.after.warnings["bronze-unacknowledged:inc-1"]?.clearedAt).toBe(t(7));
    const closed = given(...history, overdue(), unitAssigned("inc-1", unit.psu12a)).on(incidentClosed("inc-1"));
    expect(closed.after.warnings["bronze-unacknowledged:inc-1"]?.clearedAt).toBe(t(8));
  });
});
