import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localFrame } from "../../shared/geo";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage, UI_MS } from "../support/browser";
import { expectOk, startServer, type TestClient, type TestServer } from "../support/harness";
import { shot } from "../support/screenshots";

/** Olympic Way's west edge (wembley.geojson); `west(m)` is m metres outside it. */
const EDGE_LNG = -0.280997;
const LAT = 51.56;
const metresPerDegLng = localFrame({ lat: LAT, lng: EDGE_LNG }).toXY({ lat: LAT, lng: EDGE_LNG + 1 }).x;
const west = (m: number) => ({ lat: LAT, lng: EDGE_LNG - m / metresPerDegLng });

async function board(browser: Browser, url: string, username: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await signInPage(page, url, username);
  await page.waitForURL(/\/control/, { timeout: UI_MS });
  await page.getByText("Live", { exact: true }).first().waitFor({ timeout: UI_MS });
  return page;
}

describe.skipIf(!hasChromium)("browser: the Warnings panel (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let opId: string;
  let control: TestClient;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer({ SECTOR_WATCH_MS: 0 });
    opId = await server.openOperation("Warnings on the board");
    control = await server.connect("controller");
    const officer = await server.connect("officer"); // psu-12a
    for (const c of [control, officer]) expectOk(await c.hello(opId, null));
    const unit = { agency: "MPS", sector: "olympic-way" } as const;
    expectOk(await control.send(opId, "unit:register", { unitId: "psu-12a", callSign: "12A", kind: "serial", ...unit }));
    expectOk(await control.send(opId, "unit:register", { unitId: "mounted-2", callSign: "Mounted 2", kind: "mounted", ...unit }));
    // Stadium East's only dog unit, off duty: that sector's cover, a Bronze of Olympic Way does not list it.
    expectOk(
      await control.send(opId, "unit:register", {
        unitId: "dog-5",
        callSign: "Dog 5",
        kind: "dogs",
        agency: "MPS",
        sector: "stadium-east",
      }),
    );
    expectOk(await control.send(opId, "unit:status", { unitId: "dog-5", status: "off-duty" }));
    // 12A walks 40 m out of Olympic Way, two fixes: out of its sector, and Olympic Way without a serial.
    for (const [i, m] of [40, 45].entries()) {
      const fix = { unitId: "psu-12a", ...west(m), at: Date.now() + i };
      expectOk(await officer.socket.emitWithAck("position:report", { opId, fixes: [fix] }));
      for (const ack of await server.app.sectorWatch.tick()) expectOk(ack);
    }
    for (const ack of await server.app.sectorWatch.tick()) expectOk(ack);
    expect(Object.keys(server.app.ops.get(opId)!.state.warnings).sort()).toEqual([
      "sector-cover:olympic-way",
      "sector-cover:stadium-east",
      "unit-left-sector:psu-12a",
    ]);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("SW9: control's Warnings tab counts the open warnings and lists them, each with its time, Bronze, text and Show; Show selects the unit, ringed on the map as out of its sector", async () => {
    const page = await board(browser, server.url, "controller");
    const tab = page.getByRole("tab", { name: "Warnings (3)" });
    await tab.click();
    const list = page.getByRole("list", { name: "Warnings" });
    await expect.poll(() => list.locator("li").count(), { timeout: UI_MS }).toBe(3);
    const out = list.locator("li", { hasText: "12A out of its sector" });
    await expect.poll(() => out.textContent(), { timeout: UI_MS }).toContain("Bronze Olympic Way");
    await expect
      .poll(() => list.locator("li", { hasText: "Bronze Stadium East" }).textContent())
      .toContain("No available dogs in the sector");
    await expect.poll(() => page.locator(".out-of-sector").count(), { timeout: UI_MS }).toBe(1);
    await shot(page, "warnings/warnings-1920x1080");
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot(page, "warnings/warnings-1440x900");
    await out.getByRole("button", { name: "Show" }).click();
    await expect.poll(() => page.getByRole("tab", { name: "Units" }).count()).toBe(1);
    await page.close();
  });

  it("SW9: a warning raised while the board is open appears at once; cleared, it stays greyed as history and the count drops", async () => {
    const page = await board(browser, server.url, "controller");
    await page.getByRole("tab", { name: /^Warnings/ }).click();
    expectOk(await control.send(opId, "unit:status", { unitId: "mounted-2", status: "refreshment" }));
    for (const ack of await server.app.sectorWatch.tick()) expectOk(ack);
    // Olympic Way's cover warning was open already: nothing new. Dog 5 back on duty restores Stadium East's.
    expectOk(await control.send(opId, "unit:status", { unitId: "dog-5", status: "available" }));
    for (const ack of await server.app.sectorWatch.tick()) expectOk(ack);
    await page.getByRole("tab", { name: "Warnings (2)" }).waitFor({ timeout: UI_MS });
    const cleared = page.locator("li.warning-cleared", { hasText: "Bronze Stadium East" });
    await expect.poll(() => cleared.textContent(), { timeout: UI_MS }).toContain("Cleared");
    await page.close();
  });

  it("SW9: a Bronze of Olympic Way lists only their sector's warnings by default, and all on asking", async () => {
    const page = await board(browser, server.url, "bronze");
    await page.getByRole("tab", { name: /^Warnings/ }).click();
    const list = page.getByRole("list", { name: "Warnings" });
    await expect.poll(() => list.locator("li").count(), { timeout: UI_MS }).toBe(2);
    expect(await list.locator("li", { hasText: "Stadium East" }).count()).toBe(0);
    await page.getByRole("button", { name: "All sectors" }).click();
    await expect.poll(() => list.locator("li").count(), { timeout: UI_MS }).toBe(3);
    await shot(page, "warnings/warnings-bronze-1920x1080");
    await page.close();
  });
});
