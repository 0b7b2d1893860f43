import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage, UI_MS } from "../support/browser";
import { expectOk, startServer, type TestServer } from "../support/harness";
import { shot } from "../support/screenshots";

/** Entrance A turnstiles, on the stadium's north side: the incident and the report are put there. */
const ENTRANCE_A = { lat: 51.557208, lng: -0.278797 };

/** WCAG 2.x contrast of the element's text against what is painted behind it (backgrounds composited). */
async function contrasts(page: Page, selector: string): Promise<{ text: string; ratio: number }[]> {
  return page.locator(selector).evaluateAll((elements) => {
    const parse = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r = 0, g = 0, b = 0]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const behind = (el: Element): number[] => {
      const layers: number[][] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const [r = 0, g = 0, b = 0, a = 1] = parse(getComputedStyle(e).backgroundColor);
        if (a > 0) layers.push([r, g, b, a]);
        if (a >= 1) break;
      }
      let colour = [255, 255, 255];
      for (const [r = 0, g = 0, b = 0, a = 1] of layers.reverse())
        colour = [r * a + colour[0]! * (1 - a), g * a + colour[1]! * (1 - a), b * a + colour[2]! * (1 - a)];
      return colour;
    };
    return elements.map((el) => {
      const fg = lum(parse(getComputedStyle(el).color));
      const bg = lum(behind(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      return { text: (el.textContent ?? "").trim().slice(0, 40), ratio: Math.round(ratio * 100) / 100 };
    });
  });
}

