import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ack } from "../../shared/errors";
import type { CordonEvent } from "../../shared/events";
import { at } from "../support/events";
import { alertSentinel, expectNothingElse, expectOk, marks, startServer, type TestClient, type TestServer } from "../support/harness";

/**
 * An incident's whole life as control runs it from the board (issue 10 item 1), over a real server
 * on port 0 with real socket.io clients: created from a 999 call, corrected, resolved, closed with a
 * result, reopened, closed again. A second controller sees every step in order, a steward of the
 * sector sees only what stewards may, and bad commands are refused with a clear ack and append nothing.
 */
let server: TestServer;
let opId: string;
let control: TestClient;
let control2: TestClient;
let steward: TestClient;
let officer: TestClient;

/** Police words and control's working that a steward must never receive. */
const CALLER = "Caller Mr Adeyemi: fight by PSU 12A's carrier";
const REASON = "CCTV operator Patel saw a bottle thrown";
const NOTE = "Custody ref 4471: one arrested";
const REOPEN = "FIO: the same group is back at the Boxpark";
const PICK = "nearest available PSU, 2 min on foot via Olympic Way";
const POLICE_WORDS = /Adeyemi|PSU 12A|psu-12a|Patel|Custody|FIO|nearest available|Boxpark steps|Dev Anand/;

beforeAll(async () => {
  server = await startServer({ COMMAND_RATE_PER_SEC: 1_000, COMMAND_BURST: 1_000 });
  opId = await server.openOperation("Incident lifecycle");
  control = await server.connect("controller");
  control2 = await server.connect("controller");
  steward = await server.connect("steward");
  officer = await server.connect("officer");
  for (const c of [control, control2, steward, officer]) expectOk(await c.hello(opId, null));
  expectOk(
    await control.send(opId, "unit:register", {
      unitId: "psu-12a",
      callSign: "PSU 12A",
      kind: "serial",
      agency: "MPS",
      sector: "olympic-way",
    }),
  );
}, 30_000);

afterAll(async () => {
  await server?.close();
});

/** The seqs of the lifecycle, as their acks gave them, by step. */
const seqs: Record<string, number> = {};

async function step(name: string, ack: Promise<Parameters<typeof expectOk>[0]>): Promise<void> {
  seqs[name] = (expectOk(await ack) as { seq: number }).seq;
}

const receivedBy = (c: TestClient, seq: number) => c.waitFor((e) => e.seq === seq, undefined, `seq ${seq} at ${c.username}`);

