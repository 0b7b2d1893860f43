import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  alertSentinel,
  expectNothingElse,
  expectOk,
  newKey,
  passSentinel,
  startServer,
  type TestServer,
  WAIT_MS,
  within,
} from "../support/harness";

const OLYMPIC_WAY = { lat: 51.5605, lng: -0.2795 };

async function registerUnit(server: TestServer, opId: string, unitId: string, callSign: string, sector: string | null) {
  const control = await server.connect("controller");
  expectOk(await control.send(opId, "unit:register", { unitId, callSign, kind: "serial", agency: "MPS", sector }));
  control.close();
}

function storedCount(dbPath: string, opId: string): number {
  // A second connection: what it reads is what was committed to the file.
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM events WHERE op_id = ?").get(opId) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("delivery over real sockets", () => {
  let server: TestServer;
  let opId: string;
  beforeEach(async () => {
    server = await startServer();
    opId = await server.openOperation();
  });
  afterEach(async () => server.close());

  it("D1: a steward's report reaches a controller with the seq the steward was acked with", async () => {
    const control = await server.connect("controller");
    expectOk(await control.hello(opId, null));
    const steward = await server.connect("steward");
    expectOk(await steward.hello(opId, null));

    const ack = expectOk(
      await steward.send(opId, "report:submit", {
        type: "crowd-surge",
        postId: "post-ow-boxpark",
        text: "Pushing at the barrier",
        reporterTime: Date.now(),
      }),
    );
    const seen = await control.waitFor((e) => e.type === "StewardReportSubmitted");
    expect(seen.seq).toBe(ack.seq);
    expect(seen.actor.role).toBe("steward");
    expect(storedCount(server.dbPath, opId)).toBe(ack.seq);
    // The steward sees their own report come back too.
    await steward.waitFor((e) => e.seq === ack.seq);
  });

  it("D2: a control client that reconnects with its last seq gets exactly the events it missed", async () => {
    const control = await server.connect("controller");
    const first = expectOk(await control.hello(opId, null));
    expect(first.mode).toBe("reset");
    const lastSeq = first.head;
    control.close();

    const other = await server.connect("commander");
    const acks = [];
    for (let i = 0; i < 5; i++) {
      acks.push(
        expectOk(await other.send(opId, "incident:report", { type: "disorder", location: OLYMPIC_WAY, description: `Fight ${i}` })),
      );
    }
    const back = await server.connect("controller");
    const reply = expectOk(await back.hello(opId, lastSeq));
    if (reply.mode !== "events") throw new Error("expected events");
    expect(reply.events.map((e) => e.seq)).toEqual(acks.map((a) => a.seq));
    expect(reply.head).toBe(acks[4]?.seq);

    // And live events follow straight after, with no gap and no repeat.
    const live = expectOk(await other.send(opId, "incident:report", { type: "medical", location: OLYMPIC_WAY, description: "Collapse" }));
    const e = await back.waitFor((x) => x.seq === live.seq);
    expect(e.seq).toBe((reply.head ?? Number.NaN) + 1);
  });

  it("D3: a resent command appends nothing and returns the original result", async () => {
    const steward = await server.connect("steward");
    const key = newKey("resend");
    const body = { type: "medical" as const, postId: "post-ow-north", text: "Man down", reporterTime: Date.now() };
    const first = expectOk(await steward.send(opId, "report:submit", body, key));
    const before = storedCount(server.dbPath, opId);
    const again = expectOk(await steward.send(opId, "report:submit", body, key));
    expect(again).toEqual({ ...first, duplicate: true });
    expect(storedCount(server.dbPath, opId)).toBe(before);

    // Two sends of one key at the same moment also apply once.
    const key2 = newKey("race");
    const [a, b] = await Promise.all([steward.send(opId, "report:submit", body, key2), steward.send(opId, "report:submit", body, key2)]);
    expect(expectOk(a).seq).toBe(expectOk(b).seq);
    expect(storedCount(server.dbPath, opId)).toBe(before + 1);
  });

  it("D4: a malformed command gets an error ack, appends nothing, and no one else receives anything", async () => {
    const control = await server.connect("controller");
    expectOk(await control.hello(opId, null));
    const steward = await server.connect("steward");
    expectOk(await steward.hello(opId, null));
    const officer = await server.connect("officer");
    expectOk(await officer.hello(opId, null));
    const before = storedCount(server.dbPath, opId);

    const bad = await steward.send(opId, "report:submit", { type: "alien-invasion", reporterTime: -1 } as never);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe("bad_request");
      expect(bad.error.message).toMatch(/type/);
    }
    const garbage = await (steward.socket.emitWithAck as (ev: string, p: unknown) => Promise<{ ok: boolean }>)(
      "incident:report",
      "not even an object",
    );
    expect(garbage.ok).toBe(false);
    // A command with no ack callback at all must not crash the server either.
    (steward.socket.emit as (ev: string, payload: unknown) => void)("report:submit", { nonsense: true });

    const forbidden = await steward.send(opId, "incident:report", { type: "disorder", location: OLYMPIC_WAY, description: "x" });
    expect(forbidden.ok ? "" : forbidden.error.code).toBe("forbidden");
    const rule = await control.send(opId, "incident:grade", { incidentId: "inc-999", grade: "I" });
    expect(rule.ok ? "" : rule.error.code).toBe("not_found");

    expect(storedCount(server.dbPath, opId)).toBe(before);
    // Nobody received anything: a sentinel alert sent now, after all of it, is the next seq and
    // the only thing any of them holds once each has it.
    const sentinel = alertSentinel(await server.connect("commander"), opId);
    await expectNothingElse([control, steward, officer], sentinel);
    expect(storedCount(server.dbPath, opId)).toBe(before + 1);
    expect(control.events.map((e) => e.seq)).toEqual([before + 1]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("D5: a steward never receives a unit position, a decision or another sector's steward report", async () => {
    await registerUnit(server, opId, "psu-12a", "12A", "olympic-way");
    const steward = await server.connect("steward"); // sector olympic-way
    const hello = expectOk(await steward.hello(opId, null));
    expect(hello.positions).toEqual([]);
    if (hello.mode === "reset") expect(hello.state.units).toEqual({});
    const officer = await server.connect("officer"); // unit psu-12a
    // Silver: decisions are logged by commanders (issue 11 item 5).
    const control = await server.connect("commander");
    expectOk(await control.hello(opId, null));
    const otherSteward = await server.connect("steward2"); // sector stadium-west

    expectOk(await officer.send(opId, "unit:status", { unitId: "psu-12a", status: "returning" }));
    expectOk(await officer.socket.emitWithAck("position:report", { opId, fixes: [{ unitId: "psu-12a", ...OLYMPIC_WAY, at: Date.now() }] }));
    expectOk(
      await control.send(opId, "decision:log", { decision: "Hold queues at Wembley Park", rationale: "Crush risk on the platform" }),
    );
    const away = expectOk(
      await otherSteward.send(opId, "report:submit", {
        type: "pyrotechnics",
        postId: "post-ts-entrance-h",
        text: "Flare",
        reporterTime: Date.now(),
      }),
    );
    const incident = expectOk(
      await control.send(opId, "incident:report", { type: "disorder", location: OLYMPIC_WAY, description: "Fight at Boxpark" }),
    );
    expectOk(await control.send(opId, "incident:assign", { incidentId: "inc-1", unitId: "psu-12a" }));
    expectOk(await control.send(opId, "incident:note", { incidentId: "inc-1", text: "Known risk group, FIO aware", intel: true }));

    // Control has the fix; the lane sends one flush to every room at once, so whatever the
    // stewards were sent in it precedes anything sent to them later. A sentinel alert sent now
    // and received by the steward proves it holds all it was ever going to get.
    await control.waitForFrame((f) => f.fixes.some((t) => t[0] === "psu-12a"), WAIT_MS, "psu-12a's fix in control's positions");
    await passSentinel([steward, control], alertSentinel(control, opId));

    const types = steward.events.map((e) => e.type);
    expect(steward.frames).toEqual([]);
    expect(types).not.toContain("UnitStatusChanged");
    expect(types).not.toContain("DecisionLogged");
    expect(steward.events.find((e) => e.seq === away.seq)).toBeUndefined();
    // The incident in their sector arrives, with the unit and the intelligence note withheld.
    expect(steward.events.find((e) => e.seq === incident.seq)?.type).toBe("IncidentReported");
    const assigned = steward.events.find((e) => e.type === "UnitAssigned");
    expect(assigned?.type === "UnitAssigned" && assigned.payload.unit).toBeNull();
    expect(JSON.stringify(steward.events)).not.toContain("12A");
    expect(types).not.toContain("IncidentNoteAdded");

    // Catch-up obeys the same rules as live delivery.
    // (Only control learns the head: a steward catches up from the seq its first reply folded to.)
    const since = hello.mode === "reset" ? hello.state.seq : (hello.head ?? 0);
    const again = expectOk(await steward.hello(opId, since));
    if (again.mode !== "events") throw new Error(`expected events after seq ${since}, got a ${again.mode} reply`);
    expect(again.events.map((e) => e.seq)).toEqual(steward.events.map((e) => e.seq));
  });

  it("D6: a reconnecting client gets each unit's latest position, not the history", async () => {
    await registerUnit(server, opId, "psu-12a", "12A", "olympic-way");
    const officer = await server.connect("officer");
    for (let i = 0; i < 3; i++) {
      expectOk(
        await officer.socket.emitWithAck("position:report", {
          opId,
          fixes: [{ unitId: "psu-12a", lat: 51.56 + i / 1000, lng: -0.28, at: 1000 + i }],
        }),
      );
    }
    const control = await server.connect("controller");
    const reply = expectOk(await control.hello(opId, null));
    expect(reply.positions).toEqual([["psu-12a", 51.562, -0.28, 1002, null, null]]);
    expect(await server.app.store.track(opId, 0, 5000, "psu-12a")).toHaveLength(3);

    // An officer may report only their own unit.
    await registerUnit(server, opId, "psu-14b", "14B", "stadium-east");
    const spoof = await officer.socket.emitWithAck("position:report", {
      opId,
      fixes: [{ unitId: "psu-14b", lat: 51.55, lng: -0.28, at: 5 }],
    });
    expect(spoof.ok ? "" : spoof.error.code).toBe("forbidden");
  });

  it("D7: the tracking feed posts position batches with a bearer token", async () => {
    await server.close();
    server = await startServer({ FEED_TOKENS: ["feed-test-token"] });
    opId = await server.openOperation();
    await registerUnit(server, opId, "mounted-2", "Mounted 2", "olympic-way");
    const post = (token: string, body: unknown) =>
      fetch(`${server.url}/api/operations/${opId}/positions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    expect((await post("wrong", { fixes: [] })).status).toBe(401);
    expect((await post("feed-test-token", { fixes: [{ unitId: "mounted-2", lat: 200 }] })).status).toBe(400);
    const ok = await post("feed-test-token", {
      fixes: [
        { unitId: "mounted-2", lat: 51.561, lng: -0.2795, at: 10 },
        { unitId: "nobody", lat: 51.561, lng: -0.2795, at: 10 },
      ],
    });
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ stored: 1, unknown: ["nobody"] });
  });

  it("D8: the log survives a restart: state is rebuilt, the hash chain continues, sessions end on sign-out", async () => {
    const control = await server.connect("controller");
    const a = expectOk(await control.send(opId, "incident:report", { type: "theft", location: OLYMPIC_WAY, description: "Phone snatch" }));
    const before = server.app.ops.get(opId)?.state;
    const { dir } = server;
    await server.close();
    server = await startServer({}, { dir });
    expect(server.app.ops.get(opId)?.state).toEqual(before);
    const again = await server.connect("controller");
    const b = expectOk(await again.send(opId, "incident:grade", { incidentId: "inc-1", grade: "S" }));
    expect(b.seq).toBe(a.seq + 1);
    const [prev, next] = await server.app.store.readAfter(opId, a.seq - 1);
    expect(next?.prevHash).toBe(prev?.hash);

    // Signing out disconnects that session's sockets at once.
    const cookie = await server.signIn("controller");
    const closed = new Promise<string>((resolve) => again.socket.on("session:ended", (i) => resolve(i.reason)));
    const gone = new Promise<void>((resolve) => again.socket.on("disconnect", () => resolve()));
    void cookie;
    await fetch(`${server.url}/api/session`, {
      method: "DELETE",
      headers: { cookie: (again.socket.io.opts.extraHeaders as Record<string, string>).cookie ?? "" },
    });
    expect(await within(closed, WAIT_MS, "session:ended after signing out")).toMatch(/Signed out/);
    await within(gone, WAIT_MS, "the signed-out socket's disconnect");
  });
});
