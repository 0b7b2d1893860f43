import type { Browser } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, UI_MS } from "../support/browser";
import { startServer, type TestServer } from "../support/harness";
import { uploadPhoto } from "../support/photoUpload";
import { openStewardApp, PHONE_SIZES, shootPhoneSizes, stewardPhone } from "../support/stewardPhone";

/** A camera-sized photo of its own colour (two of one colour would be one photo on the server). */
function cameraPhoto(r: number): Promise<Buffer> {
  return sharp({ create: { width: 2400, height: 1800, channels: 3, background: { r, g: 60, b: 40 } } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

describe.skipIf(!hasChromium)("browser: a steward's photos past the upload budget (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let opId: string;
  // The server's budget clock, and the page's (Playwright's clock), moved together by the test.
  const clock = { t: Date.now() };

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer({ UPLOADS_PER_MINUTE: 2 }, { limitClock: () => clock.t });
    opId = await server.openOperation("England v Italy");
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("O19: the second photo answered 429 leaves the report 'photo pending', not refused; after the server's Retry-After the page sends it by itself, with both photos", async () => {
    // One photo sent 55 s ago: the page's first photo is the last of the minute, its second waits 5 s
    // (short of the socket's heartbeat, so only the page's own timer can send it).
    expect((await uploadPhoto(server.url, opId, await server.signIn("steward"), await cameraPhoto(120))).status).toBe(201);
    clock.t += 55_000;
    const context = await stewardPhone(browser, PHONE_SIZES[1]);
    const page = await context.newPage();
    await page.clock.install();
    await openStewardApp(page, server.url);
    await page.getByRole("button", { name: "Crowd surge", exact: true }).click();
    await page.getByLabel("Details").fill("Two photos of the crush at gate C");
    for (const [i, r] of [190, 60].entries()) {
      await page.getByLabel("Add photo").setInputFiles({ name: `IMG_20${i}.jpg`, mimeType: "image/jpeg", buffer: await cameraPhoto(r) });
      await page.getByRole("img", { name: `Taken for this report, number ${i + 1}` }).waitFor({ timeout: UI_MS });
    }
    await page.getByRole("form", { name: "Report an incident" }).locator("button[type=submit]").click();

    const last = page.getByRole("status", { name: "Last report" });
    await expect
      .poll(() => last.textContent(), { timeout: UI_MS, message: "held by the server, with when it goes again" })
      .toMatch(/Too many photos from your account this minute — sends again by itself at \d\d:\d\d — photo pending/);
    const reports = () => Object.values(server.app.ops.get(opId)?.state.reports ?? {});
    expect(reports()).toHaveLength(0);
    await shootPhoneSizes(page, "steward-upload-budget/01-second-photo-waits");

    // The minute is over on the server and on the phone: the page's own timer drains the outbox.
    clock.t += 5_000;
    await page.clock.fastForward(5_000);
    await expect
      .poll(() => last.textContent(), { timeout: 30_000, message: "Sent ✓ after the wait" })
      .toMatch(/Sent ✓ — with control at \d\d:\d\d/);
    expect(reports().map((r) => r.photos.length)).toEqual([2]);
    expect(await last.textContent()).not.toContain("Too many");
    await shootPhoneSizes(page, "steward-upload-budget/02-sent-after-the-wait");
    await context.close();
  }, 120_000);
});
