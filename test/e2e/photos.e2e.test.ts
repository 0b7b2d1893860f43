import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage, UI_MS } from "../support/browser";
import { expectOk, startServer, type TestServer } from "../support/harness";
import { cameraJpeg, png, uploadPhoto } from "../support/photoUpload";
import { shot } from "../support/screenshots";

/** Control's view of photos on reports (issue 12 item 7) in Chromium. */
describe.skipIf(!hasChromium)("browser: photos on the report card and the incident (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let opId: string;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    opId = await server.openOperation("England v Italy (photo test)");
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function controlBoard(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    page.on("pageerror", (e) => console.error("PAGEERROR", e.message));
    await signInPage(page, server.url, "controller");
    await page.waitForURL(/\/control/, { timeout: UI_MS });
    return page;
  }

  it("H7: control sees a report's photos as thumbnails on its card, full size on click, and on the incident it was promoted to", async () => {
    const cookie = await server.signIn("steward");
    const first = await uploadPhoto(server.url, opId, cookie, await cameraJpeg(2400, 1600, "#2d6a4f"));
    const second = await uploadPhoto(server.url, opId, cookie, await png(800, 600), { filename: "b.png", contentType: "image/png" });
    const steward = await server.connect("steward");
    expectOk(await steward.hello(opId, null));
    const photos = [String(first.json.sha256), String(second.json.sha256)];
    const ack = expectOk(
      await steward.send(opId, "report:submit", {
        type: "disorder",
        postId: "post-ow-boxpark",
        text: "Fight by the Boxpark",
        reporterTime: Date.now(),
        photos,
      }),
    );
    expect(ack.duplicate).toBe(false);

    const page = await controlBoard();
    const card = page.locator("article.report-card", { hasText: "Fight by the Boxpark" });
    const thumbs = card.locator(".photo-thumb img");
    await expect.poll(() => thumbs.count(), { timeout: UI_MS, message: "two thumbnails on the report card" }).toBe(2);
    // Loaded, not broken: each thumbnail decoded at 320 px on its longer side.
    await expect
      .poll(
        () =>
          thumbs.evaluateAll((imgs) =>
            imgs.map((i) => Math.max((i as HTMLImageElement).naturalWidth, (i as HTMLImageElement).naturalHeight)),
          ),
        {
          timeout: UI_MS,
          message: "both thumbnails loaded",
        },
      )
      .toEqual([320, 320]);
    await expect(thumbs.first().getAttribute("alt")).resolves.toMatch(/taken 19:42:10 by the camera's clock/);
    await shot(card, "photos-report-card");

    await card.locator(".photo-thumb").first().click();
    const full = page.locator(".photo-viewer img");
    await expect
      .poll(() => full.evaluate((i) => (i as HTMLImageElement).naturalWidth), { timeout: UI_MS, message: "the photo full size" })
      .toBe(1600);
    await shot(page, "photos-full-size");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator(".photo-viewer").count(), { timeout: UI_MS, message: "the viewer closed" }).toBe(0);

    await card.getByRole("button", { name: "S", exact: true }).click();
    await page.locator(".queue-row").first().click({ timeout: UI_MS });
    const detail = page.locator(".detail");
    await expect
      .poll(() => detail.locator(".photo-thumb").count(), { timeout: UI_MS, message: "the photos on the incident's detail" })
      .toBe(2);
    await shot(detail, "photos-incident-detail");
  });
});
