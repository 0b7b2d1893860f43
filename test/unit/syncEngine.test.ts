import { describe, expect, it } from "vitest";
import type { User } from "../../client/src/api/session";
import { createBoardStore } from "../../client/src/store/boardStore";
import { boardSink } from "../../client/src/sync/boardSink";
import { closedAck, deadlineAck, newCommandKey } from "../../client/src/sync/sendCommand";
import { createSyncEngine, type SyncEngineOptions } from "../../client/src/sync/syncEngine";
import type { AckError } from "../../shared/errors";
import type { CordonEvent } from "../../shared/events";
import type { SyncReply } from "../../shared/protocol";
import { PROTOCOL_VERSION } from "../../shared/wire";
import { actors, MemoryLog } from "../support/events";
import { flush, manualTimers, memoryTransport } from "../support/memoryTransport";

const controller: User = { id: "u-control", name: "Control", role: "controller", sector: null, unitId: null, post: null };
const steward: User = { id: "u-steward", name: "Steward", role: "steward", sector: "olympic-way", unitId: null, post: null };

/** A log of `n` events after the opening (decisions: any audience's fold takes them). */
function logOf(n: number): CordonEvent[] {
  const log = new MemoryLog();
  for (let i = 0; i < n; i++) log.run(actors.control, "decision:log", { decision: `d${i}`, rationale: "r" });
  return log.events;
}

function setUp(user: User = controller, extra: Partial<SyncEngineOptions> = {}) {
  const net = memoryTransport();
  const clock = manualTimers();
  const store = createBoardStore({ user, opId: "op-test" });
  const seen = { synced: 0, refused: [] as { error: AckError; final: boolean }[], ended: [] as AckError[] };
  const engine = createSyncEngine({
    transport: net.transport,
    sink: boardSink(store),
    timers: clock.timers,
    opId: "op-test",
    contiguous: user.role === "controller",
    onSynced: () => seen.synced++,
    onRefused: (error, final) => seen.refused.push({ error, final }),
    onEnded: (error) => seen.ended.push(error),
    ...extra,
  });
  const seq = () => store.getState().state.seq;
  const lastHello = () => net.sent.filter((s) => s.event === "sync:hello").at(-1)?.payload as { protocol: number; lastSeq: number | null };
  const reply = async (r: SyncReply) => {
    net.answer("sync:hello", { ok: true, data: r });
    await flush();
  };
  return { net, clock, store, engine, seen, seq, lastHello, reply };
}

const eventsReply = (events: CordonEvent[], head = events.at(-1)?.seq ?? 0): SyncReply => ({ mode: "events", events, head, positions: [] });
const refusal = (code: string) => ({ ok: false, error: { code, message: `no: ${code}` } });

