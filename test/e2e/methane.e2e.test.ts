import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage, UI_MS } from "../support/browser";
import { expectOk, startServer, type TestServer } from "../support/harness";
import { shot, takingScreenshots } from "../support/screenshots";

const SIZES = [
  [1920, 1080],
  [1440, 900],
] as const;

/** Both sizes in the board's dark theme, and the light one at 1920x1080 (a sunlit room). */
async function shoot(page: Page, name: string): Promise<void> {
  if (!takingScreenshots) return;
  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    await shot(page, `methane/${name}-${w}x${h}`);
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
  const theme = await page.evaluate(() => document.documentElement.dataset.theme ?? "dark");
  await page.evaluate(() => {
    document.documentElement.dataset.theme = "light";
  });
  await shot(page, `methane/${name}-1920x1080-light`);
  await page.evaluate((t) => {
    document.documentElement.dataset.theme = t;
  }, theme);
}

/** The METHANE form, the board's banner, the incident's history and the partner's page (issue 11 item 6), in Chromium. */
describe.skipIf(!hasChromium)("browser: METHANE on an incident (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let opId: string;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    opId = await server.openOperation("England v Italy (METHANE)");
    const control = await server.connect("controller");
    expectOk(
      await control.send(opId, "incident:report", {
        type: "crowd-surge",
        grade: "I",
        location: { lat: 51.5605, lng: -0.2795 },
        locationText: "Olympic Way, Boxpark steps",
        description: "Crowd surging at the steps, people down",
      }),
    );
    expectOk(
      await control.send(opId, "unit:register", {
        unitId: "psu-12a",
        callSign: "PSU 12A",
        kind: "serial",
        agency: "MPS",
        sector: "olympic-way",
      }),
    );
    expectOk(await control.send(opId, "incident:assign", { incidentId: "inc-1", unitId: "psu-12a" }));
    control.close();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    page.setDefaultTimeout(UI_MS);
    page.on("pageerror", (e) => console.error("PAGEERROR", e.message));
    await signInPage(page, server.url, "commander");
    await page.waitForURL(/\/control/, { timeout: UI_MS });
    await page.getByText("Live", { exact: true }).first().waitFor({ timeout: UI_MS });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("MT9: Silver fills the METHANE form (a point picked on the map), the banner appears; an update is revision 2 and the history lists both", async () => {
    await page.getByRole("region", { name: "Incident queue" }).locator('[data-incident="inc-1"]').click();
    await page.getByRole("button", { name: "METHANE report…" }).click();
    const form = page.getByRole("form", { name: "METHANE report" });
    await form.getByText("Yes — declare a major incident").click();
    await form.getByRole("button", { name: /Pick on map/ }).click();
    await page.locator(".board-map .leaflet-container").click({ position: { x: 520, y: 420 } });
    await expect.poll(() => form.getByTestId("location-summary").textContent(), { timeout: UI_MS }).toMatch(/Point/);
    await form.getByRole("combobox").fill("Olympic Way at the Boxpark steps");
    await form.getByLabel("T  Type of incident").fill("Crowd crush on the steps");
    await form.getByLabel("H  Hazards, present and potential").fill("Crowd pressure from the north; broken barrier");
    await form.getByLabel("Access routes").fill("South Way, then Olympic Way from the south");
    await form.getByLabel("RVP South (South Way)").check();
    await form.getByLabel("P1 Immediate").fill("2");
    await form.getByLabel("P2 Urgent").fill("5");
    await form.getByLabel("P3 Delayed").fill("11");
    await form.getByLabel("Ambulance present").check();
    await form.getByLabel("Ambulance required").check();
    await form.getByLabel("Fire required").check();
    await form.getByLabel("Services, in words").fill("HART requested");
    await form.locator("header").scrollIntoViewIfNeeded();
    await shoot(page, "methane-form");
    await form.getByRole("button", { name: "Send METHANE (revision 1)" }).click();

    const banner = page.getByRole("alert", { name: "Major incident declared" });
    await expect.poll(() => banner.textContent(), { timeout: UI_MS }).toMatch(/MAJOR INCIDENT DECLARED — CAD 4001\//);
    await expect.poll(() => page.getByTestId("methane-latest").textContent(), { timeout: UI_MS }).toContain("revision 1");
    await shoot(page, "methane-banner");

    await page.getByRole("button", { name: "Update METHANE…" }).click();
    const update = page.getByRole("form", { name: "METHANE report" });
    await update.getByLabel("Fatal").fill("1");
    await update.getByLabel("Fire present").check();
    await update.getByRole("button", { name: "Send METHANE (revision 2)" }).click();
    await expect.poll(() => page.getByTestId("methane-revision").count(), { timeout: UI_MS }).toBe(2);
    const history = await page.getByTestId("methane-revision").allTextContents();
    expect(history[0]).toMatch(/METHANE revision 2 .* changed: Casualties, Emergency services/);
    expect(history[1]).toMatch(/METHANE revision 1 .* first report/);
    expect(await page.getByTestId("methane-latest").textContent()).toMatch(/revision 2.*Fatal 1/);
    await page.locator(".methane-section").scrollIntoViewIfNeeded();
    await shoot(page, "methane-section");
    const revs = server.app.ops.get(opId)?.state.incidents["inc-1"]?.methane ?? [];
    expect(revs.map((r) => [r.revision, r.report.casualties.counts.fatal, r.report.access.rvps.map((x) => x.id)])).toEqual([
      [1, 0, ["rvp-south"]],
      [2, 1, ["rvp-south"]],
    ]);
  }, 120_000);

  it("MT9: the partner's page shows the current report, revision 2, on a phone", async () => {
    const partner = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    partner.setDefaultTimeout(UI_MS);
    await signInPage(partner, server.url, "partner");
    await partner.waitForURL(/\/partner/, { timeout: UI_MS });
    const report = partner.getByTestId("partner-methane");
    await expect.poll(() => report.textContent(), { timeout: UI_MS }).toMatch(/MAJOR INCIDENT DECLARED — CAD 4001\/.*revision 2/);
    expect(await report.textContent()).toContain("Fatal 1, P1 Immediate 2, P2 Urgent 5, P3 Delayed 11");
    await shot(partner, "methane/partner-methane-390x844", { fullPage: true });
    await partner.close();
  }, 60_000);

  it("MT9: in replay, at the end, the board shows the banner and the incident's two revisions (the same fold)", async () => {
    const replay = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    replay.setDefaultTimeout(UI_MS);
    await signInPage(replay, server.url, "analyst");
    await replay.waitForURL(/\/replay/, { timeout: UI_MS });
    // A link to a moment after the last event (clamped to it): the scrubber's 1 s steps could stop short of it.
    await replay.goto(`${server.url}/replay?op=${opId}&t=${Date.now() + 60_000}`);
    await replay.getByLabel("Scrub").waitFor();
    const banner = replay.getByRole("alert", { name: "Major incident declared" });
    await expect.poll(() => banner.textContent(), { timeout: UI_MS }).toMatch(/revision 2/);
    await banner.getByRole("button", { name: "Show" }).click();
    await expect.poll(() => replay.getByTestId("methane-revision").count(), { timeout: UI_MS }).toBe(2);
    expect(await replay.getByRole("button", { name: /METHANE/ }).count()).toBe(0);
    await shot(replay, "methane/replay-methane-1920x1080");
    await replay.close();
  }, 60_000);

  it("MT9: the officer of the assigned unit sees the latest report on the assignment card (hazards, access, RVP)", async () => {
    const officer = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    officer.setDefaultTimeout(UI_MS);
    await signInPage(officer, server.url, "officer");
    await officer.waitForURL(/\/unit/, { timeout: UI_MS });
    const note = officer.getByRole("note", { name: "METHANE report" });
    await expect.poll(() => note.textContent(), { timeout: UI_MS }).toMatch(/MAJOR INCIDENT DECLARED.*revision 2/);
    expect(await note.textContent()).toContain("RVP: RVP South (South Way)");
    await note.scrollIntoViewIfNeeded();
    await shot(officer, "methane/officer-methane-390x844");
    await officer.close();
  }, 60_000);
});
