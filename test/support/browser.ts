import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's chromium package; playwright-core drives it (no browser download). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const hasChromium = fs.existsSync(CHROMIUM);

if (!hasChromium) {
  const notice = `\n${"!".repeat(78)}\n!! Browser tests SKIPPED: no Chromium at ${CHROMIUM}.\n!! Install it with: apt-get install chromium   (or set CHROMIUM_PATH)\n${"!".repeat(78)}\n`;
  // Under CI a missing browser is a failure, not a skip.
  if (process.env.CI === "true") throw new Error(`CI=true and no Chromium at ${CHROMIUM}: .ci/run must install it.`);
  console.warn(notice);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * How long a browser test waits for something to show: generous, because a loaded machine is
 * slow, and finite, so that a wait that fails says what it was waiting for.
 */
export const UI_MS = 20_000;

/**
 * Resolves once the page's service worker is active (`navigator.serviceWorker.ready`), or
 * rejects after `ms` saying so: `ready` alone never settles when registration fails.
 */
export async function serviceWorkerReady(page: Page, ms = UI_MS): Promise<void> {
  const ready = await page.evaluate(
    (limit) =>
      Promise.race([
        navigator.serviceWorker.ready.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), limit)),
      ]),
    ms,
  );
  if (!ready) throw new Error(`the service worker was not ready within ${ms} ms`);
}

const ROOT = new URL("../..", import.meta.url).pathname;

/** Builds the client once if the tests run without `npm test`'s build step. */
export function ensureClientBuilt(): void {
  if (fs.existsSync(`${ROOT}dist/client/sw.js`)) return;
  execFileSync(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, "build"], { cwd: ROOT, stdio: "inherit" });
}

/** Signs in through the page's own form, as a person would. */
export async function signInPage(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: /sign in/i }).click();
}
