import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage, UI_MS } from "../support/browser";
import { expectOk, startServer, type TestServer } from "../support/harness";
import { pdfPageTexts, renderPdfPages } from "../support/pdf";
import { screenshotFile, shot } from "../support/screenshots";
import { shootPhoneSizes, stewardPhone, waitStewardLive } from "../support/stewardPhone";

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1440, height: 900 },
] as const;

/** A decision with every Joint Decision Model step, long enough that a dozen fill several A4 pages. */
function decision(n: number) {
  return {
    decision: `Decision ${n}: hold the queues at Wembley Park and release from Olympic Way in blocks of about 500.`,
    rationale: "Jubilee line on a reduced service after a signal fault; pens full with pushing at the front barrier of pen 2.",
    information: "TfL control: reduced Jubilee service from 21:40. BTP 7 and the stewards at pen 2: pens full, pushing at the barrier.",
    risk: "Crush at the pen 2 barrier if Olympic Way keeps feeding the station; fans turning on the police line if held too long.",
    powers: "Common law duty to protect life; the Wembley Park station queueing plan agreed with BTP and the venue.",
    options: ["Hold at checkpoint North and release in blocks", "Close Wembley Park and divert to Wembley Stadium station", "Carry on"],
    action: "Mounted 2 forms the line at checkpoint North; stewards hold and release on the police signal.",
    review: "With BTP at 21:55, and when TfL restores the service.",
  };
}

