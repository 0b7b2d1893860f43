import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { generateOperation, OP_ID } from "../../bench/replayData";
import { SqliteEventStore } from "../../server/store/sqliteStore";
import type { CommandName } from "../../shared/commands";
import type { Ack } from "../../shared/errors";
import { type CordonEvent, CordonEvent as EventSchema } from "../../shared/events";
import { foldEvents } from "../../shared/evolve";
import type { CommandResult, SyncReply } from "../../shared/protocol";
import { initialState } from "../../shared/state";
import { project, viewerOf } from "../../shared/visibility";
import { expectOk, newKey, startServer, type TestServer } from "../support/harness";
import { freshState } from "../support/modelClient";

/**
 * Issue 8 item 5: one user cannot harm the rest. Real server on port 0, real socket.io clients,
 * SQLite in a temp dir; every limit is a config key set here so that the counts are exact.
 */

type Raw = Socket;
const REPORT = { type: "other", postId: "post-ow-boxpark", text: "flood", reporterTime: 1 } as const;
const OLYMPIC_WAY = { lat: 51.5605, lng: -0.2796 };

/** A socket on an existing session cookie; resolves once connected or with the refusal. */
function rawSocket(url: string, cookie: string, opened: Raw[]): Promise<{ socket: Raw } | { refused: { message: string; data: unknown } }> {
  const socket = io(url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  opened.push(socket);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ socket }));
    socket.once("connect_error", (err: Error & { data?: unknown }) => resolve({ refused: { message: err.message, data: err.data } }));
  });
}

function send(socket: Raw, opId: string, name: CommandName, body: unknown, key = newKey()): Promise<Ack<CommandResult>> {
  return socket.emitWithAck(name, { opId, key, body });
}

/** Polls a condition the server reaches by itself (a disconnect it has to notice); never decides by time. */
async function until(condition: () => boolean, what: string): Promise<void> {
  await expect.poll(condition, { timeout: 15_000, message: `waiting for ${what}` }).toBe(true);
}

