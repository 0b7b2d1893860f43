import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryBudget } from "../../server/socket/budget";

describe("the in-memory budget (issue 14)", () => {
  afterEach(() => vi.useRealTimers());

  it("Z9: a fixed window from a key's first message: `points` go through, the next is refused with the time left; a new window at its end; a refund gives one back", async () => {
    let t = 10_000;
    const budget = memoryBudget({ points: 3, windowMs: 1_000, prefix: "t" }, () => t);
    for (let i = 0; i < 3; i++) expect(await budget.take("u1")).toEqual({ ok: true });
    t += 400;
    expect(await budget.take("u1")).toEqual({ ok: false, retryAfterMs: 600, limit: 3, windowMs: 1_000 });
    // Another key has its own window.
    expect(await budget.take("u2")).toEqual({ ok: true });
    await budget.refund("u1");
    await budget.refund("u1");
    expect(await budget.take("u1")).toEqual({ ok: true });
    expect((await budget.take("u1")).ok).toBe(false);
    t += 600;
    for (let i = 0; i < 3; i++) expect(await budget.take("u1")).toEqual({ ok: true });
    expect((await budget.take("u1")).ok).toBe(false);
  });

  it("Z9: sets no timer, however many keys and messages", async () => {
    vi.useFakeTimers();
    const budget = memoryBudget({ points: 5, windowMs: 3_000, prefix: "t" });
    for (let i = 0; i < 5_000; i++) await budget.take(`user-${i % 2_500}`);
    vi.advanceTimersByTime(10_000);
    for (let i = 0; i < 100; i++) await budget.take(`user-${i}`);
    expect(vi.getTimerCount()).toBe(0);
  });
});