describe.skipIf(!hasChromium)("browser: the match phase and the decision log (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let opId: string;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer({ COMMAND_RATE_PER_SEC: 1000, COMMAND_BURST: 1000 });
    opId = await server.openOperation("England v Italy (phase and decisions)");
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function board(username: string, size: { width: number; height: number }): Promise<Page> {
    const page = await (await browser.newContext({ viewport: size })).newPage();
    await signInPage(page, server.url, username);
    await page.waitForURL(/\/control/, { timeout: UI_MS });
    await expect
      .poll(() => page.getByText("Live", { exact: true }).count(), { timeout: 3 * UI_MS, message: `${username}'s board saying Live` })
      .toBeGreaterThan(0);
    return page;
  }

  it("PH6: Silver changes the phase to egress from the header, confirming first; the egress routes and holding areas appear on every board", async () => {
    const silver = await board("commander", SIZES[0]);
    const controller = await board("controller", SIZES[1]);
    const phase = (p: Page) => p.locator(".phase-value").textContent();
    expect(await phase(silver)).toBe("No phase set");
    // A controller sees the phase but has no control to change it.
    expect(await controller.getByRole("button", { name: "Change…" }).count()).toBe(0);
    expect(await silver.locator(".egress-route").count()).toBe(0);

    await silver.getByRole("button", { name: "Change…" }).click();
    await silver.getByRole("button", { name: /^Egress/ }).click();
    const dialog = silver.getByRole("alertdialog");
    await expect.poll(() => dialog.textContent(), { timeout: UI_MS }).toMatch(/Change the match phase to Egress\?/);
    await shot(silver, "phase-confirm-1920");
    // Nothing changes until it is confirmed.
    expect(server.app.ops.get(opId)!.state.operation?.currentPhase).toBeNull();
    await dialog.getByRole("button", { name: "Change to Egress" }).click();

    for (const p of [silver, controller]) {
      await expect.poll(() => phase(p), { timeout: UI_MS, message: "the header showing Egress" }).toBe("Egress");
      await expect.poll(() => p.locator("path.egress-route").count(), { timeout: UI_MS, message: "three egress routes" }).toBe(3);
      await expect.poll(() => p.locator("path.holding-area").count(), { timeout: UI_MS, message: "five holding areas" }).toBe(5);
      expect(await p.getByRole("status").filter({ hasText: "Egress mode" }).count()).toBe(1);
    }
    expect(await silver.locator(".egress-tag").allTextContents()).toContain("checkpoint North · 4,000");
    // A steward's phone shows the phase (as Control's; no map, no routes).
    const phone = await (await stewardPhone(browser)).newPage();
    await signInPage(phone, server.url, "steward");
    await phone.waitForURL(/\/steward/, { timeout: UI_MS });
    await waitStewardLive(phone);
    await expect
      .poll(() => phone.locator(".mh-phase").textContent(), { timeout: UI_MS, message: "the phone's phase" })
      .toMatch(/Match\s*Egress/);
    await shootPhoneSizes(phone, "steward-phase");
    await phone.context().close();
    await shot(silver, "egress-map-1920");
    await shot(controller, "egress-map-1440");
    await silver.getByRole("button", { name: "Change…" }).click();
    await shot(silver, "phase-menu-1920");
    await silver.keyboard.press("Escape");

    // Back to the second half: the egress plan leaves the map.
    await silver.getByRole("button", { name: "Change…" }).click();
    await silver.getByRole("button", { name: /^Second half/ }).click();
    await silver.getByRole("alertdialog").getByRole("button", { name: "Change to Second half" }).click();
    await expect.poll(() => controller.locator("path.egress-route").count(), { timeout: UI_MS, message: "the routes gone" }).toBe(0);
    await silver.context().close();
    await controller.context().close();
  }, 180_000);

  it("DL7: Silver logs a decision with JDM fields from the Decision log tab; the print is A4, every page marked and numbered, with the head", async () => {
    // A dozen decisions already logged (by Gold), so the print runs to several pages.
    const gold = await server.connect("gold");
    for (let n = 1; n <= 12; n++) expectOk(await gold.send(opId, "decision:log", decision(n)));
    gold.close();

    for (const size of SIZES) {
      const page = await board("commander", size);
      await page.getByRole("tab", { name: "Decision log" }).click();
      const form = page.getByRole("form", { name: "Log a decision" });
      await form.getByLabel("Decision", { exact: true }).fill(`Open gate C to relieve the queue at G (${size.width})`);
      await form.getByLabel("Rationale").fill("Queue at G past the Boxpark; C is quiet.");
      await form.getByText("Joint Decision Model (optional)").click();
      await form.getByLabel("Working together: information and intelligence").fill("CCTV: queue at G past the Boxpark.");
      await form.getByLabel("Assessment of threat and risk").fill("Crowd pressure at the G turnstiles.");
      await form.getByLabel("Powers, policies and procedures relied on").fill("Venue safety certificate; stewarding plan 3.2.");
      await form.getByLabel("Option 1").fill("Open gate C");
      await form.getByRole("button", { name: "Add option" }).click();
      await form.getByLabel("Option 2").fill("Hold the queue at G");
      await form.getByLabel("Action taken").fill("Stewards at C opened; PA directs fans to C.");
      await form.getByLabel("Review").fill("In 10 minutes with the safety officer.");
      await shot(page, `decision-form-${size.width}`);
      await form.getByRole("button", { name: "Log decision" }).click();
      const entry = page.locator(".decisions > li").first();
      await expect.poll(() => entry.textContent(), { timeout: UI_MS, message: "the new entry on top" }).toMatch(`(${size.width})`);
      expect(await entry.textContent()).toMatch(/Options considered.*Open gate C.*Hold the queue at G/);
      await shot(page, `decision-log-${size.width}`);
      if (size.width === 1440) await page.context().close();
      else {
        const popup = page.waitForEvent("popup");
        await page.getByRole("button", { name: "Print decision log" }).click();
        const print = await popup;
        await print.waitForLoadState("load");
        await expect.poll(() => print.locator("h1").textContent(), { timeout: UI_MS }).toBe("Decision log");
        await shot(print, "decision-print-screen");
        const pdf = await print.pdf({ preferCSSPageSize: true, printBackground: true });
        const printed = screenshotFile("decision-print.pdf");
        if (printed !== null) fs.writeFileSync(printed, pdf);
        const head = server.app.ops.get(opId)!.head;
        const pages = await pdfPageTexts(pdf);
        expect(pages.length, "pages").toBeGreaterThanOrEqual(3);
        for (const [i, text] of pages.entries()) {
          expect(text, `page ${i + 1}`).toMatch(/OFFICIAL-SENSITIVE.*OFFICIAL-SENSITIVE/s);
          expect(text, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`);
          // pdf.js splits the margin's text where DejaVu Sans joins "ff" (a hash with one read "ff 67…"):
          // the head is looked for with the spaces taken out.
          expect(text.replace(/\s+/g, ""), `page ${i + 1}`).toContain(head.hash.slice(0, 16));
          expect(text, `page ${i + 1}`).toContain("Silver");
        }
        expect(pages.join(" ")).toContain("Open gate C to relieve the queue at G (1920)");
        if (printed !== null) await renderPdfPages(pdf, path.dirname(printed), "decision-print-page");
        await page.context().close();
      }
    }
  }, 240_000);
});
