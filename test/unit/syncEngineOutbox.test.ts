import { describe, expect, it } from "vitest";
import type { OutboxEntry, OutboxStorage } from "../../client/src/outbox/outboxEntry";
import { createOutboxDrain, type OutboxChange } from "../../client/src/sync/outboxDrain";
import type { CommandAck, SendCommand, SendOptions } from "../../client/src/sync/sendCommand";
import { memoryOutbox } from "../support/faultyTransport";

const entry = (key: string, savedAt: number, failure: OutboxEntry["failure"] = null, opId = "op-test"): OutboxEntry => ({
  key,
  opId,
  opName: "Test operation",
  userId: "u-steward",
  command: "report:submit",
  body: { type: "crowd-surge", postId: "post-ow-boxpark", text: key, reporterTime: savedAt },
  label: key,
  madeAt: savedAt,
  state: failure ? "refused" : "pending",
  attachments: [],
  failure,
});

const okAck: CommandAck = { ok: true, data: { seq: 7, eventId: "e7", duplicate: false } };
const no = (code: string): CommandAck => ({ ok: false, error: { code, message: `no: ${code}` } as never });

/** A send answered by the test, recording each call. */
function scriptedSend() {
  const calls: { name: string; key: string | undefined; options: SendOptions; answer(ack: CommandAck): void }[] = [];
  const send = ((name: string, _body: unknown, options: SendOptions = {}) =>
    new Promise<CommandAck>((resolve) => calls.push({ name, key: options.key, options, answer: resolve }))) as SendCommand;
  return { send, calls };
}

function setUp(initial: OutboxEntry[], storage?: OutboxStorage) {
  const mem = memoryOutbox(initial);
  const s = scriptedSend();
  const changes: OutboxChange[] = [];
  const drain = createOutboxDrain({ storage: storage ?? mem.storage, send: s.send, now: () => 42, onChange: (c) => changes.push(c) });
  return { ...mem, ...s, changes, drain };
}

describe("the outbox drain", () => {
  it("C11: every unrefused entry is sent with its own key; an ok ack removes it and says sent", async () => {
    const t = setUp([entry("key-a", 1), entry("key-b", 2), entry("key-x", 3, { code: "bad_request", message: "no" })]);
    const { entries: listed, done } = await t.drain.drain();
    expect(listed.map((e) => e.key)).toEqual(["key-a", "key-b", "key-x"]);
    expect(t.calls.map((c) => c.key)).toEqual(["key-a", "key-b"]);
    expect(t.calls.map((c) => c.name)).toEqual(["report:submit", "report:submit"]);
    t.calls[0]!.answer(okAck);
    t.calls[1]!.answer(okAck);
    await done;
    expect([...t.entries.keys()]).toEqual(["key-x"]);
    expect(t.changes).toEqual([
      { key: "key-a", state: "sent", ackAt: 42 },
      { key: "key-b", state: "sent", ackAt: 42 },
    ]);
  });

  it("C11: a refusal for good keeps the entry marked with the reason; anything else keeps it unmarked", async () => {
    const t = setUp([entry("key-a", 1), entry("key-b", 2)]);
    const { done } = await t.drain.drain();
    t.calls[0]!.answer(no("not_found"));
    t.calls[1]!.answer(no("unavailable"));
    await done;
    expect(t.entries.get("key-a")?.failure).toEqual({ code: "not_found", message: "no: not_found" });
    expect(t.entries.get("key-b")?.failure).toBeNull();
    expect(t.entries.get("key-a")?.state).toBe("refused");
    expect(t.entries.get("key-b")?.state).toBe("pending");
    expect(t.changes).toEqual([
      { key: "key-a", state: "refused", error: { code: "not_found", message: "no: not_found" } },
      { key: "key-b", state: "pending", waiting: true },
    ]);
  });

  it("C11: an entry on its way is not sent twice; one acked is not sent again; a kept one is sent on the next drain", async () => {
    const t = setUp([entry("key-a", 1), entry("key-b", 2)]);
    const first = await t.drain.drain();
    const second = await t.drain.drain();
    expect(t.calls.map((c) => c.key)).toEqual(["key-a", "key-b"]);
    t.calls[0]!.answer(okAck);
    t.calls[1]!.answer(no("unauthenticated"));
    await Promise.all([first.done, second.done]);
    // The removal failed on a phone (say): the entry is listed again but its ack is known.
    t.entries.set("key-a", entry("key-a", 1));
    await t.drain.drain();
    expect(t.calls.map((c) => c.key)).toEqual(["key-a", "key-b", "key-b"]);
  });

  it("C11: a drain with no one listening for changes still sends and removes", async () => {
    const mem = memoryOutbox([entry("key-a", 1)]);
    const s = scriptedSend();
    const drain = createOutboxDrain({ storage: mem.storage, send: s.send, now: () => 1 });
    const { done } = await drain.drain();
    s.calls[0]!.options.onRetry?.(1);
    s.calls[0]!.answer(okAck);
    await done;
    expect(mem.entries.size).toBe(0);
  });

  it("C11: the send's retries show the entry as waiting", async () => {
    const t = setUp([entry("key-a", 1)]);
    const { done } = await t.drain.drain();
    t.calls[0]!.options.onRetry?.(1);
    expect(t.changes).toEqual([{ key: "key-a", state: "pending", waiting: true }]);
    t.calls[0]!.answer(okAck);
    await done;
  });

  it("C11: submit saves before sending; a phone that cannot store it still sends it and says so", async () => {
    const t = setUp([]);
    const a = await t.drain.submit(entry("key-a", 1));
    expect(a.stored).toBe(true);
    expect(t.entries.has("key-a")).toBe(true);
    expect(t.calls.map((c) => c.key)).toEqual(["key-a"]);
    t.calls[0]!.answer(okAck);
    await a.done;
    expect(t.entries.has("key-a")).toBe(false);

    const broken: OutboxStorage = {
      list: () => Promise.reject(new Error("no IndexedDB")),
      save: () => Promise.reject(new Error("quota")),
      remove: () => Promise.reject(new Error("quota")),
      markRefused: () => Promise.reject(new Error("quota")),
    };
    const b = setUp([], broken);
    expect((await b.drain.drain()).entries).toEqual([]);
    const sent = await b.drain.submit(entry("key-b", 2));
    expect(sent.stored).toBe(false);
    b.calls[0]!.answer(okAck);
    await sent.done;
    const refused = await b.drain.submit(entry("key-c", 3));
    b.calls[1]!.answer(no("forbidden"));
    await refused.done;
    expect(b.changes.map((c) => c.state)).toEqual(["sent", "refused"]);
  });

  it("O2: each entry is sent to the operation it was made in, not the one the page is on", async () => {
    const t = setUp([entry("key-old", 1, null, "op-first"), entry("key-new", 2, null, "op-second")]);
    await t.drain.drain();
    expect(t.calls.map((c) => [c.key, c.options.opId])).toEqual([
      ["key-old", "op-first"],
      ["key-new", "op-second"],
    ]);
  });

  it("O3: a closed or unknown operation refuses the entry for good: kept, marked with the reason, not sent again", async () => {
    const t = setUp([entry("key-gone", 1, null, "op-closed")]);
    const { done } = await t.drain.drain();
    t.calls[0]!.answer(no("not_found"));
    await done;
    expect(t.entries.get("key-gone")).toMatchObject({ state: "refused", failure: { code: "not_found" } });
    await (await t.drain.drain()).done;
    expect(t.calls).toHaveLength(1);
  });
});
