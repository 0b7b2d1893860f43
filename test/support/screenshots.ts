import fs from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";

/**
 * Where the browser tests save screenshots for people to look at: `SCREENSHOT_DIR`. Unset (the
 * default, and `npm test`) none are taken: they assert nothing, and taking them was about an
 * eighth of the browser tests' time. `SCREENSHOT_DIR=/tmp/shots npx vitest run test/e2e` takes
 * them all (DEVELOPERS.md).
 */
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || null;

/** True when screenshots are wanted: for a test that changes the page only to take them. */
export const takingScreenshots = SCREENSHOT_DIR !== null;

/**
 * Saves `target` (a page, or one element) as `<SCREENSHOT_DIR>/<name>.png`; `name` may hold a
 * folder (`methane/form`). Does nothing unless SCREENSHOT_DIR is set. `fullPage`: the whole
 * scrollable page, not just the viewport (pages only).
 */
export async function shot(target: Page | Locator, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  const file = screenshotFile(`${name}.png`);
  if (file === null) return;
  if (isPage(target)) await target.screenshot({ path: file, fullPage: opts.fullPage ?? false });
  else await target.screenshot({ path: file });
}

/** `<SCREENSHOT_DIR>/<name>` with its folder made, for other things to look at (a printed PDF); null when unset. */
export function screenshotFile(name: string): string | null {
  if (SCREENSHOT_DIR === null) return null;
  const file = path.join(SCREENSHOT_DIR, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return file;
}

function isPage(target: Page | Locator): target is Page {
  return "goto" in target;
}
