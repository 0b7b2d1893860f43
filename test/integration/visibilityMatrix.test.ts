import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cell, cellText, matrixCells, parseStep } from "../../scripts/visibilityMatrix/cells";
import { applyFates } from "../../scripts/visibilityMatrix/fates";
import { MATRIX_ACCOUNTS, STEPS, STEWARD_FORBIDDEN } from "../../scripts/visibilityMatrix/scenario";
import { sendSystem } from "../../server/system/systemPath";
import { type SystemCommand, systemKey } from "../../shared/commands";
import type { Role } from "../../shared/domain";
import type { Ack } from "../../shared/errors";
import type { CordonEvent } from "../../shared/events";
import { foldEvents } from "../../shared/evolve";
import type { SyncReply } from "../../shared/protocol";
import { initialState, type OperationState } from "../../shared/state";
import { expectOk, startServer, type TestClient, type TestServer } from "../support/harness";

/**
 * V14: every cell of the visibility matrix (docs/spec.md), checked against a real server on
 * port 0: the sample log is played with the demo accounts over real sockets, then each role is
 * asked on each path what it receives of each sample event.
 */
const cells = matrixCells();
const LIVE_ROLES: Role[] = ["gold", "commander", "bronze", "controller", "steward", "officer"];

let server: TestServer;
let opId: string;
const clients = new Map<string, TestClient>();
const cookies = new Map<string, string>();
/** The logged event each sample stands for, as the store holds it. */
const logged = new Map<string, CordonEvent>();
let log: CordonEvent[] = [];
const freshHello = new Map<Role, Ack<SyncReply>>();
const exported = new Map<Role, { status: number; events: CordonEvent[] }>();
const listings = new Map<Role, { status: number; body: string }>();

async function catchUpFrom(c: TestClient, lastSeq: number): Promise<Ack<CordonEvent[]>> {
  const events: CordonEvent[] = [];
  let from = lastSeq;
  for (;;) {
    const ack = await c.hello(opId, from);
    if (!ack.ok) return ack;
    if (ack.data.mode !== "events") throw new Error("a catch-up hello answered with a reset");
    events.push(...ack.data.events);
    if (ack.data.complete === false) from = ack.data.events.at(-1)?.seq ?? from;
    else return { ok: true, data: events };
  }
}

const post = (path: string, cookie: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: server.url },
    body: JSON.stringify(body),
  });

/** The version of every logged event (each is a sample) that a role's cells say it receives, in order. */
function versionsFor(role: Role): CordonEvent[] {
  return log.flatMap((e) => {
    const c = cells.find((x) => x.role === role && x.path === "catch-up" && logged.get(x.sample)?.seq === e.seq);
    if (!c) throw new Error(`event ${e.seq} is no sample of the matrix`);
    return c.access === "received" ? [applyFates(e, c.fates)] : [];
  });
}

/** Strings of a sample's payload that the role's versions never carry: what its cells withhold. */
function withheldStrings(sample: string, role: Role): string[] {
  const e = logged.get(sample);
  if (!e) return [];
  const seen = JSON.stringify(versionsFor(role));
  return strings(e.payload).filter((s) => s.length >= 6 && !seen.includes(JSON.stringify(s).slice(1, -1)));
}

function strings(x: unknown): string[] {
  if (typeof x === "string") return [x];
  if (Array.isArray(x)) return x.flatMap(strings);
  if (x && typeof x === "object") return Object.values(x).flatMap(strings);
  return [];
}

const comparable = (s: OperationState) => ({ ...s, seq: 0, at: 0 });

beforeAll(async () => {
  // Each account asks a catch-up question per cell, a few hundred in a second or two on a fast
  // machine: past the default message budget (60 in 3 s). The budget has tests of its own.
  server = await startServer({ COMMAND_BURST: 100_000, COMMAND_RATE_PER_SEC: 10_000 });
  opId = await server.openOperation("Matrix: England v Italy");
  for (const username of ["gold", "commander", "bronze", "controller", "steward", "steward2", "officer", "analyst", "admin", "partner"]) {
    const c = await server.connect(username);
    clients.set(username, c);
    cookies.set(username, await server.signIn(username));
    await c.hello(opId, null);
  }
  const seqs = new Map<string, number>();
  let last = 0;
  for (const step of STEPS) {
    if (step.by === "system") {
      // The server's own path (server/system/systemPath.ts), as its watchers send it.
      const command = parseStep(step) as SystemCommand;
      ({ seq: last } = expectOk(await sendSystem(server.app.ops.get(opId)!, command, systemKey("matrix", step.name))));
    } else {
      const c = clients.get(step.by) as TestClient;
      ({ seq: last } = expectOk(await c.send(opId, step.name, step.body as never)));
    }
    if (step.sample) seqs.set(step.sample, last);
  }
  // The last step reaches every live audience: once it is in, everything before it is too.
  await Promise.all(LIVE_ROLES.map((r) => clients.get(MATRIX_ACCOUNTS[r].username)!.waitFor((e) => e.seq === last)));
  log = await server.app.store.readAfter(opId, 0);
  logged.set("OperationOpened", log[0] as CordonEvent);
  for (const [sample, seq] of seqs) logged.set(sample, log[seq - 1] as CordonEvent);
  for (const role of Object.keys(MATRIX_ACCOUNTS) as Role[]) {
    const { username } = MATRIX_ACCOUNTS[role];
    freshHello.set(role, await clients.get(username)!.hello(opId, null));
    const cookie = cookies.get(username) as string;
    const res = await post(`/api/operations/${opId}/export/events.ndjson`, cookie, { reason: "Visibility matrix test", recipient: "CI" });
    const text = await res.text();
    const lines =
      res.status === 200
        ? text
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l) as Record<string, unknown>)
        : [];
    exported.set(role, { status: res.status, events: lines.filter((l) => "seq" in l && "type" in l) as unknown as CordonEvent[] });
    const listing = await fetch(`${server.url}/api/operations`, { headers: { cookie } });
    listings.set(role, { status: listing.status, body: await listing.text() });
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
});

