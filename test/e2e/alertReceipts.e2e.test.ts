import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage, UI_MS } from "../support/browser";
import { alertSentinel, expectOk, passSentinel, startServer, type TestClient, type TestServer } from "../support/harness";
import { shot, takingScreenshots } from "../support/screenshots";

const URGENT = "Lost child: boy, 6, red top, last seen at the Boxpark checkpoint. Check your area.";

async function shootPhone(page: Page, name: string): Promise<void> {
  if (!takingScreenshots) return;
  for (const size of [
    { width: 360, height: 640 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await shot(page, `alerts/${name}-${size.width}x${size.height}`);
  }
  await page.setViewportSize({ width: 390, height: 844 });
}

/**
 * AR5/AR6: the alert on a phone-sized steward page in Chromium, and its receipt: an urgent alert
 * stays on top of three later lower-priority ones; Seen pressed offline arrives once when the
 * phone is back, and control's count on its board goes up.
 */
describe.skipIf(!hasChromium)("browser: alerts with receipts (Chromium, 390×844 and control's board)", () => {
  let server: TestServer;
  let browser: Browser;
  let opId: string;
  let control: TestClient;
  let phone: BrowserContext;
  let steward: Page;
  let board: Page;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    opId = await server.openOperation("England v Italy");
    control = await server.connect("controller");
    expectOk(await control.hello(opId, null));
    browser = await launchChromium();
    phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    steward = await phone.newPage();
    await signInPage(steward, server.url, "steward");
    await steward.waitForURL(/\/steward/, { timeout: UI_MS });
    await steward.getByRole("status").filter({ hasText: "Live" }).first().waitFor({ timeout: UI_MS });
    const desk = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    board = await desk.newPage();
    await signInPage(board, server.url, "controller");
    await board.waitForURL(/\/control/, { timeout: UI_MS });
    await board.getByText("Live", { exact: true }).first().waitFor({ timeout: UI_MS });
    await board.getByRole("tab", { name: "Alerts" }).click();
  }, 240_000);

  afterAll(async () => {
    control?.close();
    await browser?.close();
    await server?.close();
  });

  it("AR5: an urgent alert reaching the steward's phone stays on top of three later lower-priority ones, with a Seen button of at least 48 px", async () => {
    const send = (priority: "urgent" | "warning" | "info", text: string) =>
      control.send(opId, "alert:send", { audience: "stewards", priority, text });
    expectOk(await send("urgent", URGENT));
    for (const [p, text] of [
      ["warning", "Queue building at the Boxpark entrance; open lanes 4 and 5."],
      ["info", "Half-time: expect the concourse to fill from 20:45."],
      ["info", "Programme sellers leaving Olympic Way at 19:30."],
    ] as const)
      expectOk(await send(p, text));
    await steward.getByRole("button", { name: "+3 more ▾" }).waitFor({ timeout: UI_MS });
    const top = steward.locator(".m-alerts-top .m-alert");
    await expect.poll(() => top.getAttribute("data-alert-id"), { timeout: UI_MS }).toBe("alert-1");
    expect(await top.textContent()).toContain("URGENT");
    const seen = top.getByRole("button", { name: /^Seen/ });
    const box = await seen.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(48);
    await shootPhone(steward, "steward-urgent-on-top");
    // Folded, a long alert is cut; a tap on its text shows it whole (where the child was last seen).
    const words = top.locator(".m-alert-toggle");
    const folded = await words.boundingBox();
    await words.click();
    await expect.poll(() => words.getAttribute("aria-expanded"), { timeout: UI_MS }).toBe("true");
    expect((await words.boundingBox())?.height ?? 0).toBeGreaterThan(folded?.height ?? 0);
    await words.click();
  });

  it("AR6: Seen pressed offline arrives once when the phone is back, and control's count goes up", async () => {
    const count = board.getByTestId("seen-alert-1");
    await expect.poll(() => count.textContent(), { timeout: UI_MS }).toBe("0 of 2 seen");
    await phone.setOffline(true);
    await expect.poll(() => steward.getByRole("status").filter({ hasText: "Live" }).count(), { timeout: UI_MS }).toBe(0);
    await steward.locator(".m-alerts-top").getByRole("button", { name: /^Seen/ }).click();
    // On the phone at once: the urgent alert gives the top line to the next one still to be seen.
    await expect
      .poll(() => steward.locator(".m-alerts-top .m-alert").getAttribute("data-alert-id"), { timeout: UI_MS })
      .not.toBe("alert-1");
    await shootPhone(steward, "steward-seen-offline");
    expect(Object.keys(server.app.ops.get(opId)?.state.alerts[0]?.seenBy ?? {})).toEqual([]);

    await phone.setOffline(false);
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toBe("1 of 2 seen");
    // Once: after a sentinel control receives, the log holds exactly one receipt.
    await passSentinel([control], alertSentinel(control, opId));
    expect(control.events.filter((e) => e.type === "AlertSeen").map((e) => e.actor.name)).toEqual(["Steward 1182 — Jo Pike"]);
    await board
      .getByRole("button", { name: /^Not seen/ })
      .first()
      .click();
    await shot(board, "alerts/control-alerts-1440x900");
    expect(await board.locator(".alert-not-seen").first().textContent()).toContain("Steward 2047");
  });
});
