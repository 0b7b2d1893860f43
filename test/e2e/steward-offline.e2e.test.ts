import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, serviceWorkerReady, signInPage, UI_MS } from "../support/browser";
import { startServer, type TestServer } from "../support/harness";
import { shot } from "../support/screenshots";

async function report(page: Page, type: string, text: string) {
  await page.getByRole("button", { name: type, exact: true }).click();
  await page.getByLabel("Details").fill(text);
  await page.getByRole("button", { name: /^Send/ }).click();
}

describe.skipIf(!hasChromium)("browser: a steward with no signal (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let opId: string;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    opId = await server.openOperation("England v Italy (offline test)");
    browser = await launchChromium();
  }, 240_000); // may build the client first: minutes on a loaded machine

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("O1: two reports made offline survive a reload, are sent when the signal returns, and reach control exactly once", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await phone.newPage();
    await signInPage(page, server.url, "steward");
    await page.waitForURL(/\/steward/, { timeout: UI_MS });
    // The app shell must be in the service worker's cache before the signal goes.
    await serviceWorkerReady(page, 60_000); // installing precaches the whole app shell: slow on a loaded machine
    if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) await page.reload();
    await expect
      .poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), {
        timeout: UI_MS,
        message: "the service worker controlling the page",
      })
      .toBe(true);
    await page.getByRole("button", { name: "Crowd surge", exact: true }).waitFor({ timeout: UI_MS });
    await expect
      .poll(() => page.getByRole("status").filter({ hasText: "Live" }).count(), { timeout: UI_MS, message: "the steward app saying Live" })
      .toBe(1);
    await shot(page, "offline-0-online", { fullPage: true });

    await phone.setOffline(true);
    await report(page, "Crowd surge", "Offline one: pushing at the Boxpark barrier");
    await report(page, "Medical", "Offline two: man collapsed by the checkpoint");
    // Both are in "My reports", above anything from the server, and counted in the header.
    const mine = page.getByRole("region", { name: "My reports" });
    const sent = mine.getByRole("region", { name: "Sent from this phone" });
    await expect
      .poll(() => sent.getByText("Saved on this phone — not yet received", { exact: true }).count(), {
        timeout: UI_MS,
        message: "both reports saved on the phone",
      })
      .toBe(2);
    await expect
      .poll(() => page.getByText("2 not yet received", { exact: true }).count(), {
        timeout: UI_MS,
        message: "the header counting 2 not yet received",
      })
      .toBe(1);
    expect(await mine.textContent()).not.toContain("You have not sent any reports yet");
    await shot(page, "offline-1-saved", { fullPage: true });

    // A reload with no network: the service worker opens the app, the outbox still holds both.
    await page.reload();
    await page.getByRole("button", { name: "Crowd surge", exact: true }).waitFor({ timeout: UI_MS });
    expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await expect
      .poll(() => page.getByText("2 not yet received", { exact: true }).count(), {
        timeout: UI_MS,
        message: "the header counting 2 not yet received after the offline reload",
      })
      .toBe(1);
    await expect
      .poll(() => sent.getByText("Saved on this phone — not yet received", { exact: true }).count(), {
        timeout: UI_MS,
        message: "both reports still saved on the phone after the offline reload",
      })
      .toBe(2);
    expect(await sent.textContent()).toContain("Offline one");
    expect(await sent.textContent()).toContain("Offline two");
    expect(Object.keys(server.app.ops.get(opId)?.state.reports ?? {})).toHaveLength(0);
    await shot(page, "offline-2-reloaded", { fullPage: true });

    await phone.setOffline(false);
    await expect
      .poll(() => sent.getByText(/Sent ✓ — with control at \d\d:\d\d/).count(), {
        timeout: 30_000,
        message: "both reports marked Sent once the signal returned",
      })
      .toBe(2);
    await expect
      .poll(() => page.getByText(/not yet received/).count(), { timeout: UI_MS, message: "no 'not yet received' left on the page" })
      .toBe(0);
    // Each appears once on the phone too: the server's copy is not listed beside the phone's.
    await expect
      .poll(() => mine.getByText("Offline two", { exact: false }).count(), {
        timeout: UI_MS,
        message: "'Offline two' listed once in My reports",
      })
      .toBe(1);
    expect(await mine.getByText("Offline one", { exact: false }).count()).toBe(1);
    await shot(page, "offline-3-sent", { fullPage: true });

    // Control sees each report exactly once.
    const controlPage = await (await browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
    await signInPage(controlPage, server.url, "controller");
    await controlPage.waitForURL(/\/control/, { timeout: UI_MS });
    const triage = controlPage.getByRole("region", { name: "Steward report triage" });
    await expect
      .poll(() => triage.textContent(), { timeout: UI_MS, message: "control's triage list showing 'Offline two'" })
      .toContain("Offline two");
    const text = (await triage.textContent()) ?? "";
    expect(text.split("Offline one").length - 1).toBe(1);
    expect(text.split("Offline two").length - 1).toBe(1);
    await shot(controlPage, "offline-4-control");
    const reports = Object.values(server.app.ops.get(opId)?.state.reports ?? {});
    expect(reports).toHaveLength(2);
    expect(reports.map((r) => r.text).sort()).toEqual([
      "Offline one: pushing at the Boxpark barrier",
      "Offline two: man collapsed by the checkpoint",
    ]);
  }, 150_000);
});