function liveEvents(role: Role): CordonEvent[] {
  return clients.get(MATRIX_ACCOUNTS[role].username)!.events;
}

async function check(c: Cell): Promise<void> {
  const e = logged.get(c.sample);
  if (!e) throw new Error(`sample ${c.sample} was not logged`);
  const client = clients.get(MATRIX_ACCOUNTS[c.role].username) as TestClient;
  const cookie = cookies.get(MATRIX_ACCOUNTS[c.role].username) as string;
  switch (c.path) {
    case "live": {
      if (c.access === "refused") return expectRefused(freshHello.get(c.role));
      const got = liveEvents(c.role).filter((x) => x.seq === e.seq);
      if (c.access === "none") return expect(got).toEqual([]);
      if (c.access === "received") return expect(got).toEqual([applyFates(e, c.fates)]);
      break;
    }
    case "hello": {
      const reply = freshHello.get(c.role);
      if (c.access === "refused") return expectRefused(reply);
      const data = expectOk(reply as Ack<SyncReply>);
      if (data.mode !== "reset") throw new Error("a fresh hello did not answer with a reset");
      expect(comparable(data.state)).toEqual(comparable(foldEvents(initialState, versionsFor(c.role))));
      const text = JSON.stringify(data.state);
      for (const s of withheldStrings(c.sample, c.role)) expect(text, `hello state carries "${s}"`).not.toContain(s);
      return;
    }
    case "catch-up": {
      const got = await catchUpFrom(client, e.seq - 1);
      if (c.access === "refused") return expectRefused(got);
      const at = expectOk(got).filter((x) => x.seq === e.seq);
      if (c.access === "none") return expect(at).toEqual([]);
      if (c.access === "received") return expect(at).toEqual([applyFates(e, c.fates)]);
      break;
    }
    case "replay": {
      const res = await fetch(`${server.url}/api/operations/${opId}/replay/state?seq=${e.seq}`, { headers: { cookie } });
      if (c.access === "refused") return expect(res.status).toBe(403);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { seq: number; state: OperationState };
      expect(body.seq).toBe(e.seq);
      return expect(body.state).toEqual(JSON.parse(JSON.stringify(foldEvents(initialState, log.slice(0, e.seq)))));
    }
    case "export": {
      const x = exported.get(c.role)!;
      if (c.access === "refused") return expect(x.status).toBe(403);
      expect(x.status).toBe(200);
      return expect(x.events.filter((y) => y.seq === e.seq)).toEqual([e]);
    }
    case "REST": {
      const l = listings.get(c.role)!;
      expect(l.status).toBe(200);
      if (c.access === "listing") {
        const { operations } = JSON.parse(l.body) as { operations: Record<string, unknown>[] };
        const op = operations.find((o) => o.id === opId);
        const expected: Record<string, unknown> = { id: e.opId, openedAt: e.at, ...e.payload };
        for (const f of c.fields) expect(op?.[f], f).toEqual(expected[f]);
        return;
      }
      for (const s of strings(e.payload).filter((s) => s.length >= 6 && s !== e.opId)) expect(l.body).not.toContain(s);
      return;
    }
  }
  throw new Error(`cell ${JSON.stringify(c)} is not checkable`);
}

function expectRefused(reply: Ack<unknown> | undefined): void {
  expect(reply?.ok).toBe(false);
  if (reply && !reply.ok) expect(reply.error.code).toBe("forbidden");
}

describe("the visibility matrix over a real server (V14)", () => {
  it.each(cells.map((c) => [`${c.role} · ${c.sample} · ${c.path}: ${cellText(c)}`, c] as const))("V14: %s", async (_title, c) => {
    await check(c);
  });

  it("V14: nothing a steward's socket received names a call sign, a unit id, an officer, another user or a decision", async () => {
    const steward = clients.get("steward") as TestClient;
    const others = await Promise.all(
      ["commander", "controller", "steward2", "officer", "partner"].map(async (u) => {
        const user = await server.app.accounts.byUsername(u);
        if (!user) throw new Error(`no demo account ${u}`);
        return user.id;
      }),
    );
    const received = JSON.stringify([steward.events, freshHello.get("steward"), await catchUpFrom(steward, 0)]);
    for (const s of [...STEWARD_FORBIDDEN, ...others]) expect(received, `a steward received "${s}"`).not.toContain(s);
    // The test is worth something only if the steward did receive the incidents and the notes meant for it.
    expect(received).toContain("Keep the Boxpark gate clear");
    expect(received).toContain("Flare out; area clear");
  });
});