describe("one user cannot harm the rest (issue 8 item 5)", () => {
  let server: TestServer;
  const opened: Raw[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) s.close();
    await server?.close();
  });

  it("A6: ten sockets of one steward share one budget: exactly COMMAND_BURST get through, another user is served", async () => {
    // One window of 40 s: the flood below ends long before it, so the count is exact.
    server = await startServer({
      COMMAND_RATE_PER_SEC: 1,
      COMMAND_BURST: 40,
      STEWARD_REPORTS_PER_MINUTE: 1_000,
      MAX_SOCKETS_PER_SESSION: 10,
    });
    const opId = await server.openOperation();
    const cookie = await server.signIn("steward");
    const sockets: Raw[] = [];
    for (let i = 0; i < 10; i++) {
      const s = await rawSocket(server.url, cookie, opened);
      if (!("socket" in s)) throw new Error(`socket ${i} refused: ${s.refused.message}`);
      sockets.push(s.socket);
    }
    const control = await server.connect("commander");
    const flood = sockets.flatMap((s) => Array.from({ length: 30 }, () => send(s, opId, "report:submit", REPORT)));
    expectOk(await control.send(opId, "decision:log", { decision: "Carry on", rationale: "The flood is one user's" }));
    const acks = await Promise.all(flood);
    const ok = acks.filter((a) => a.ok).length;
    const limited = acks.filter((a) => !a.ok && a.error.code === "rate_limited");
    expect(ok).toBe(40);
    expect(limited).toHaveLength(300 - 40);
    expect(limited[0]?.ok === false && limited[0].error.message).toMatch(/Too many messages from your account/);
    expect(Object.keys(server.app.ops.get(opId)?.state.reports ?? {})).toHaveLength(40);
  });

  it("A7: sockets are capped per session and per user, with a refusal the client can show", async () => {
    server = await startServer({ MAX_SOCKETS_PER_SESSION: 3, MAX_SOCKETS_PER_USER: 5 });
    const first = await server.signIn("steward");
    // A burst of handshakes on one cookie: only the cap's worth connect.
    const burst = await Promise.all(Array.from({ length: 20 }, () => rawSocket(server.url, first, opened)));
    const connected = burst.filter((b) => "socket" in b);
    const refused = burst.flatMap((b) => ("refused" in b ? [b.refused] : []));
    expect(connected).toHaveLength(3);
    expect(refused).toHaveLength(17);
    expect(refused[0]?.message).toBe("too_many_connections");
    expect(refused[0]?.data).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/already has 3 connections/) });

    // Another session of the same user: two more make five, the sixth is the user's cap.
    const second = await server.signIn("steward");
    for (let i = 0; i < 2; i++) expect("socket" in (await rawSocket(server.url, second, opened))).toBe(true);
    const sixth = await rawSocket(server.url, second, opened);
    expect("refused" in sixth && (sixth.refused.data as { message: string }).message).toMatch(/Your account already has 5 connections/);
    // Another user is not affected.
    expect("socket" in (await rawSocket(server.url, await server.signIn("steward2"), opened))).toBe(true);

    // Closing one lets the next in, once the server has seen it go.
    const one = connected[0];
    if (!one || !("socket" in one)) throw new Error("no socket");
    one.socket.close();
    const userId = (await server.app.accounts.byUsername("steward"))?.id ?? "";
    await until(() => (server.app.io.sockets.adapter.rooms.get(`user:${userId}`)?.size ?? 0) === 4, "the closed socket leaves");
    expect("socket" in (await rawSocket(server.url, second, opened))).toBe(true);
  });

  it("A8: a steward's reports are capped per minute with a clear error; refusals and resends cost nothing", async () => {
    server = await startServer({ STEWARD_REPORTS_PER_MINUTE: 5, COMMAND_RATE_PER_SEC: 1_000, COMMAND_BURST: 1_000 });
    const opId = await server.openOperation();
    const steward = await server.connect("steward");
    const refusedByRule = await steward.send(opId, "report:submit", { ...REPORT, postId: "post-nowhere" });
    expect(refusedByRule.ok ? "" : refusedByRule.error.code).toBe("bad_request");
    const keys = Array.from({ length: 5 }, () => newKey("rep"));
    for (const key of keys) expectOk(await steward.send(opId, "report:submit", REPORT, key));
    const sixth = await steward.send(opId, "report:submit", REPORT);
    expect(sixth.ok).toBe(false);
    if (sixth.ok) return;
    expect(sixth.error.code).toBe("rate_limited");
    expect(sixth.error.message).toMatch(/^You have sent 5 reports in the last minute/);
    // A resend of an appended report (a phone that lost the ack) is still answered, as a duplicate.
    const again = expectOk(await steward.send(opId, "report:submit", REPORT, keys[0]));
    expect(again.duplicate).toBe(true);
    expect(Object.keys(server.app.ops.get(opId)?.state.reports ?? {})).toHaveLength(5);
    // Control is not capped by it.
    const control = await server.connect("commander");
    expectOk(await control.send(opId, "decision:log", { decision: "Noted", rationale: "Cap holds" }));
  });

  it("D29: hello replies are paged and bounded; a control client on a 20,000-event log catches up page by page", async () => {
    // A generated 20,000-event operation (reports, incidents, units, alerts) written by decide → seal → evolve.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-fair-"));
    const store = new SqliteEventStore(path.join(dir, "cordon.db"));
    await generateOperation(store, { hours: 1, units: 40, fixEveryMs: 600_000, events: 20_000, seed: 8 });
    await store.close();
    const limits = { HELLO_PAGE_EVENTS: 200, HELLO_PAGE_BYTES: 65_536 };
    server = await startServer({ ...limits, COMMAND_RATE_PER_SEC: 1_000, COMMAND_BURST: 1_000 }, { dir });
    const opId = OP_ID;
    const head = server.app.ops.get(opId)?.state.seq ?? 0;
    expect(head).toBe(20_000);

    const control = await server.connect("controller");
    const pages = await pagesFrom(control.hello.bind(control), opId, head - 1_800);
    const seqs = pages.flatMap((p) => (p.mode === "events" ? p.events.map((e) => e.seq) : []));
    expect(seqs).toEqual(Array.from({ length: 1_800 }, (_, i) => head - 1_800 + 1 + i));
    for (const p of pages) {
      if (p.mode !== "events") throw new Error("expected events");
      expect(p.events.length).toBeLessThanOrEqual(200);
      expect(Buffer.byteLength(JSON.stringify(p.events))).toBeLessThanOrEqual(65_536 + 1_000);
      expect(p.head).toBe(head);
    }
    expect(pages.length).toBeGreaterThanOrEqual(9);
    expect(pages.slice(0, -1).every((p) => p.mode === "events" && p.complete === false && p.positions.length === 0)).toBe(true);
    expect(pages.at(-1)).toMatchObject({ complete: true });

    // A fresh control client gets the live state (in snapshot pages, D33); a steward's replies name no head.
    const reset = await freshState(control.socket, opId);
    const upTo = (await server.app.store.readAfter(opId, 0)).filter((e) => e.seq <= reset.state.seq);
    expect(JSON.parse(JSON.stringify(reset.state))).toEqual(JSON.parse(JSON.stringify(foldEvents(initialState, upTo))));
    const stewardUser = await server.app.accounts.byUsername("steward");
    const viewer = stewardUser && viewerOf(stewardUser);
    if (!viewer) throw new Error("no steward viewer");
    const steward = await server.connect("steward");
    const stored = (await server.app.store.readAfter(opId, 0)).map((e) => EventSchema.parse(e));
    const visible = stored.map((e) => project(e, viewer)).filter((e): e is CordonEvent => e !== null);
    expect(visible.length).toBeGreaterThan(200);
    const fresh = await freshState(steward.socket, opId);
    expect(fresh.replies.every((r) => r.ok && r.data.head === null)).toBe(true);
    expect(fresh.state.seq).toBe(visible.at(-1)?.seq);
    expect(fresh.state).toEqual(JSON.parse(JSON.stringify(foldEvents(initialState, visible))));
    // Its catch-up from 0 is paged too, and is exactly what it may see.
    const stewardPages = await pagesFrom(steward.hello.bind(steward), opId, 0);
    expect(stewardPages.every((p) => p.head === null)).toBe(true);
    expect(stewardPages.length).toBeGreaterThan(1);
    expect(stewardPages.flatMap((p) => (p.mode === "events" ? p.events : []))).toEqual(JSON.parse(JSON.stringify(visible)));
  }, 120_000);

  it("D30: ids such as constructor and __proto__ are unknown ids: not_found, never internal, nothing appended", async () => {
    server = await startServer({ COMMAND_RATE_PER_SEC: 1_000, COMMAND_BURST: 1_000 });
    const opId = await server.openOperation();
    const control = await server.connect("controller");
    const inc = expectOk(await control.send(opId, "incident:report", { type: "medical", location: OLYMPIC_WAY, description: "Collapse" }));
    const before = server.app.ops.get(opId)?.state.seq;
    expect(before).toBe(inc.seq);
    const answers: Ack<CommandResult>[] = [];
    for (const id of ["constructor", "__proto__", "hasOwnProperty", "toString", "valueOf", "isPrototypeOf"]) {
      answers.push(
        await control.send(opId, "unit:status", { unitId: id, status: "available" }),
        await control.send(opId, "incident:grade", { incidentId: id, grade: "I" }),
        await control.send(opId, "incident:assign", { incidentId: "inc-1", unitId: id }),
        await control.send(opId, "incident:release", { incidentId: id, unitId: id }),
        await control.send(opId, "incident:note", { incidentId: id, text: "x" }),
        await control.send(opId, "incident:resolve", { incidentId: id, outcome: "x" }),
        await control.send(opId, "incident:close", { incidentId: id, result: "no-trace" }),
        await control.send(opId, "incident:correct", { incidentId: id, grade: "S", reason: "x" }),
        await control.send(opId, "incident:reopen", { incidentId: id, reason: "x" }),
        await control.send(opId, "report:promote", { reportId: id, grade: "S" }),
        await control.send(opId, "report:merge", { reportId: id, incidentId: "inc-1" }),
        await control.send(opId, "report:dismiss", { reportId: id, reason: "x" }),
        await control.send(opId, "unit:register", {
          unitId: "psu-1",
          callSign: "PSU 1",
          kind: "serial",
          agency: "MPS",
          sector: null,
          parentId: id,
        }),
      );
    }
    expect(answers.map((a) => (a.ok ? "ok" : a.error.code))).toEqual(answers.map(() => "not_found"));
    expect(server.app.ops.get(opId)?.state.seq).toBe(before);
    // As the id of a new unit, `constructor` is just a name that is not taken yet.
    expectOk(
      await control.send(opId, "unit:register", { unitId: "constructor", callSign: "C 1", kind: "serial", agency: "MPS", sector: null }),
    );
    expectOk(await control.send(opId, "unit:status", { unitId: "constructor", status: "refreshment" }));
    expect(Object.values(server.app.ops.get(opId)?.state.units ?? {}).find((u) => u.id === "constructor")?.status).toBe("refreshment");
    for (const e of await server.app.store.readAfter(opId, 0)) expect(EventSchema.safeParse(e).success).toBe(true);
  });

  it("D31: positions, hellos and commands for made-up operation ids are not_found and leave no state", async () => {
    server = await startServer({ COMMAND_RATE_PER_SEC: 1_000, COMMAND_BURST: 1_000 });
    const opId = await server.openOperation();
    const control = await server.connect("controller");
    expectOk(
      await control.send(opId, "unit:register", {
        unitId: "psu-12a",
        callSign: "PSU 12A",
        kind: "serial",
        agency: "MPS",
        sector: "olympic-way",
      }),
    );
    const officer = await server.connect("officer");
    const fix = { unitId: "psu-12a", lat: 51.56, lng: -0.28, at: 1 };
    const codes: string[] = [];
    for (let i = 0; i < 200; i++) {
      const made = `op-made-up-${i}`;
      const pos: Ack<unknown> = await officer.socket.emitWithAck("position:report", { opId: made, fixes: [fix] });
      const hello = await officer.hello(made, null);
      const cmd = await control.send(made, "alert:send", { audience: "control", text: "x" });
      codes.push(...[pos, hello, cmd].map((a) => (a.ok ? "ok" : a.error.code)));
    }
    expect(new Set(codes)).toEqual(new Set(["not_found"]));
    expect(server.app.lane.size).toBe(0);
    expect(server.app.ops.all().map((l) => l.opId)).toEqual([opId]);
    // The real operation still takes the officer's fix, and only then does the lane hold state.
    expectOk(await officer.socket.emitWithAck("position:report", { opId, fixes: [fix] }));
    expect(server.app.lane.size).toBe(1);
  });
});

/** Says hello from `lastSeq` until a reply is complete; returns every reply. */
async function pagesFrom(
  hello: (opId: string, lastSeq: number | null) => Promise<Ack<SyncReply>>,
  opId: string,
  lastSeq: number,
): Promise<SyncReply[]> {
  const pages: SyncReply[] = [];
  let at = lastSeq;
  for (let i = 0; i < 1_000; i++) {
    const reply = expectOk(await hello(opId, at));
    pages.push(reply);
    if (reply.mode !== "events" || reply.complete !== false) return pages;
    at = reply.events.at(-1)?.seq ?? at;
  }
  throw new Error("the catch-up never completed");
}
