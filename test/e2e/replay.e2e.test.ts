import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage } from "../support/browser";
import { expectOk, startServer, type TestServer } from "../support/harness";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SHOTS = path.join(ROOT, "test-results");

describe.skipIf(!hasChromium)("browser: replay (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let t0: number;

  beforeAll(async () => {
    ensureClientBuilt();
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    const opId = await server.openOperation("England v Italy (replay test)");
    const control = await server.connect("controller");
    expectOk(
      await control.send(opId, "unit:register", {
        unitId: "psu-12a",
        callSign: "12A",
        kind: "serial",
        agency: "MPS",
        sector: "olympic-way",
      }),
    );
    expectOk(
      await control.send(opId, "incident:report", {
        type: "disorder",
        location: { lat: 51.561, lng: -0.2795 },
        description: "Fight at Boxpark",
      }),
    );
    const officer = await server.connect("officer");
    // 12A walks 400 m north up Olympic Way over two minutes.
    t0 = Date.now();
    for (const [dt, lat] of [
      [0, 51.5585],
      [60_000, 51.5605],
      [120_000, 51.5621],
    ] as const) {
      expectOk(
        await officer.socket.emitWithAck("position:report", { opId, fixes: [{ unitId: "psu-12a", lat, lng: -0.2795, at: t0 + dt }] }),
      );
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const labelOf12A = async (page: Page) => {
    const box = await page.locator(".leaflet-tooltip", { hasText: "12A" }).first().boundingBox();
    if (!box) throw new Error("no 12A label on the map");
    return box;
  };

  it("E4: an analyst scrubs the replay and sees a unit's marker move; an export completes", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1600, height: 900 }, acceptDownloads: true })).newPage();
    await signInPage(page, server.url, "analyst");
    await page.waitForURL(/\/replay/);
    const scrub = page.getByLabel("Scrub");
    await scrub.waitFor();

    await scrub.fill(String(t0 + 1000));
    await page.getByRole("tab", { name: "Units" }).click();
    await page.getByRole("cell", { name: "12A" }).first().click();
    await page.waitForTimeout(800);
    const early = await labelOf12A(page);

    await scrub.fill(String(t0 + 120_000));
    await expect.poll(async () => (await labelOf12A(page)).y, { timeout: 5000 }).toBeLessThan(early.y - 20);
    await page.screenshot({ path: path.join(SHOTS, "replay.png") });

    // Play from the start at 600x: it runs to the end without stalling, and 12A ends up north again.
    await scrub.fill(String(t0 + 1000));
    await page.getByRole("button", { name: "600×" }).click();
    await page.getByRole("button", { name: /Play/ }).click();
    await expect.poll(async () => Number(await scrub.inputValue()), { timeout: 10_000 }).toBeGreaterThanOrEqual(t0 + 119_000); // the range input snaps to its 1 s step
    await expect.poll(() => page.getByRole("button", { name: /Play/ }).count()).toBe(1);
    await expect.poll(async () => (await labelOf12A(page)).y, { timeout: 5000 }).toBeLessThan(early.y - 20);

    await page.getByRole("tab", { name: "Exports" }).click();
    await page.getByPlaceholder("e.g. Post-match debrief").fill("Browser test of the export");
    await page.getByPlaceholder("e.g. Event review panel").fill("Test suite");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: /Full event log/ }).click();
    expect((await download).suggestedFilename()).toMatch(/^cordon-events-op-.*\.ndjson$/);
    await expect.poll(() => page.getByText(/Complete: events\.ndjson/).count(), { timeout: 10_000 }).toBe(1);
  });
});