describe("the sync engine (in memory)", () => {
  it("C7: every connect says hello, null first and then the last applied seq; the reply makes it live", async () => {
    const t = setUp();
    const log = logOf(3);
    expect(t.engine.phase()).toBe("offline");
    expect(t.net.count("sync:hello"), "no hello before a connection").toBe(0);
    t.net.connect();
    expect(t.lastHello()).toEqual({ protocol: PROTOCOL_VERSION, opId: "op-test", lastSeq: null });
    expect(t.engine.phase()).toBe("syncing");
    await t.reply(eventsReply(log.slice(0, 2)));
    expect(t.engine.phase()).toBe("live");
    expect(t.seen.synced).toBe(1);
    t.net.disconnect();
    expect(t.engine.phase()).toBe("offline");
    t.net.connect();
    expect(t.lastHello().lastSeq).toBe(2);
    await t.reply(eventsReply(log.slice(2)));
    expect(t.seq()).toBe(4);
    expect(t.engine.stats.hellos).toBe(2);
  });

  it("C7: an engine made on a connected socket says hello at once", () => {
    const net = memoryTransport();
    net.connect();
    const store = createBoardStore({ user: controller, opId: "op-test" });
    createSyncEngine({
      transport: net.transport,
      sink: boardSink(store),
      timers: manualTimers().timers,
      opId: "op-test",
      contiguous: true,
    });
    expect(net.count("sync:hello")).toBe(1);
  });

  it("C7: a gap on the control stream is not applied: a hello with the last seq repairs it, and the events behind wait", async () => {
    const t = setUp();
    const log = logOf(5);
    t.net.connect();
    await t.reply(eventsReply(log.slice(0, 2)));
    t.net.emit("event", log[3]!);
    expect(t.seq(), "not past the gap").toBe(2);
    expect(t.engine.stats.resyncs).toBe(1);
    expect(t.lastHello().lastSeq).toBe(2);
    t.net.emit("event", log[4]!);
    expect(t.seq(), "buffered during the hello").toBe(2);
    await t.reply(eventsReply(log.slice(2, 4)));
    expect(t.seq()).toBe(5);
    expect(t.engine.stats.resyncs).toBe(1);
    expect(t.engine.stats.hellos).toBe(2);
  });

  it("C7: a gap among the buffered events stops the drain and says hello again", async () => {
    const t = setUp();
    const log = logOf(5);
    t.net.connect();
    t.net.emit("event", log[4]!);
    await t.reply(eventsReply(log.slice(0, 2)));
    expect(t.seq()).toBe(2);
    expect(t.engine.stats.resyncs).toBe(1);
    expect(t.net.count("sync:hello")).toBe(2);
    expect(t.lastHello().lastSeq).toBe(2);
  });

  it("C7: a head left ahead for the grace period asks for the rest; one caught up by then does not", async () => {
    const t = setUp(controller, { behindGraceMs: 2000 });
    const log = logOf(4);
    t.net.connect();
    await t.reply(eventsReply(log.slice(0, 2)));
    t.net.emit("head", { opId: "op-test", seq: 3, now: 1 });
    expect(t.store.getState().connection.head).toBe(3);
    t.net.emit("event", log[2]!);
    t.clock.advance(2000);
    expect(t.net.count("sync:hello"), "caught up by live events").toBe(1);
    t.net.emit("head", { opId: "op-test", seq: 4, now: 2 });
    t.net.emit("head", { opId: "op-test", seq: 4, now: 3 });
    expect(t.clock.pending(), "one timer per grace period").toBe(1);
    t.clock.advance(1999);
    expect(t.net.count("sync:hello")).toBe(1);
    t.clock.advance(1);
    expect(t.net.count("sync:hello")).toBe(2);
    expect(t.engine.stats.resyncs).toBe(1);
    expect(t.lastHello().lastSeq).toBe(3);
  });

  it("C7: heads of another operation, heads with no seq, and heads on a filtered stream start no timer", async () => {
    const t = setUp();
    t.net.connect();
    await t.reply(eventsReply(logOf(1)));
    t.net.emit("head", { opId: "op-other", seq: 9, now: 1 });
    t.net.emit("head", { opId: "op-test", seq: null, now: 1 });
    expect(t.clock.pending()).toBe(0);
    expect(t.store.getState().connection.head).toBe(2);
    const s = setUp(steward);
    s.net.connect();
    await s.reply(eventsReply(logOf(1)));
    s.net.emit("head", { opId: "op-test", seq: 9, now: 1 });
    expect(s.clock.pending()).toBe(0);
  });

  it("C9: events before the reply wait in the buffer and are applied once after it; stale ones are skipped", async () => {
    const t = setUp();
    const log = logOf(4);
    t.net.connect();
    t.net.emit("event", log[1]!);
    t.net.emit("event", log[2]!);
    t.net.emit("event", { ...log[3]!, opId: "op-other" } as CordonEvent);
    expect(t.seq()).toBe(0);
    expect(t.engine.stats.buffered).toBe(2);
    await t.reply(eventsReply(log.slice(0, 2)));
    expect(t.seq()).toBe(3);
    expect(t.engine.stats.stale).toBe(1);
    t.net.emit("event", log[2]!);
    expect(t.engine.stats.stale).toBe(2);
    expect(t.engine.stats.buffered, "live now: applied, not buffered").toBe(2);
  });

  it("C9: a full buffer drops what does not fit and asks again once the reply is in", async () => {
    const t = setUp(controller, { maxBuffered: 1 });
    const log = logOf(3);
    t.net.connect();
    t.net.emit("event", log[1]!);
    t.net.emit("event", log[2]!);
    expect(t.engine.stats.buffered).toBe(1);
    await t.reply(eventsReply(log.slice(0, 1)));
    expect(t.seq()).toBe(2);
    expect(t.net.count("sync:hello")).toBe(2);
    await t.reply(eventsReply(log.slice(2)));
    expect(t.seq()).toBe(4);
    expect(t.net.count("sync:hello"), "no further hello").toBe(2);
  });

  it("C9: a steward applies across holes and never says hello for them", async () => {
    const t = setUp(steward);
    const log = logOf(5);
    t.net.connect();
    await t.reply(eventsReply([log[0]!], 1));
    t.net.emit("event", log[3]!);
    expect(t.seq()).toBe(4);
    expect(t.net.count("sync:hello")).toBe(1);
  });

  it("C9: a catch-up in pages asks for the next page at once and stays buffering until the last", async () => {
    const t = setUp();
    const log = logOf(4);
    t.net.connect();
    t.net.emit("event", log[4 - 1]!);
    await t.reply({ ...eventsReply(log.slice(0, 2), 4), complete: false } as SyncReply);
    expect(t.engine.phase()).toBe("syncing");
    expect(t.seen.synced).toBe(0);
    expect(t.lastHello().lastSeq).toBe(2);
    await t.reply({ ...eventsReply(log.slice(2, 3), 4), complete: true } as SyncReply);
    expect(t.seq()).toBe(4);
    expect(t.engine.phase()).toBe("live");
    expect(t.seen.synced).toBe(1);
  });

  it("C7: a hello asked for while one is in flight is said right after a successful reply", async () => {
    const t = setUp();
    t.net.connect();
    t.engine.hello();
    expect(t.net.count("sync:hello")).toBe(1);
    await t.reply(eventsReply(logOf(1)));
    expect(t.net.count("sync:hello")).toBe(2);
  });

  it("C7: a hello with no answer is said again after the retry delay while connected, not while offline", async () => {
    const t = setUp(controller, { helloRetryMs: 500 });
    t.net.connect();
    t.net.fail("sync:hello");
    await flush();
    expect(t.clock.delays()).toEqual([500]);
    t.clock.advance(499);
    expect(t.net.count("sync:hello")).toBe(1);
    t.clock.advance(1);
    expect(t.net.count("sync:hello")).toBe(2);
    t.net.disconnect();
    await flush();
    expect(t.clock.pending(), "the next connect says hello").toBe(0);
    expect(t.seen.refused, "a lost answer is not a refusal").toEqual([]);
  });

  it("C7: a retry waiting when the connection drops is cancelled: the reconnect says one hello", async () => {
    const t = setUp(controller, { helloRetryMs: 500 });
    t.net.connect();
    t.net.fail("sync:hello");
    await flush();
    expect(t.clock.pending()).toBe(1);
    t.net.disconnect();
    expect(t.clock.pending()).toBe(0);
    t.net.connect();
    t.clock.advance(500);
    expect(t.net.count("sync:hello")).toBe(2);
  });

  it("C12: a refusal for now is shown once per run of refusals and retried; a success starts a new run", async () => {
    const t = setUp(controller, { helloRetryMs: 500 });
    t.net.connect();
    t.net.answer("sync:hello", refusal("unavailable"));
    await flush();
    t.clock.advance(500);
    t.net.answer("sync:hello", refusal("rate_limited"));
    await flush();
    expect(t.seen.refused).toEqual([{ error: { code: "unavailable", message: "no: unavailable" }, final: false }]);
    t.clock.advance(500);
    await t.reply(eventsReply(logOf(1)));
    t.engine.hello();
    t.net.answer("sync:hello", refusal("internal"));
    await flush();
    expect(t.seen.refused.map((r) => r.error.code)).toEqual(["unavailable", "internal"]);
  });

  it("C12: a protocol_mismatch stops the hellos for good, is surfaced once, and ignores events and reconnects", async () => {
    const t = setUp(controller, { protocol: 0 });
    t.net.connect();
    expect(t.lastHello().protocol).toBe(0);
    t.net.emit("event", logOf(1)[0]!);
    t.net.answer("sync:hello", refusal("protocol_mismatch"));
    await flush();
    expect(t.engine.phase()).toBe("refused");
    expect(t.seen.refused).toEqual([{ error: { code: "protocol_mismatch", message: "no: protocol_mismatch" }, final: true }]);
    expect(t.clock.pending()).toBe(0);
    t.net.disconnect();
    t.net.connect();
    t.engine.hello();
    t.net.emit("event", logOf(1)[0]!);
    expect(t.net.count("sync:hello")).toBe(1);
    expect(t.seq()).toBe(0);
    expect(t.seen.refused).toHaveLength(1);
  });

  it("C12: unauthenticated ends the engine: onEnded once, closed, and waiting sends give up", async () => {
    const t = setUp();
    t.net.connect();
    t.net.disconnect();
    const waiting = t.engine.send("decision:log", { decision: "d", rationale: "r" }, { key: "key-00000001" });
    t.net.connect();
    await flush();
    t.net.answer("sync:hello", refusal("unauthenticated"));
    await flush();
    expect(t.seen.ended.map((e) => e.code)).toEqual(["unauthenticated"]);
    expect(t.engine.phase()).toBe("closed");
    expect(t.net.listeners.size).toBe(0);
    t.net.answer("decision:log", refusal("unavailable"));
    expect(await waiting).toBe(closedAck);
  });

  it("C9: close stops listening, cancels the timers, and ignores a reply still on its way", async () => {
    const t = setUp();
    t.net.connect();
    t.net.emit("head", { opId: "op-test", seq: 5, now: 1 });
    t.engine.close();
    t.engine.close();
    expect(t.clock.pending()).toBe(0);
    expect(t.net.listeners.size).toBe(0);
    await t.reply(eventsReply(logOf(1)));
    expect(t.seq()).toBe(0);
    expect(t.seen.synced).toBe(0);
    expect(t.engine.phase()).toBe("closed");
  });
});

