import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage, UI_MS } from "../support/browser";
import { startServer, type TestServer } from "../support/harness";
import { cameraJpeg } from "../support/photoUpload";
import { shot } from "../support/screenshots";

/** The partner's web form (issue 12 item 8) and control's triage card for its evidence, in Chromium. */
describe.skipIf(!hasChromium)("browser: a partner's evidence from the web form to control's triage (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    await server.openOperation("England v Italy (partner test)");
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("H12: a partner sends a still and a statement from /partner; control's triage shows it with its provenance and the still", async () => {
    const partner = await (await browser.newContext({ viewport: { width: 1024, height: 900 } })).newPage();
    partner.on("pageerror", (e) => console.error("PAGEERROR", e.message));
    await signInPage(partner, server.url, "partner");
    await partner.waitForURL(/\/partner/, { timeout: UI_MS });
    await partner.getByLabel("Your name").fill("R. Okafor");
    await partner.getByLabel("Your reference").fill("BX-2231");
    await partner.getByLabel("Statement").fill("Camera 4: two men fighting outside the shop");
    await partner.locator("select[name=placeId]").selectOption("post-ow-boxpark");
    await partner.getByLabel("When it happened").fill("2026-12-07T19:40");
    await partner
      .locator("input[type=file]")
      .setInputFiles({ name: "cam4-194002.jpg", mimeType: "image/jpeg", buffer: await cameraJpeg(1280, 720, "#556677") });
    await shot(partner, "partner-form", { fullPage: true });
    await partner.getByRole("button", { name: "Send to police control" }).click();
    await expect
      .poll(() => partner.locator(".partner-receipt").textContent(), { timeout: UI_MS, message: "the receipt" })
      .toMatch(/Received by police control — log entry \d+\.cam4-194002\.jpg: SHA-256 [0-9a-f]{64}/);
    await shot(partner, "partner-receipt", { fullPage: true });

    const control = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await signInPage(control, server.url, "controller");
    await control.waitForURL(/\/control/, { timeout: UI_MS });
    const card = control.locator("article.report-card", { hasText: "Camera 4: two men fighting" });
    await expect
      .poll(() => card.locator(".report-provenance").textContent(), { timeout: UI_MS, message: "the provenance on the card" })
      .toMatch(
        /Partner evidence — Boxpark Wembley \(CCTV room\), sent by R\. Okafor, their ref BX-2231; happened .* by their account.*cam4-194002\.jpg [0-9a-f]{12}…/,
      );
    await expect
      .poll(() => card.locator(".photo-thumb img").evaluate((i) => (i as HTMLImageElement).naturalWidth), {
        timeout: UI_MS,
        message: "the still's thumbnail",
      })
      .toBe(320);
    await shot(card, "partner-report-card");
  });

  it("H14: on the admin page, an admin makes a partner's API token (shown once) and revokes it", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signInPage(page, server.url, "admin");
    await page.waitForURL(/\/admin/, { timeout: UI_MS });
    await page
      .getByRole("table")
      .getByRole("row", { name: /Boxpark Wembley/ })
      .click({ timeout: UI_MS });
    const editor = page.getByRole("region", { name: "Account partner" });
    await editor.getByLabel("Token label").fill("CCTV export");
    await editor.getByRole("button", { name: "Make a token" }).click();
    const once = editor.locator(".token-once code");
    await expect
      .poll(() => once.textContent(), { timeout: UI_MS, message: "the new token, shown once" })
      .toMatch(/^cpt_[A-Za-z0-9_-]{43}$/);
    const token = (await once.textContent()) ?? "";
    expect(await server.app.partnerTokens.userOf(token)).not.toBeNull();
    await shot(editor, "partner-admin-token");
    await editor.getByRole("button", { name: "Revoke" }).click();
    await expect
      .poll(() => editor.locator(".token-list").textContent(), { timeout: UI_MS, message: "the token marked revoked" })
      .toMatch(/CCTV export .*revoked/);
    expect(await server.app.partnerTokens.userOf(token)).toBeNull();
  });
});