describe("incident lifecycle over real sockets (I1–I4)", () => {
  it("I1: control creates an incident from a 999 call, corrects, resolves, closes with a result, reopens and closes it again; a second controller receives every event whole and in order", async () => {
    await step(
      "report",
      control.send(opId, "incident:report", {
        type: "disorder",
        location: at.olympicWay,
        locationText: "Boxpark",
        description: CALLER,
        source: "999",
      }),
    );
    await step(
      "assign",
      control.send(opId, "incident:assign", {
        incidentId: "inc-1",
        unitId: "psu-12a",
        recommended: { unitId: "psu-12a", etaSeconds: 120, reason: PICK },
      }),
    );
    await step(
      "correct",
      control.send(opId, "incident:correct", {
        incidentId: "inc-1",
        type: "missile",
        grade: "I",
        locationText: "Boxpark steps",
        reason: REASON,
      }),
    );
    await step("resolve", control.send(opId, "incident:resolve", { incidentId: "inc-1", outcome: "One arrested" }));
    await step("close", control.send(opId, "incident:close", { incidentId: "inc-1", result: "arrest", note: NOTE }));
    await step("reopen", control.send(opId, "incident:reopen", { incidentId: "inc-1", reason: REOPEN }));
    await step("closeAgain", control.send(opId, "incident:close", { incidentId: "inc-1", result: "ejection" }));

    const order = ["report", "assign", "correct", "resolve", "close", "reopen", "closeAgain"].map((k) => seqs[k] as number);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    await receivedBy(control2, seqs.closeAgain as number);
    const seen = control2.events.filter((e) => order.includes(e.seq));
    expect(seen.map((e) => e.seq)).toEqual(order);
    expect(seen.map((e) => e.type)).toEqual([
      "IncidentReported",
      "UnitAssigned",
      "IncidentCorrected",
      "IncidentResolved",
      "IncidentClosed",
      "IncidentReopened",
      "IncidentClosed",
    ]);
    // Control's version is the logged event itself.
    const logged = await server.app.store.readAfter(opId, 0);
    for (const e of seen) expect(e).toEqual(logged.find((l) => l.seq === e.seq));

    const byType = (type: CordonEvent["type"]) => seen.find((e) => e.type === type)?.payload;
    expect(byType("IncidentReported")).toMatchObject({ source: "999", description: CALLER });
    expect(byType("UnitAssigned")).toMatchObject({
      recommended: { unitId: "psu-12a", callSign: "PSU 12A", etaSeconds: 120, reason: PICK },
    });
    expect(byType("IncidentCorrected")).toEqual({
      incidentId: "inc-1",
      changes: { type: "missile", grade: "I", locationText: "Boxpark steps" },
      previous: { type: "disorder", grade: null, locationText: "Boxpark" },
      reason: REASON,
      incident: null,
    });
    expect(byType("IncidentReopened")).toEqual({ incidentId: "inc-1", reason: REOPEN, from: "closed", to: "triaged" });

    const incident = server.app.ops.get(opId)?.state.incidents["inc-1"];
    expect(incident).toMatchObject({ status: "closed", closeResult: "ejection", source: "999", type: "missile", grade: "I", assigned: [] });
    expect(incident?.timeline.map((t) => t.text)).toContain(`Closed — Arrest made: ${NOTE}`);
    expect(server.app.ops.get(opId)?.state.units["psu-12a"]).toMatchObject({ status: "available", incidentId: null });
  });

  it("I2: a steward of the sector receives each step redacted: no previous values, reasons, note, police words or recommended unit", async () => {
    await receivedBy(steward, seqs.closeAgain as number);
    const got = (name: string) => steward.events.find((e) => e.seq === seqs[name]);
    expect(got("report")?.payload).toMatchObject({ source: "999", description: "Fight / disorder", locationText: "" });
    expect(got("assign")?.payload).toMatchObject({ unit: null, incident: null, recommended: null });
    expect(got("correct")?.payload).toEqual({
      incidentId: "inc-1",
      changes: { type: "missile", grade: "I", description: "Missile thrown" },
      previous: {},
      reason: "",
      incident: null,
    });
    expect(got("close")?.payload).toEqual({ incidentId: "inc-1", result: "arrest", note: "" });
    expect(got("reopen")?.payload).toEqual({ incidentId: "inc-1", reason: "", from: "closed", to: "triaged" });
    for (const name of Object.keys(seqs)) {
      const e = got(name);
      expect(e, `the steward received ${name}`).toBeDefined();
      expect(e?.actor.name).toBe("Control");
      expect(JSON.stringify(e)).not.toMatch(POLICE_WORDS);
    }
    // The steward's own picture, rebuilt by a fresh hello, carries none of it either.
    const fresh = await server.connect("steward");
    const reply = expectOk(await fresh.hello(opId, null));
    expect(JSON.stringify(reply)).not.toMatch(POLICE_WORDS);
    fresh.close();
  });

  it("I3: the sector's officer gets the steps whole but for the recommender's pick", async () => {
    await receivedBy(officer, seqs.closeAgain as number);
    const got = (name: string) => officer.events.find((e) => e.seq === seqs[name]);
    expect(got("assign")?.payload).toMatchObject({ unit: { id: "psu-12a", callSign: "PSU 12A" }, recommended: null });
    expect(got("correct")?.payload).toMatchObject({ reason: REASON, previous: { type: "disorder" } });
    expect(got("close")?.payload).toMatchObject({ note: NOTE });
    expect(got("reopen")?.payload).toMatchObject({ reason: REOPEN });
  });

  it("I4: bad commands get a clear error ack and append nothing; the other clients receive nothing", async () => {
    // An open incident beside the closed one, from the venue's CCTV room, received by all before the marks.
    const { seq } = expectOk(
      await control.send(opId, "incident:report", { type: "theft", location: at.olympicWay, description: "Bag snatch", source: "cctv" }),
    );
    for (const c of [control2, steward, officer]) await receivedBy(c, seq);
    const since = marks([control2, steward, officer]);
    const head = server.app.ops.get(opId)?.state.seq ?? 0;
    const refusals: [string, Promise<Ack<unknown>>, string, RegExp][] = [
      [
        "close, no result",
        control.send(opId, "incident:close", { incidentId: "inc-2" } as never),
        "bad_request",
        /^Malformed incident:close: body\.result/,
      ],
      [
        "close, unknown result",
        control.send(opId, "incident:close", { incidentId: "inc-2", result: "sorted" } as never),
        "bad_request",
        /body\.result/,
      ],
      [
        "correct, by a steward",
        steward.send(opId, "incident:correct", { incidentId: "inc-1", type: "theft", reason: "x" }),
        "forbidden",
        /^A steward may not send incident:correct\.$/,
      ],
      [
        "reopen, by an officer",
        officer.send(opId, "incident:reopen", { incidentId: "inc-1", reason: "x" }),
        "forbidden",
        /may not send incident:reopen\.$/,
      ],
      [
        "correct, unknown incident",
        control.send(opId, "incident:correct", { incidentId: "constructor", type: "theft", reason: "x" }),
        "not_found",
        /^No incident constructor\.$/,
      ],
      [
        "reopen, unknown incident",
        control.send(opId, "incident:reopen", { incidentId: "inc-9", reason: "x" }),
        "not_found",
        /^No incident inc-9\.$/,
      ],
      [
        "correct, nothing changes",
        control.send(opId, "incident:correct", { incidentId: "inc-1", type: "missile", grade: "I", reason: "x" }),
        "conflict",
        /already says that: nothing to correct\.$/,
      ],
      [
        "correct, no field",
        control.send(opId, "incident:correct", { incidentId: "inc-1", reason: "x" } as never),
        "bad_request",
        /at least one of/,
      ],
      [
        "reopen, still open",
        control.send(opId, "incident:reopen", { incidentId: "inc-2", reason: "x" }),
        "conflict",
        /is open \(reported\): nothing to reopen\.$/,
      ],
      [
        "assign, unknown recommended unit",
        control.send(opId, "incident:assign", {
          incidentId: "inc-2",
          unitId: "psu-12a",
          recommended: { unitId: "psu-99", etaSeconds: 1, reason: "x" },
        }),
        "not_found",
        /^No unit psu-99 \(the recommended unit\)\.$/,
      ],
    ];
    for (const [what, pending, code, message] of refusals) {
      const answer = await pending;
      if (answer.ok) throw new Error(`${what}: accepted`);
      expect(answer.error.code, what).toBe(code);
      expect(answer.error.message, what).toMatch(message);
    }
    expect(server.app.ops.get(opId)?.state.seq).toBe(head);
    expect(await server.app.store.readAfter(opId, head)).toEqual([]);
    await expectNothingElse([control2, steward, officer], alertSentinel(control, opId), since);
  });
});