describe("the engine's defaults (the browser's timings)", () => {
  it("C13: hello timeout 10 s, retry 500 ms, behind grace 2 s; ack timeout 5 s, back-off 1 s a step up to 5 s; 10,000 buffered", async () => {
    const t = setUp();
    t.net.connect();
    expect(t.net.sent.at(-1)?.timeoutMs).toBe(10_000);
    t.net.fail("sync:hello");
    await flush();
    expect(t.clock.delays()).toEqual([500]);
    t.clock.advance(500);
    await t.reply(eventsReply(logOf(1)));
    t.net.emit("head", { opId: "op-test", seq: 9, now: 1 });
    expect(t.clock.delays()).toEqual([2000]);
    t.clock.advance(2000);
    t.net.answer("sync:hello", refusal("unavailable"));
    await flush();
    t.clock.advance(500);
    const sending = t.engine.send("decision:log", { decision: "d", rationale: "r" });
    await flush();
    expect(t.net.sent.at(-1)?.timeoutMs).toBe(5_000);
    t.net.answer("sync:hello", refusal("unavailable"));
    for (const wait of [1000, 2000, 3000, 4000, 5000, 5000]) {
      t.net.answer("decision:log", refusal("unavailable"));
      await flush();
      expect(t.clock.delays()).toContain(wait);
      t.clock.advance(wait);
      await flush();
    }
    t.net.answer("decision:log", refusal("forbidden"));
    expect((await sending).ok).toBe(false);
    const b = setUp();
    b.net.connect();
    const many = logOf(10_001);
    for (const e of many.slice(1)) b.net.emit("event", e);
    expect(b.engine.stats.buffered).toBe(10_000);
  });
});

