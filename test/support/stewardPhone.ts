import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { serviceWorkerReady, signInPage, UI_MS } from "./browser";
import { shot, takingScreenshots } from "./screenshots";
import { until } from "./until";

/** The two phone sizes every steward screen is looked at (issue 12: 360×640 and 390×844). */
export const PHONE_SIZES = [
  { width: 360, height: 640 },
  { width: 390, height: 844 },
] as const;

/** A steward's phone: touch, a GPS fix outside the Boxpark checkpoint, Background Sync allowed. */
export function stewardPhone(browser: Browser, size: { width: number; height: number } = PHONE_SIZES[0]): Promise<BrowserContext> {
  return browser.newContext({
    viewport: size,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    // Outside the Boxpark checkpoint, as a phone in the concourse would put it.
    geolocation: { latitude: 51.5586, longitude: -0.2797, accuracy: 12 },
    // Chromium grants Background Sync by default; naming any permission here denies the rest.
    permissions: ["geolocation", "background-sync"],
  });
}

/**
 * A screenshot of what the steward sees (the screen, not the whole page) at each phone size, as
 * `<name>-<w>x<h>` (test/support/screenshots.ts); nothing, not even the resizing, unless
 * SCREENSHOT_DIR is set.
 */
export async function shootPhoneSizes(page: Page, name: string): Promise<void> {
  if (!takingScreenshots) return;
  const was = page.viewportSize();
  for (const s of PHONE_SIZES) {
    await page.setViewportSize(s);
    await shot(page, `${name}-${s.width}x${s.height}`);
  }
  if (was) await page.setViewportSize(was);
}

/** Signs the steward in and waits until the app is controlled by the service worker and live. */
export async function openStewardApp(page: Page, url: string): Promise<void> {
  await signInPage(page, url, "steward");
  await page.waitForURL(/\/steward/, { timeout: UI_MS });
  await serviceWorkerReady(page, 60_000);
  if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) await page.reload();
  await expect
    .poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), {
      timeout: UI_MS,
      message: "the service worker controlling the page",
    })
    .toBe(true);
  await waitStewardLive(page);
}

/** The report form is drawn and the app says Live. */
export async function waitStewardLive(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Crowd surge", exact: true }).waitFor({ timeout: UI_MS });
  await expect
    .poll(() => page.getByRole("status").filter({ hasText: "Live" }).count(), { timeout: UI_MS, message: "the steward app saying Live" })
    .toBe(1);
}

/** Fires a Background Sync event at the origin's service worker, as Chromium does when signal returns. */
export async function fireSync(context: BrowserContext, page: Page, origin: string, tag: string): Promise<void> {
  const cdp = await context.newCDPSession(page);
  const registration = new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", (e: { registrations: { registrationId: string; scopeURL: string }[] }) => {
      const mine = e.registrations.find((r) => r.scopeURL.startsWith(origin));
      if (mine) resolve(mine.registrationId);
    });
  });
  await cdp.send("ServiceWorker.enable");
  const registrationId = await registration;
  await cdp.send("ServiceWorker.dispatchSyncEvent", { origin, registrationId, tag, lastChance: false });
}

/**
 * Fires the sync (fireSync) until `arrived` holds, at most `tries` times, waiting up to `eachMs`
 * after each: under load the worker may still find the network down just after it returns, and
 * its handler then rejects, which asks the browser to fire it again later, as this does (Chromium's
 * own back-off is minutes). A report sent twice is still one report: the server keeps its first.
 */
export async function syncUntil(
  context: BrowserContext,
  page: Page,
  origin: string,
  arrived: () => boolean,
  what: string,
  tries = 3,
  eachMs = 15_000,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await fireSync(context, page, origin, "cordon-outbox");
    try {
      return await until(arrived, what, eachMs);
    } catch (err) {
      if (attempt >= tries) throw err;
    }
  }
}
