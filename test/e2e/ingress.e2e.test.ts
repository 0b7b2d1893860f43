import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage } from "../support/browser";
import { startServer, type TestServer } from "../support/harness";
import { shot } from "../support/screenshots";
import { waitStewardLive } from "../support/stewardPhone";
import { until } from "../support/until";

const TOKEN = "turnstile-e2e-token";

/** Crowd ingress in Chromium (issue 11 item 7): the board's chart and the steward's gate count. */
describe.skipIf(!hasChromium)("browser: ingress (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let opId: string;

  const post = (counts: unknown[]) =>
    fetch(`${server.url}/api/operations/${opId}/counts`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ counts }),
    });

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer({ FEED_TOKENS: [TOKEN] });
    opId = await server.openOperation("England v Italy (ingress test)");
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("TC12: the Ingress tab charts each group's count against its capacity, with the total, and follows the feed live", {
    timeout: 90_000,
  }, async () => {
    const now = Date.now();
    expect((await post([{ groupId: "entrance-a", at: now - 60_000, count: 3000, queue: 120 }])).status).toBe(202);
    const board = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signInPage(board, server.url, "commander");
    await board.getByRole("tab", { name: "Ingress" }).click();
    const panel = board.getByRole("region", { name: "Ingress" });
    const row = panel.locator('tr[data-group="entrance-a"]');
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain("3,000 / 6,500");
    await expect.poll(() => panel.getByTestId("ingress-total").textContent()).toContain("3,000 in of 90,000 (3 %)");
    // Bars drawn by recharts: one per group for the count, one for the capacity left.
    expect(await panel.locator(".recharts-bar-rectangle").count()).toBeGreaterThanOrEqual(15);
    // Live: a second reading a minute later gives the rate a minute against the throughput.
    expect((await post([{ groupId: "entrance-a", at: now, count: 3100, queue: 80 }])).status).toBe(202);
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain("100 / 120");
    expect(await row.textContent()).toContain("3,100 / 6,500");
    await shot(board, "ingress-board-1440");
    await board.close();
  });

  it("TC13: a steward at Entrance H sends a gate count from a 390×844 phone; it is stored as the steward's reading and held as the group's latest", {
    timeout: 90_000,
  }, async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    await signInPage(page, server.url, "steward2");
    await page.waitForURL(/\/steward/, { timeout: 20_000 });
    await waitStewardLive(page);
    const form = page.getByRole("form", { name: "Gate count" });
    await form.getByLabel("Counter reads").fill("1250");
    await form.getByLabel("Queue (people)").fill("240");
    await form.getByRole("button", { name: "Send gate count" }).click();
    await form.getByText("Sent ✓ Entrance H North · 1,250 in · queue 240").waitFor({ timeout: 20_000 });
    await form.scrollIntoViewIfNeeded();
    await shot(page, "ingress-steward-390");
    await phone.close();
    await until(() => server.app.ingress.ingress.latestOf(opId, "entrance-h-north")?.queue === 240, "the steward's reading in the lane");
    const stored = await server.app.store.countHistory(opId, 0, Date.now() + 1, "entrance-h-north");
    expect(stored.map((c) => [c.count, c.queue, c.source])).toEqual([[1250, 240, "steward"]]);
  });

  it("TC17: replay's Ingress tab shows the counts as control saw them at T, read from the stored history", {
    timeout: 90_000,
  }, async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signInPage(page, server.url, "analyst");
    await page.waitForURL(/\/replay/, { timeout: 20_000 });
    await page.getByRole("tab", { name: "Ingress" }).click();
    const row = page.getByRole("region", { name: "Ingress" }).locator('tr[data-group="entrance-a"]');
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toMatch(/3,[01]00 \/ 6,500/);
    await shot(page, "ingress-replay-1440");
    await page.close();
  });
});