describe("sending commands through the engine", () => {
  const body = { decision: "d", rationale: "r" };
  const ok = { ok: true, data: { seq: 4, eventId: "e4", duplicate: false } };

  it("C10: a send waits for the connection, tells the caller once, then sends with the operation and its key", async () => {
    const t = setUp();
    const retries: number[] = [];
    const sending = t.engine.send("decision:log", body, { key: "key-00000001", onRetry: (n) => retries.push(n) });
    await flush();
    expect(retries).toEqual([1]);
    expect(t.net.count("decision:log")).toBe(0);
    t.net.connect();
    await flush();
    expect(t.net.sent.at(-1)).toMatchObject({ event: "decision:log", payload: { opId: "op-test", key: "key-00000001", body } });
    t.net.answer("decision:log", ok);
    expect(await sending).toEqual(ok);
    expect(retries).toEqual([1]);
  });

  it("C10: an attempt with no ack, or a transient refusal, is sent again with the same key after the back-off", async () => {
    const t = setUp(controller, { retryStepMs: 100, retryCapMs: 150 });
    t.net.connect();
    const retries: number[] = [];
    const sending = t.engine.send("decision:log", body, { onRetry: (n) => retries.push(n) });
    await flush();
    const key = (t.net.sent.at(-1)!.payload as { key: string }).key;
    expect(key.length).toBeGreaterThanOrEqual(8);
    t.net.fail("decision:log");
    await flush();
    expect(t.clock.delays()).toContain(100);
    t.clock.advance(100);
    await flush();
    t.net.answer("decision:log", refusal("rate_limited"));
    await flush();
    expect(t.clock.delays()).toContain(150);
    t.clock.advance(150);
    await flush();
    t.net.answer("decision:log", refusal("conflict"));
    expect(await sending).toEqual(refusal("conflict"));
    expect(retries).toEqual([1, 2]);
    const keys = t.net.sent.filter((s) => s.event === "decision:log").map((s) => (s.payload as { key: string }).key);
    expect(keys).toEqual([key, key, key]);
  });

  it("C10: an ack lost to a disconnect is sent again, same key, after the reconnect, without a back-off", async () => {
    const t = setUp();
    t.net.connect();
    const sending = t.engine.send("decision:log", body, { key: "key-00000002" });
    await flush();
    t.net.disconnect();
    await flush();
    expect(t.net.count("decision:log")).toBe(1);
    t.net.connect();
    await flush();
    expect(t.net.count("decision:log")).toBe(2);
    t.net.answer("decision:log", { ...ok, data: { ...ok.data, duplicate: true } });
    expect((await sending).ok).toBe(true);
  });

  it("C10: waiting for a connection is bounded by the deadline, tells the caller once, and gives up when it is reached", async () => {
    const t = setUp();
    t.clock.advance(500);
    const retries: number[] = [];
    const late = t.engine.send("decision:log", body, { deadline: 1000, onRetry: (n) => retries.push(n) });
    await flush();
    expect(t.clock.delays()).toEqual([500]);
    t.clock.advance(500);
    expect(await late).toBe(deadlineAck);
    expect(retries).toEqual([1]);
    const long = t.engine.send("decision:log", body, { onRetry: (n) => retries.push(n) });
    await flush();
    expect(t.clock.delays()).toEqual([60_000]);
    t.clock.advance(60_000);
    await flush();
    expect(retries, "told once however long the wait").toEqual([1, 1]);
    t.engine.close();
    expect(await long).toBe(closedAck);
  });

  it("C10: closing the engine ends a send that is backing off", async () => {
    const t = setUp();
    t.net.connect();
    const sending = t.engine.send("decision:log", body);
    await flush();
    t.net.answer("decision:log", refusal("unavailable"));
    await flush();
    expect(t.clock.pending()).toBe(1);
    t.engine.close();
    expect(await sending).toBe(closedAck);
    expect(t.clock.pending()).toBe(0);
  });

  it("C10: keys are fresh per intent: a UUID where crypto has one, else 32 hex digits", () => {
    expect(newCommandKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const uuid = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(crypto), "randomUUID");
    Object.defineProperty(crypto, "randomUUID", { value: undefined, configurable: true });
    try {
      const a = newCommandKey();
      expect(a).toMatch(/^[0-9a-f]{32}$/);
      expect(newCommandKey()).not.toBe(a);
    } finally {
      delete (crypto as { randomUUID?: unknown }).randomUUID;
    }
    expect(uuid).toBeDefined();
    expect(newCommandKey()).toMatch(/-/);
  });

  it("C10: a send gives up at its deadline, and a closed engine answers at once", async () => {
    const t = setUp();
    const late = t.engine.send("decision:log", body, { deadline: 1000 });
    await flush();
    t.clock.advance(1001);
    expect(await late).toBe(deadlineAck);
    t.engine.close();
    expect(await t.engine.send("decision:log", body)).toBe(closedAck);
  });
});
