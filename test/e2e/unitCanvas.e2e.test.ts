import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage, UI_MS } from "../support/browser";
import { expectOk, startServer, type TestServer } from "../support/harness";

const UNITS = 80;
/** Units packed within about 60 m of the north concourse: one clump when zoomed out. */
const FEED = "unit-canvas-feed";
const NEAR = { lat: 51.5572, lng: -0.2795 };

describe.skipIf(!hasChromium)("browser: units on the map's canvas (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureClientBuilt();
    // One control account registers every unit: above the per-account command burst.
    server = await startServer({ COMMAND_BURST: 1_000, FEED_TOKENS: [FEED] });
    const opId = await server.openOperation("England v Italy (unit canvas test)");
    const control = await server.connect("controller");
    for (let n = 0; n < UNITS; n++) {
      const unit = { unitId: `u-${n}`, callSign: `C${n}`, kind: "serial", agency: "MPS", sector: null } as const;
      expectOk(await control.send(opId, "unit:register", unit));
    }
    control.close();
    const at = Date.now();
    const fixes = Array.from({ length: UNITS }, (_, n) => ({
      unitId: `u-${n}`,
      lat: NEAR.lat + ((n % 9) - 4) * 0.00006,
      lng: NEAR.lng + (Math.floor(n / 9) - 4) * 0.0001,
      at,
    }));
    const fed = await fetch(`${server.url}/api/operations/${opId}/positions`, {
      method: "POST",
      headers: { authorization: `Bearer ${FEED}`, "content-type": "application/json" },
      body: JSON.stringify({ fixes }),
    });
    expect(fed.status).toBe(202);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
    await signInPage(page, server.url, "controller");
    await page.waitForURL(/\/control/, { timeout: UI_MS });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const drawn = (key: "clusters" | "units" | "labels") =>
    page.evaluate((k) => Number((document.querySelector(".unit-canvas") as HTMLElement | null)?.dataset[k] ?? -1), key);
  const mapZoom = () =>
    page.evaluate(() => {
      const proxy = document.querySelector(".leaflet-proxy");
      const scale = proxy ? new DOMMatrix(getComputedStyle(proxy).transform).a : 0;
      return scale > 0 ? Math.log2(scale) + 1 : 0;
    });

  it("U40: zoomed out, the units are clusters with a count on one canvas, not a DOM element each", async () => {
    expect(await mapZoom()).toBeLessThan(16);
    await expect.poll(() => drawn("clusters"), { timeout: UI_MS, message: "clusters drawn" }).toBeGreaterThan(0);
    expect(await drawn("units"), "units outside a cluster").toBeLessThan(UNITS);
    expect(await drawn("labels")).toBe(0);
    expect(await page.locator(".leaflet-tooltip").count(), "no tooltip per unit").toBe(0);
  });

  it("U41: zoomed in, each unit is a dot with its call sign drawn on the canvas; the selected one keeps a DOM label", async () => {
    // Zoom in with the keyboard; selecting a unit then pans the map to the clump.
    await page.locator(".map-canvas").focus();
    for (let i = 0; i < 8 && (await mapZoom()) < 17.5; i++) {
      const before = await mapZoom();
      await page.keyboard.press("Equal");
      await expect.poll(mapZoom, { timeout: UI_MS, message: `zoomed in from ${before}` }).toBeGreaterThan(before);
    }
    await expect.poll(mapZoom, { timeout: UI_MS }).toBeGreaterThanOrEqual(17);
    await page.getByRole("tab", { name: "Units" }).click();
    // The unit board is virtualised: C40 is found by its call sign, as an operator would.
    await page.locator('[data-search="units"]').fill("C40");
    await page.locator(".unit-row", { hasText: "C40" }).click();
    await expect
      .poll(() => page.locator(".leaflet-tooltip.unit-label", { hasText: "C40" }).count(), {
        timeout: UI_MS,
        message: "the selected unit's label",
      })
      .toBe(1);
    await expect.poll(() => drawn("labels"), { timeout: UI_MS, message: "call signs drawn on the canvas" }).toBeGreaterThan(10);
    expect(await drawn("clusters")).toBe(0);
    expect(await page.locator(".leaflet-tooltip").count(), "only the selected unit's label is in the DOM").toBe(1);
  });

  it("ZB3: hovering an unselected unit on the canvas names it (call sign and status) in a tooltip, gone when the pointer leaves", async () => {
    // Zoomed in with C40 selected (U41): its neighbours lie about 13 px away on every side of its dot,
    // which sits just left of its DOM label. Sweep the pointer over that patch until one is named.
    const label = await page.locator(".leaflet-tooltip.unit-label", { hasText: "C40" }).boundingBox();
    expect(label, "the selected unit's label").not.toBeNull();
    const dot = { x: (label?.x ?? 0) - 12, y: (label?.y ?? 0) + (label?.height ?? 0) / 2 };
    const tip = page.locator(".leaflet-tooltip.unit-tip");
    let named = "";
    for (let dy = -30; dy <= 30 && !named; dy += 3)
      for (let dx = -40; dx <= 10 && !named; dx += 3) {
        await page.mouse.move(dot.x + dx, dot.y + dy);
        if (await tip.count()) named = (await tip.innerText()).trim();
      }
    expect(named, "a unit named under the pointer").toMatch(/^C\d+ · Available$/);
    expect(named, "an unselected unit").not.toMatch(/^C40 /);
    expect(await page.locator(".map-canvas.unit-canvas-hover").count(), "the pointer shows it can be clicked").toBe(1);
    // Off the map altogether (onto the Units tab): a corner of the map may hold another moving unit.
    const away = await page.getByRole("tab", { name: "Units" }).boundingBox();
    await page.mouse.move((away?.x ?? 0) + (away?.width ?? 0) / 2, (away?.y ?? 0) + (away?.height ?? 0) / 2);
    await expect.poll(() => tip.count(), { timeout: UI_MS, message: "tooltip gone off the unit" }).toBe(0);
  });
});
