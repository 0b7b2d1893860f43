import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage, UI_MS } from "../support/browser";
import { startServer, type TestServer } from "../support/harness";
import { shot } from "../support/screenshots";

describe.skipIf(!hasChromium)("browser: steward report to control board (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let opId: string;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    opId = await server.openOperation("England v Italy (browser test)");
    const control = await server.connect("controller");
    await control.send(opId, "unit:register", { unitId: "psu-12a", callSign: "12A", kind: "serial", agency: "MPS", sector: "olympic-way" });
    control.close();
    browser = await launchChromium();
  }, 240_000); // may build the client first: minutes on a loaded machine

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("E1: a steward submits a report on a phone, control sees it, promotes it, and the steward sees the CAD reference", async () => {
    const controlPage = await (await browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
    await signInPage(controlPage, server.url, "controller");
    await controlPage.waitForURL(/\/control/, { timeout: UI_MS });
    const triage = controlPage.getByRole("region", { name: "Steward report triage" });
    await expect
      .poll(() => triage.textContent(), { timeout: UI_MS, message: "control's empty triage list" })
      .toMatch(/No steward reports waiting/);
    await expect
      .poll(() => controlPage.getByText("Live", { exact: true }).count(), { timeout: UI_MS, message: "the control board saying Live" })
      .toBeGreaterThan(0);

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const stewardPage = await phone.newPage();
    await signInPage(stewardPage, server.url, "steward");
    await stewardPage.waitForURL(/\/steward/, { timeout: UI_MS });
    await stewardPage.getByRole("button", { name: "Crowd surge" }).click();
    await stewardPage.getByLabel("Details").fill("Barrier moving at the Boxpark checkpoint");
    await stewardPage.getByRole("button", { name: /^Send/ }).click();
    const sent = stewardPage.getByRole("region", { name: "Sent from this phone" });
    await expect
      .poll(() => sent.textContent(), { timeout: UI_MS, message: "the steward's report marked Sent" })
      .toMatch(/Sent ✓ — with control at \d\d:\d\d/);

    // The control board shows the report, from that steward, at their post.
    await expect
      .poll(() => triage.textContent(), { timeout: UI_MS, message: "the report in control's triage list" })
      .toMatch(/Barrier moving at the Boxpark checkpoint/);
    const card = triage.locator("article", { hasText: "Barrier moving at the Boxpark checkpoint" });
    expect(await card.textContent()).toMatch(/Steward 1182/);
    expect(await card.textContent()).toMatch(/Olympic Way checkpoint Boxpark/);
    await shot(controlPage, "control-board");

    // Control promotes it to a grade I incident; it enters the queue and the steward learns its reference.
    await card.getByRole("button", { name: "I", exact: true }).click();
    const queue = controlPage.getByRole("region", { name: "Incident queue" });
    // The row's reference, not its type: the queue's type filter always lists "Crowd surge".
    const cadRef = /\d{4}\/\d{1,2}[A-Z][a-z]{2}/;
    await expect.poll(() => queue.textContent(), { timeout: UI_MS, message: "the promoted incident in the queue" }).toMatch(cadRef);
    const ref = (await queue.textContent())?.match(cadRef)?.[0];
    expect(ref).toBeTruthy();
    await expect
      .poll(() => stewardPage.textContent("body"), { timeout: UI_MS, message: `the steward's page showing CAD ${ref}` })
      .toContain(`Now incident CAD ${ref}`);
    await shot(stewardPage, "steward-phone", { fullPage: true });

    // Exactly one report reached the log.
    const reports = Object.values(server.app.ops.get(opId)?.state.reports ?? {});
    expect(reports).toHaveLength(1);
    // The steward's page was never sent a unit.
    expect(await stewardPage.textContent("body")).not.toContain("12A");
  }, 120_000);
});