describe.skipIf(!hasChromium)("browser: the control room's look (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    const opId = await server.openOperation("England v Italy (look test)");
    const control = await server.connect("controller");
    expectOk(
      await control.send(opId, "incident:report", {
        type: "disorder",
        grade: "I",
        location: ENTRANCE_A,
        description: "Fight at the turnstiles",
      }),
    );
    control.close();
    const steward = await server.connect("steward");
    expectOk(
      await steward.send(opId, "report:submit", {
        type: "crowd-surge",
        location: { lat: 51.5565, lng: -0.2802 },
        postId: null,
        text: "Queue pressing on the barrier",
        reporterTime: Date.now(),
      }),
    );
    steward.close();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    page = await context.newPage();
    await signInPage(page, server.url, "controller");
    await page.waitForURL(/\/control/, { timeout: UI_MS });
    await page.locator(".leaflet-marker-pane .map-incident-shape").first().waitFor({ timeout: UI_MS });
  }, 240_000); // may build the client first: minutes on a loaded machine

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The map's zoom, read from Leaflet's zoom proxy (its transform's scale is 2^(zoom - 1)). */
  const mapZoom = () =>
    page.evaluate(() => {
      const proxy = document.querySelector(".leaflet-proxy");
      const scale = proxy ? new DOMMatrix(getComputedStyle(proxy).transform).a : 0;
      return scale > 0 ? Math.log2(scale) + 1 : 0;
    });
  /** Every element of the board's text classes at 4.5:1 or more against what is behind it. */
  const expectReadable = async (name: string) => {
    const selectors = [
      ".queue .cell-main",
      ".queue .cell-sub",
      ".status",
      ".grade-chip",
      ".panel-head h2",
      ".count",
      ".report-card",
      ".legend-item",
      ".tab",
    ];
    for (const selector of selectors) {
      const found = await contrasts(page, selector);
      expect(found.length, `${selector} on the board`).toBeGreaterThan(0);
      for (const c of found) expect(c.ratio, `${name}: ${selector} "${c.text}"`).toBeGreaterThanOrEqual(4.5);
    }
  };
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  const rowFontPx = () =>
    page
      .locator(".queue .cell-main")
      .first()
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));

  it("U20: the control board opens in the dark theme on a screen that never chose one", async () => {
    expect(await theme()).toBe("dark");
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector(".col-left") as Element).backgroundColor);
    const [r = 255, g = 255, b = 255] = (bg.match(/\d+/g) ?? []).map(Number);
    expect(r + g + b, `the side column's background ${bg}`).toBeLessThan(3 * 60);
    expect(await page.getByRole("group", { name: "Theme" }).getByRole("button", { name: "Dark" }).getAttribute("aria-pressed")).toBe(
      "true",
    );
  });

  it("U21: body text, sub-lines, status pills, grade chips, counts and the map key read at WCAG AA (4.5:1) in the dark theme", async () => {
    await expectReadable("dark");
  });

  it("U22: an incident and a steward report differ in shape and letter, not colour alone, and the key names both", async () => {
    const incident = page.locator(".leaflet-marker-pane .map-incident").first();
    expect(await incident.locator(".map-incident-letter").textContent()).toBe("I");
    // The marker is a zero-size anchor; its shape is what is seen and clicked.
    const report = page.locator(".leaflet-marker-pane .map-report-shape", { hasText: "R" });
    await report.first().waitFor({ timeout: UI_MS });
    const key = page.getByRole("complementary", { name: "Map key" });
    expect(await key.textContent()).toMatch(/Incidents.*Reports.*steward report awaiting triage/s);
    // Clicking the report marker selects that report: its marker takes the selection ring.
    await report.first().click();
    await expect
      .poll(() => page.locator(".leaflet-marker-pane .map-report.map-selected").count(), {
        timeout: UI_MS,
        message: "the report marker selected",
      })
      .toBe(1);
  });

  it("U23: entrances are named from zoom 16 and steward posts from zoom 18, and no two names overlap", async () => {
    const entranceNames = page.locator(".plan-name-entrance");
    expect(await entranceNames.count(), "entrance names at the first, whole-plan view").toBe(0);
    const marker = await page.locator(".leaflet-marker-pane .map-incident-shape").first().boundingBox();
    if (!marker) throw new Error("the incident marker has no box");
    // Double-click beside the incident (on the map, not the marker): Leaflet zooms in about that point.
    // The first view fits the plan, so its zoom may be fractional: zoom in until 18 is reached (at most five steps).
    for (let i = 0; i < 5 && (i < 3 || (await mapZoom()) < 18); i++) {
      const before = await mapZoom();
      await page.mouse.dblclick(marker.x - 30, marker.y + 40);
      await expect.poll(mapZoom, { timeout: UI_MS, message: `the map zoomed in from ${before}` }).toBeGreaterThanOrEqual(before + 0.9);
      await expect.poll(() => page.locator(".leaflet-zoom-anim").count(), { timeout: UI_MS, message: "the zoom to end" }).toBe(0);
      if (i === 1) {
        await expect.poll(() => entranceNames.count(), { timeout: UI_MS, message: "entrance names zoomed in" }).toBeGreaterThan(2);
        expect(await entranceNames.allTextContents()).toContainEqual(expect.stringMatching(/^Entrance [A-K]$/));
      }
    }
    expect(await mapZoom()).toBeGreaterThanOrEqual(18);
    await expect
      .poll(() => page.locator(".plan-name-post").count(), { timeout: UI_MS, message: "post names at zoom 18" })
      .toBeGreaterThan(0);
    const boxes = (await page.locator(".plan-name").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) as DOMRect[];
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1))
        expect(a.right - 1 > b.left && b.right - 1 > a.left && a.bottom - 1 > b.top && b.bottom - 1 > a.top, "two plan names overlap").toBe(
          false,
        );
    await shot(page, "control-look-zoomed");
  });

  it("U24: wall density raises the queue's rows to at least 18 px and is remembered after a reload", async () => {
    expect(await rowFontPx()).toBeLessThan(18);
    await page.getByRole("group", { name: "Text size" }).getByRole("button", { name: "Wall" }).click();
    await expect.poll(rowFontPx, { timeout: UI_MS, message: "the queue's rows in wall density" }).toBeGreaterThanOrEqual(18);
    await page.reload();
    await page.locator(".queue .cell-main").first().waitFor({ timeout: UI_MS });
    expect(await rowFontPx()).toBeGreaterThanOrEqual(18);
    await shot(page, "control-look-wall");
  });

  it("U25: the light theme is one click away, survives a reload, reads at 4.5:1 too, and the replay stays light whatever the board chose", async () => {
    await page.getByRole("group", { name: "Theme" }).getByRole("button", { name: "Light" }).click();
    await expect.poll(theme, { timeout: UI_MS, message: "the light theme" }).toBe("light");
    await page.reload();
    await page.locator(".queue .cell-main").first().waitFor({ timeout: UI_MS });
    expect(await theme()).toBe("light");
    await expectReadable("light");
    await page.getByRole("group", { name: "Theme" }).getByRole("button", { name: "Dark" }).click();
    await expect.poll(theme, { timeout: UI_MS, message: "back to dark" }).toBe("dark");
    await page.getByRole("button", { name: "Replay" }).click();
    await page.waitForURL(/\/replay/, { timeout: UI_MS });
    await expect.poll(theme, { timeout: UI_MS, message: "the replay in the light theme" }).toBe("light");
    expect(await page.evaluate(() => document.documentElement.dataset.density)).toBe("normal");
  });
});
