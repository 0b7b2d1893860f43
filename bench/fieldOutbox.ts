import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { ensureClientBuilt, launchChromium, serviceWorkerReady, signInPage } from "../test/support/browser";

/**
 * `npm run bench -- field` (issue 12): a steward's phone (Chromium at 390×844, the demo steward)
 * makes REPORTS reports with no signal, each with one camera-sized photo (2400×1800 JPEG, which
 * the phone resizes and keeps in its outbox), then the signal returns. Measured in the page: from
 * its `online` event to the moment every report's row says "Sent ✓" (and to the first). Then the server's log must
 * hold exactly REPORTS reports, each naming one photo. Three rounds, each on a fresh server in its
 * own process (bench/fieldServer.ts, temp SQLite, 127.0.0.1) and a fresh browser context; prints
 * each round, the median and the max.
 */
const ROOT = new URL("..", import.meta.url).pathname;
const REPORTS = 20;
const ROUNDS = 3;
/** Every wait ends: a round that takes longer than this is a failure, not a figure. */
const WAIT_MS = 120_000;

export async function fieldOutboxBench(): Promise<void> {
  ensureClientBuilt();
  const photo = await cameraPhoto();
  console.log(
    `field bench: ${REPORTS} reports with one photo (${(photo.length / 1024).toFixed(0)} KB, 2400×1800) queued offline, ${ROUNDS} rounds`,
  );
  console.log("round | online → first Sent ✓ (ms) | online → all Sent ✓ (ms) | reports in the log | naming one photo");
  const times: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const r = await oneRound(photo);
    if (r.reports !== REPORTS || r.withPhoto !== REPORTS)
      throw new Error(`round ${round}: the log has ${r.reports} reports, ${r.withPhoto} with one photo`);
    times.push(r.ms);
    console.log(`${round} | ${r.firstMs.toFixed(0)} | ${r.ms.toFixed(0)} | ${r.reports} | ${r.withPhoto}`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms`);
}

/**
 * A camera-sized JPEG (2400×1800, quality 90) that compresses like a photo, not like a flat
 * colour: smooth gradients with grain from a fixed-seed generator, so every run sends the same bytes.
 */
function cameraPhoto(): Promise<Buffer> {
  const width = 2400;
  const height = 1800;
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 12;
  const grain = () => {
    seed = (seed * 1_103_515_245 + 12_345) >>> 0;
    return (seed >>> 24) / 8 - 16;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = 120 + 80 * Math.sin(x / 170) + grain();
      pixels[i + 1] = 110 + 70 * Math.cos(y / 130) + grain();
      pixels[i + 2] = 100 + 60 * Math.sin((x + y) / 240) + grain();
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

async function oneRound(photo: Buffer): Promise<{ firstMs: number; ms: number; reports: number; withPhoto: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-field-bench-"));
  const server = await startServer(dir);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      geolocation: { latitude: 51.5586, longitude: -0.2797, accuracy: 12 },
      permissions: ["geolocation", "background-sync"],
    });
    const page = await context.newPage();
    // tsx (esbuild's keepNames) wraps named functions in __name(), which the page does not have.
    await page.addInitScript({ content: "window.__name = (f) => f;" });
    await openStewardApp(page, `http://127.0.0.1:${server.port}`);
    await context.setOffline(true);
    for (let n = 1; n <= REPORTS; n++) await reportOffline(page, `Field bench report ${n}`, photo);
    const [firstMs, ms] = await timeToAllSent(context, page);
    const [reports, withPhoto] = await server.reports();
    await context.close();
    return { firstMs, ms, reports, withPhoto };
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function openStewardApp(page: Page, url: string): Promise<void> {
  await signInPage(page, url, "steward");
  await page.waitForURL(/\/steward/, { timeout: WAIT_MS });
  await serviceWorkerReady(page, WAIT_MS);
  // The first load is not yet controlled by the worker; offline, only a controlled page keeps its shell.
  if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) await page.reload();
  await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), null, { timeout: WAIT_MS });
  await page.getByRole("status").filter({ hasText: "Live" }).waitFor({ timeout: WAIT_MS });
}

/** One report with one photo, sent with no signal: the row says it is saved on the phone. */
async function reportOffline(page: Page, text: string, photo: Buffer): Promise<void> {
  await page.getByRole("button", { name: "Crowd surge", exact: true }).click();
  await page.getByLabel("Details").fill(text);
  await page.getByLabel("Add photo").setInputFiles({ name: "IMG_2041.jpg", mimeType: "image/jpeg", buffer: photo });
  await page.getByRole("img", { name: "Taken for this report, number 1" }).waitFor({ timeout: WAIT_MS });
  await page.getByRole("form", { name: "Report an incident" }).locator("button[type=submit]").click();
  await page.locator(".send-row", { hasText: text }).filter({ hasText: "Saved on this phone" }).waitFor({ timeout: WAIT_MS });
}

/**
 * Back online, timed in the page: from its `online` event to the first frame in which every row
 * of the list says "Sent ✓" (checked each animation frame).
 */
async function timeToAllSent(context: BrowserContext, page: Page): Promise<[number, number]> {
  const waiting = page.evaluate(
    ([count, limit]) =>
      new Promise<[number, number]>((resolve, reject) => {
        let start = Number.NaN;
        let first = Number.NaN;
        window.addEventListener("online", () => (start = performance.now()), { once: true });
        const sent = () =>
          [...document.querySelectorAll('section[aria-label="Sent from this phone"] .send-state')].filter((el) =>
            el.textContent?.startsWith("Sent ✓"),
          ).length;
        const look = () => {
          const done = Number.isNaN(start) ? 0 : sent();
          if (done > 0 && Number.isNaN(first)) first = performance.now() - start;
          if (done >= count) return resolve([first, performance.now() - start]);
          if (!Number.isNaN(start) && performance.now() - start > limit)
            return reject(new Error(`${sent()} of ${count} sent after ${limit} ms`));
          requestAnimationFrame(look);
        };
        look();
      }),
    [REPORTS, WAIT_MS] as const,
  );
  await context.setOffline(false);
  return waiting;
}

interface FieldServer {
  port: number;
  reports(): Promise<[number, number]>;
  stop(): Promise<void>;
}

async function startServer(dir: string): Promise<FieldServer> {
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "bench/fieldServer.ts")], {
    env: { ...process.env, DATABASE_PATH: path.join(dir, "cordon.db") },
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const line = (pattern: RegExp, what: string) => waitForLine(child, () => pattern.exec(out), what);
  const ready = await line(/READY (\d+) (\S+)/, "the bench server to listen");
  return {
    port: Number(ready[1]),
    reports: async () => {
      out = "";
      child.stdin?.write("reports\n");
      const m = await line(/REPORTS (\d+) (\d+)/, "the server's count of reports");
      return [Number(m[1]), Number(m[2])];
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

/** Resolves with the match once the child's output has it; rejects if it exits or after a bound. */
function waitForLine(child: ChildProcess, match: () => RegExpExecArray | null, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`bench: no answer from ${what} in ${WAIT_MS} ms`)), WAIT_MS);
    const check = () => {
      const m = match();
      if (m) done(null, m);
    };
    const exited = (code: number | null) => done(new Error(`bench server exited ${code} waiting for ${what}`));
    function done(err: Error | null, m?: RegExpExecArray) {
      clearTimeout(timer);
      child.stdout?.off("data", check);
      child.off("exit", exited);
      if (err || !m) reject(err);
      else resolve(m);
    }
    child.stdout?.on("data", check);
    child.once("exit", exited);
    check();
  });
}
