import fs from "node:fs";
import { type Browser, chromium } from "playwright-core";

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
