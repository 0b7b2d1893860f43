import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage, UI_MS } from "../support/browser";
import { expectOk, startServer, type TestServer } from "../support/harness";
import { shot } from "../support/screenshots";

/** The replay clock's format: HH:MM:SS in London (client/src/ui/time.ts). */
const LONDON = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

describe.skipIf(!hasChromium)("browser: replay (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let t0: number;

  beforeAll(async () => {
    ensureClientBuilt();
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
  }, 240_000); // may build the client first: minutes on a loaded machine

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * How far down the map 12A's label sits, measured from the map pane: panning moves the pane
   * and the label together, so only the unit moving changes it (no waiting for a pan to end).
   */
  const labelOf12A = async (page: Page) => {
    const y = await page.evaluate(() => {
      const label = [...document.querySelectorAll(".leaflet-tooltip")].find((el) => el.textContent?.includes("12A"));
      const pane = document.querySelector(".leaflet-map-pane");
      return label && pane ? label.getBoundingClientRect().top - pane.getBoundingClientRect().top : null;
    });
    if (y === null) throw new Error("no 12A label on the map");
    return { y };
  };

  /** The replay clock reads `at` (London time) and is not loading: the board shows that moment. */
  const showing = async (page: Page, at: number) => {
    const clock = page.getByLabel("Replay clock");
    const text = LONDON.format(at);
    await expect
      .poll(async () => `${await clock.textContent()}${(await clock.getAttribute("class"))?.includes("loading") ? " (loading)" : ""}`, {
        timeout: UI_MS,
        message: `the replay clock showing ${text}, loaded`,
      })
      .toBe(text);
  };

  it("E4: an analyst scrubs the replay and sees a unit's marker move; an export completes", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1600, height: 900 }, acceptDownloads: true })).newPage();
    await signInPage(page, server.url, "analyst");
    await page.waitForURL(/\/replay/, { timeout: UI_MS });
    const scrub = page.getByLabel("Scrub");
    await scrub.waitFor({ timeout: UI_MS });

    await scrub.fill(String(t0 + 1000));
    await showing(page, Number(await scrub.inputValue())); // the range input snaps to its 1 s step
    await page.getByRole("tab", { name: "Units" }).click();
    await page
      .getByRole("button", { name: /^12A\b/ })
      .first()
      .click();
    // Selected, 12A carries its label; wait for it to be drawn.
    await expect.poll(() => labelOf12A(page).then(() => true), { timeout: UI_MS, message: "12A's label on the map" }).toBe(true);
    const early = await labelOf12A(page);

    await scrub.fill(String(t0 + 120_000));
    await showing(page, Number(await scrub.inputValue()));
    await expect
      .poll(async () => (await labelOf12A(page)).y, { timeout: UI_MS, message: "12A's label moving north after scrubbing 2 minutes on" })
      .toBeLessThan(early.y - 20);
    await shot(page, "replay");

    // Play from the start at 600x: it runs to the end without stalling, and 12A ends up north again.
    await scrub.fill(String(t0 + 1000));
    await page.getByRole("button", { name: "600×" }).click();
    await page.getByRole("button", { name: /Play/ }).click();
    await expect
      .poll(async () => Number(await scrub.inputValue()), { timeout: UI_MS, message: "playback reaching the end of the operation" })
      .toBeGreaterThanOrEqual(t0 + 119_000); // the range input snaps to its 1 s step
    await expect
      .poll(() => page.getByRole("button", { name: /Play/ }).count(), {
        timeout: UI_MS,
        message: "the Play button back once playback ended",
      })
      .toBe(1);
    await expect
      .poll(async () => (await labelOf12A(page)).y, { timeout: UI_MS, message: "12A's label north again at the end of playback" })
      .toBeLessThan(early.y - 20);

    await page.getByRole("tab", { name: "Exports" }).click();
    await page.getByPlaceholder("e.g. Post-match debrief").fill("Browser test of the export");
    await page.getByPlaceholder("e.g. Event review panel").fill("Test suite");
    const download = page.waitForEvent("download", { timeout: UI_MS });
    await page.getByRole("button", { name: /Full event log/ }).click();
    expect((await download).suggestedFilename()).toMatch(/^cordon-events-op-.*\.ndjson$/);
    await expect
      .poll(() => page.getByText(/Complete: events\.ndjson/).count(), { timeout: UI_MS, message: "the export's progress saying Complete" })
      .toBe(1);
  }, 120_000);

  it("X5: the replay's address names the operation and the moment, and a shared link opens the same board", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signInPage(page, server.url, "analyst");
    await page.waitForURL(/\/replay/, { timeout: UI_MS });
    const scrub = page.getByLabel("Scrub");
    await scrub.waitFor({ timeout: UI_MS });
    await scrub.fill(String(t0 + 60_000));
    const at = Number(await scrub.inputValue());
    await showing(page, at);
    await expect
      .poll(() => new URL(page.url()).searchParams.get("t"), { timeout: UI_MS, message: "the moment in the address bar" })
      .toBe(String(at));
    const link = page.url();
    expect(new URL(link).searchParams.get("op")).toMatch(/^op-/);

    // Another tab of the same analyst opens the link: the same moment, 12A where it was then.
    await page.getByRole("tab", { name: "Units" }).click();
    await page
      .getByRole("button", { name: /^12A\b/ })
      .first()
      .click();
    await expect.poll(() => labelOf12A(page).then(() => true), { timeout: UI_MS, message: "12A's label on the map" }).toBe(true);
    const there = await page.evaluate(() => document.querySelector(".leaflet-tooltip")?.textContent ?? "");
    const other = await context.newPage();
    await other.goto(link);
    await other.getByLabel("Scrub").waitFor({ timeout: UI_MS });
    await showing(other, at);
    expect(Number(await other.getByLabel("Scrub").inputValue())).toBe(at);
    await other.getByRole("tab", { name: "Units" }).click();
    await other
      .getByRole("button", { name: /^12A\b/ })
      .first()
      .click();
    await expect
      .poll(() => other.evaluate(() => document.querySelector(".leaflet-tooltip")?.textContent ?? ""), {
        timeout: UI_MS,
        message: "12A's label on the linked board",
      })
      .toBe(there);
    // The board at that moment also shows the reports, alerts and decisions of that moment.
    for (const tab of ["Reports", "Alerts", "Decisions"]) {
      await other.getByRole("tab", { name: tab }).click();
      await other.getByRole("tabpanel").waitFor({ timeout: UI_MS });
    }
    await shot(other, "replay-linked");
    await context.close();
  }, 120_000);
});
