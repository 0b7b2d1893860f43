import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CordonEvent } from "../../shared/events";
import { alertSentinel, expectNothingElse, expectOk, marks, startServer, type TestClient, type TestServer } from "../support/harness";

/**
 * The match phase and the decision log over a real server on port 0 and real sockets (issue 11
 * items 3 and 5): who may change the phase and log decisions, that a refusal appends nothing,
 * that the phase reaches every live audience and that no steward or officer ever receives a
 * decision; and the decision log's print route (access-logged, marked, tied to the head).
 */
let server: TestServer;
let opId: string;
const on: Record<string, TestClient> = {};
const WHO = ["commander", "gold", "bronze", "controller", "steward", "officer"] as const;

const head = () => server.app.ops.get(opId)!.state.seq;
const jdm = {
  information: "BTP: Jubilee line reduced; pens full at Wembley Park.",
  risk: "Crush at the pen 2 barrier.",
  powers: "Common law duty to protect life; station queueing plan.",
  options: ["Hold at checkpoint North", "Divert to Wembley Central"],
  action: "Mounted 2 holds the line at checkpoint North.",
  review: "21:55 with BTP.",
};

beforeAll(async () => {
  server = await startServer({ COMMAND_RATE_PER_SEC: 1000, COMMAND_BURST: 1000 });
  opId = await server.openOperation("Phase and decisions");
  for (const u of WHO) {
    on[u] = await server.connect(u);
    expectOk(await on[u]!.hello(opId, null));
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe("PH4: the phase over real sockets", () => {
  it("PH4: only Silver changes the phase; every other role is refused forbidden and nothing is appended", async () => {
    for (const u of ["gold", "bronze", "controller", "steward", "officer"] as const) {
      const before = head();
      const ack = await on[u]!.send(opId, "op:phase", { phase: "kick-off" });
      expect(ack.ok ? "ok" : ack.error.code, u).toBe("forbidden");
      expect(head(), u).toBe(before);
    }
  });

  it("PH4: an unknown phase is refused bad_request and the same phase twice conflict, nothing appended", async () => {
    const before = head();
    const unknown = await on.commander!.send(opId, "op:phase", { phase: "Turnstiles open" } as never);
    expect(unknown.ok ? "ok" : unknown.error.code).toBe("bad_request");
    expect(head()).toBe(before);
    expectOk(await on.commander!.send(opId, "op:phase", { phase: "full-time" }));
    const again = await on.commander!.send(opId, "op:phase", { phase: "full-time" });
    expect(again.ok ? "ok" : again.error.code).toBe("conflict");
    expect(head()).toBe(before + 1);
  });

  it("PH5: Silver's phase reaches every live audience: control, Gold, Bronze, stewards (as Control's) and officers", async () => {
    const { seq } = expectOk(await on.commander!.send(opId, "op:phase", { phase: "egress" }));
    const got = await Promise.all(
      WHO.map((u) => on[u]!.waitFor((e) => e.seq === seq, undefined, `${u}: the phase (seq ${seq})`) as Promise<CordonEvent>),
    );
    for (const e of got) expect(e).toMatchObject({ type: "OperationPhaseStarted", payload: { phase: "egress" } });
    const steward = got[WHO.indexOf("steward")]!;
    // A steward learns the phase, never who in the control room set it.
    expect(steward.actor).toEqual({ userId: "control", role: "controller", name: "Control" });
    expect(server.app.ops.get(opId)!.state.operation?.currentPhase).toBe("egress");
  });
});

describe("DL4: the decision log over real sockets", () => {
  it("DL4: Gold, Silver and Bronze log decisions with JDM fields, attributed to them; the fold keeps every field", async () => {
    for (const u of ["gold", "commander", "bronze"] as const) {
      const { seq } = expectOk(await on[u]!.send(opId, "decision:log", { decision: `Hold (${u})`, rationale: "Crush risk", ...jdm }));
      const logged = await on.controller!.waitFor((e) => e.seq === seq);
      expect(logged.type).toBe("DecisionLogged");
      expect(logged.actor.role).toBe(u);
    }
    const decisions = server.app.ops.get(opId)!.state.decisions;
    expect(decisions.map((d) => d.actor.role)).toEqual(["gold", "commander", "bronze"]);
    expect(decisions[0]).toMatchObject({ decision: "Hold (gold)", rationale: "Crush risk", ...jdm });
  });

  it("DL4: controllers, stewards and officers are refused forbidden; oversize and malformed bodies bad_request; nothing appended", async () => {
    const before = head();
    for (const u of ["controller", "steward", "officer"] as const) {
      const ack = await on[u]!.send(opId, "decision:log", { decision: "Hold", rationale: "Risk" });
      expect(ack.ok ? "ok" : ack.error.code, u).toBe("forbidden");
    }
    const bad = [
      { decision: "x".repeat(2001), rationale: "r" },
      { decision: "Hold", rationale: "r", options: Array.from({ length: 11 }, (_, i) => `o${i}`) },
      { decision: "Hold", rationale: "r", review: "" },
      { decision: "Hold", rationale: "r", options: "Hold or release" },
    ];
    for (const body of bad) {
      const ack = await on.commander!.send(opId, "decision:log", body as never);
      expect(ack.ok ? "ok" : ack.error.code, JSON.stringify(body).slice(0, 80)).toMatch(/^(bad_request|payload_too_large)$/);
    }
    expect(head()).toBe(before);
  });

  it("DL5: a steward and an officer never receive a decision, live or on catch-up", async () => {
    const since = marks([on.steward!, on.officer!]);
    expectOk(
      await on.commander!.send(opId, "decision:log", { decision: "Close Olympic Way to northbound", rationale: "Pens full", ...jdm }),
    );
    await expectNothingElse([on.steward!, on.officer!], alertSentinel(on.commander!, opId), since);
    for (const u of ["steward", "officer"] as const) {
      expect(
        on[u]!.events.filter((e) => e.type === "DecisionLogged"),
        u,
      ).toEqual([]);
      const replay = expectOk(await on[u]!.hello(opId, 0));
      const caught = replay.mode === "events" ? replay.events : [];
      expect(caught.length, `${u} caught up on something`).toBeGreaterThan(0);
      expect(
        caught.filter((e) => e.type === "DecisionLogged"),
        u,
      ).toEqual([]);
    }
  });
});

describe("DL6: printing the decision log", () => {
  const print = async (username: string, id = opId) =>
    fetch(`${server.url}/api/operations/${id}/decisions/print`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await server.signIn(username) },
      body: "{}",
    });

  it("DL6: the print is marked, tied to the log's head seq and hash, names who printed it, and is access-logged first", async () => {
    const res = await print("analyst");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    const log = server.app.ops.get(opId)!;
    expect(html).toContain("OFFICIAL-SENSITIVE");
    expect(html).toContain('counter(page) " of " counter(pages)');
    expect(html).toContain(log.head.hash);
    expect(html).toContain(`event ${log.head.seq}`);
    expect(html).toContain("Close Olympic Way to northbound");
    expect(html).toContain("Divert to Wembley Central");
    const read = await fetch(`${server.url}/api/operations/${opId}/access-log`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await server.signIn("gold") },
      body: "{}",
    });
    const { entries } = (await read.json()) as { entries: { action: string; opId: string; detail: string | null; user: unknown }[] };
    const entry = entries.find((a) => a.action === "decisions.print");
    expect(entry).toMatchObject({ opId });
    expect(entry?.detail).toContain(log.head.hash);
  });

  it("DL6: stewards, officers and partners may not print it; an unknown operation is not found", async () => {
    for (const u of ["steward", "officer", "partner"]) expect((await print(u)).status, u).toBe(403);
    expect((await print("commander", "op-nope")).status).toBe(404);
    expect((await print("commander", "constructor")).status).toBe(404);
  });
});
