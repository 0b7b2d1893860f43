import { describe, expect, it } from "vitest";
import {
  backoffMs,
  helloLastSeq,
  helloVerdict,
  isBehind,
  isPartial,
  isTransient,
  mustBuffer,
  outboxVerdict,
} from "../../client/src/sync/syncRules";
import { type Ack, ErrorCode } from "../../shared/errors";
import type { SyncReply } from "../../shared/protocol";
import { initialState } from "../../shared/state";

const refused = (code: ErrorCode): Ack<never> => ({ ok: false, error: { code, message: `refused ${code}` } });
const events: SyncReply = { mode: "events", events: [], head: 3, positions: [] };

describe("the sync engine's rules", () => {
  it("C13: a hello answer is synced, ended (unauthenticated), stopped for good, or retried later", () => {
    expect(helloVerdict({ ok: true, data: events })).toEqual({ kind: "synced", reply: events });
    const table: [ErrorCode, string][] = [
      [ErrorCode.Unauthenticated, "ended"],
      [ErrorCode.ProtocolMismatch, "stop"],
      [ErrorCode.Forbidden, "stop"],
      [ErrorCode.NotFound, "stop"],
      [ErrorCode.BadRequest, "stop"],
      [ErrorCode.Unavailable, "retry"],
      [ErrorCode.RateLimited, "retry"],
      [ErrorCode.Internal, "retry"],
      [ErrorCode.Conflict, "retry"],
      [ErrorCode.TooLarge, "retry"],
    ];
    for (const [code, kind] of table) {
      const ack = refused(code);
      expect(helloVerdict(ack), code).toEqual({ kind, error: ack.ok ? null : ack.error });
    }
  });

  it("C13: only unavailable and rate_limited acks are sent again; ok and every other refusal settle the send", () => {
    expect(isTransient({ ok: true, data: 1 })).toBe(false);
    for (const code of Object.values(ErrorCode)) {
      expect(isTransient(refused(code)), code).toBe(code === ErrorCode.Unavailable || code === ErrorCode.RateLimited);
    }
  });

  it("C13: an outbox entry leaves on ok, is kept marked on a refusal for good, and kept unmarked otherwise", () => {
    expect(outboxVerdict({ ok: true, data: 1 })).toBe("remove");
    const permanent: string[] = [ErrorCode.BadRequest, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.Conflict, ErrorCode.TooLarge];
    for (const code of Object.values(ErrorCode)) {
      expect(outboxVerdict(refused(code)), code).toBe(permanent.includes(code) ? "refused" : "keep");
    }
  });

  it("C13: back-off grows by its step per attempt, from the first, up to its cap", () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, 1000, 4000))).toEqual([1000, 1000, 2000, 3000, 4000, 4000, 4000]);
    expect(backoffMs(2, 50, 50)).toBe(50);
  });

  it("C13: a hello sends null until a first sync, then the last applied seq (0 included)", () => {
    expect(helloLastSeq(false, 7)).toBeNull();
    expect(helloLastSeq(true, 7)).toBe(7);
    expect(helloLastSeq(true, 0)).toBe(0);
  });

  it("C13: live events are buffered unless the connection is live and no hello is in flight", () => {
    expect(mustBuffer(true, false)).toBe(false);
    expect(mustBuffer(true, true)).toBe(true);
    expect(mustBuffer(false, false)).toBe(true);
    expect(mustBuffer(false, true)).toBe(true);
  });

  it("C13: only a live control screen with no hello in flight and a head past its seq is behind", () => {
    const base = { contiguous: true, live: true, helloInFlight: false, head: 5, seq: 4 };
    expect(isBehind(base)).toBe(true);
    expect(isBehind({ ...base, head: 4 })).toBe(false);
    expect(isBehind({ ...base, head: 3 })).toBe(false);
    expect(isBehind({ ...base, contiguous: false })).toBe(false);
    expect(isBehind({ ...base, live: false })).toBe(false);
    expect(isBehind({ ...base, helloInFlight: true })).toBe(false);
  });

  it("C13: a catch-up page is partial only when it says complete: false", () => {
    expect(isPartial(events)).toBe(false);
    expect(isPartial({ ...events, complete: true } as SyncReply)).toBe(false);
    expect(isPartial({ ...events, complete: false } as SyncReply)).toBe(true);
    expect(isPartial({ mode: "reset", state: initialState, head: 0, positions: [] })).toBe(false);
  });
});
