import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../server/app";
import { testConfig } from "../../server/config";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage, UI_MS } from "../support/browser";
import { expectOk, startServer, type TestServer } from "../support/harness";
import { shot } from "../support/screenshots";

const OLYMPIC_WAY = { lat: 51.5588, lng: -0.2817 };
/** The incident away from the unit, so the screenshots show the unit's marker on its own. */
const STADIUM_NORTH = { lat: 51.5572, lng: -0.2795 };

/** A server on a given port over an existing data directory: the same server, restarted. */
async function serveOn(dir: string, port: number): Promise<App> {
  const app = createApp({ config: testConfig({ DATABASE_PATH: path.join(dir, "cordon.db") }) });
  await app.start();
  await new Promise<void>((resolve, reject) => {
    app.httpServer.once("error", reject);
    app.httpServer.listen(port, "127.0.0.1", resolve);
  });
  return app;
}

async function stop(app: App): Promise<void> {
  await app.close();
  await new Promise<void>((resolve) => app.httpServer.close(() => resolve()));
}

const banner = (page: Page) => page.locator(".link-banner");
const text = async (page: Page, selector: string) => (await page.locator(selector).allTextContents()).join(" | ");

describe.skipIf(!hasChromium)("browser: the control board when the link drops (Chromium)", () => {
  let first: TestServer;
  let firstUp = false;
  let restarted: App | null = null;
  let browser: Browser;
  let opId: string;
  let port: number;

  beforeAll(async () => {
    ensureClientBuilt();
    first = await startServer();
    firstUp = true;
    port = Number(new URL(first.url).port);
    opId = await first.openOperation("England v Italy (stale board test)");
    const control = await first.connect("controller");
    const unit = { unitId: "psu-12a", callSign: "12A", kind: "serial", agency: "MPS", sector: "olympic-way" } as const;
    expectOk(await control.send(opId, "unit:register", unit));
    // Grade E: no attendance target, so no alarm of the server's own lands in the count below.
    const incident = { type: "disorder", grade: "E", location: STADIUM_NORTH, description: "Scuffle on the north concourse" } as const;
    expectOk(await control.send(opId, "incident:report", incident));
    control.close();
    const officer = await first.connect("officer");
    expectOk(await officer.socket.emitWithAck("position:report", { opId, fixes: [{ unitId: "psu-12a", ...OLYMPIC_WAY, at: Date.now() }] }));
    officer.close();
    browser = await launchChromium();
  }, 240_000); // may build the client first: minutes on a loaded machine

  afterAll(async () => {
    await browser?.close();
    if (restarted) await stop(restarted);
    if (firstUp) await first.close();
  });

  it("U17: server stopped: a full-width banner with the frozen time, positions stale, timers frozen, commands off (a shortcut too, not queued); restarted: 'Back live — N events caught up' (N appended meanwhile by another client), then it clears", async () => {
    const width = Number(process.env.SHOT_WIDTH ?? 1920);
    const height = Number(process.env.SHOT_HEIGHT ?? 1080);
    const context = await browser.newContext({ viewport: { width, height } });
    // Screenshots of the other theme (SHOT_THEME=light): the board reads its theme from storage.
    const theme = process.env.SHOT_THEME;
    if (theme) await context.addInitScript((t) => localStorage.setItem("cordon.board.theme", t), theme);
    const page = await context.newPage();
    await signInPage(page, first.url, "controller");
    await page.waitForURL(/\/control/, { timeout: UI_MS });
    const queue = page.getByRole("region", { name: "Incident queue" });
    const row = queue.locator(".cell-main", { hasText: "Fight / disorder" });
    await expect.poll(() => row.count(), { timeout: UI_MS, message: "the incident in the queue" }).toBe(1);
    // The unit selected: its call sign is a permanent label on the map.
    await page.getByRole("tab", { name: "Units" }).click();
    await page.locator(".unit-row", { hasText: "12A" }).click();
    const label = page.locator(".leaflet-tooltip.unit-label", { hasText: "12A" });
    await label.waitFor({ timeout: UI_MS });
    await row.click();
    const gradeS = page.locator(".grade-row").getByRole("button", { name: "S", exact: true });
    await expect.poll(() => gradeS.isEnabled(), { timeout: UI_MS, message: "grade S enabled while live" }).toBe(true);
    expect(await banner(page).count()).toBe(0);
    expect(await label.getAttribute("class")).not.toContain("unit-stale");
    const seqBefore = first.app.ops.get(opId)?.state.seq ?? -1;

    firstUp = false;
    await first.close();
    await expect
      .poll(() => banner(page).textContent(), { timeout: UI_MS, message: "the offline banner" })
      .toMatch(/Connection lost — the board is frozen at \d\d:\d\d:\d\d\. Reconnecting…/);
    const box = await banner(page).boundingBox();
    expect(box?.width, "the banner spans the board").toBeGreaterThanOrEqual(width - 2);
    await expect
      .poll(() => label.getAttribute("class"), { timeout: UI_MS, message: "the unit's label marked stale" })
      .toContain("unit-stale");
    expect(await label.textContent()).toMatch(/12A · fix <?\d+ min old/);
    await expect.poll(() => text(page, ".queue .age-frozen"), { timeout: UI_MS, message: "the incident's age marked frozen" }).toMatch(/❄/);
    expect(await gradeS.isDisabled(), "a command button is disabled while offline").toBe(true);
    // A keyboard shortcut does not go through a button: the gate in useCommand refuses it, with a toast.
    await page.keyboard.press("a");
    await expect
      .poll(() => text(page, ".toast"), { timeout: UI_MS, message: "the toast for a shortcut pressed offline" })
      .toContain("Assignment not sent: Not connected");
    await shot(page, `stale-offline-${width}x${height}${theme ? `-${theme}` : ""}`);

    // Another controller appends while this board is cut off (the same data, on another port)...
    const meanwhile = await startServer({}, { dir: first.dir });
    const other = await meanwhile.connect("commander");
    const appended = 3;
    for (let n = 1; n <= appended; n++) {
      expectOk(await other.send(opId, "decision:log", { decision: `Hold the Boxpark queue (${n})`, rationale: "Crush risk" }));
    }
    const seqAfter = meanwhile.app.ops.get(opId)?.state.seq ?? -1;
    expect(seqAfter - seqBefore).toBe(appended);
    await meanwhile.close();
    // ...then the server is back on the board's port, over the same data.
    restarted = await serveOn(first.dir, port);

    await expect
      .poll(() => banner(page).textContent(), { timeout: 30_000, message: "the back-live banner" })
      .toMatch(new RegExp(`Back live — ${appended} events caught up`));
    await shot(page, `stale-back-${width}x${height}${theme ? `-${theme}` : ""}`);
    expect(await label.getAttribute("class")).not.toContain("unit-stale");
    expect(await page.locator(".queue .age-frozen").count()).toBe(0);
    expect(await gradeS.isEnabled(), "commands on again once live").toBe(true);
    await expect.poll(() => banner(page).count(), { timeout: UI_MS, message: "the back-live banner clearing" }).toBe(0);
    // Not queued either: by now a queued assignment would have been sent on reconnect.
    const incidents = Object.values(restarted.ops.get(opId)?.state.incidents ?? {});
    expect(incidents.map((i) => i.assigned)).toEqual([[]]);
  }, 150_000);

  it("U19: the browser's network cut (context.setOffline) with the server up: the banner within seconds; events appended meanwhile are counted when it is back", async () => {
    const server = restarted;
    if (!server) throw new Error("U19 runs after U17, on the server U17 started again");
    const url = `http://127.0.0.1:${port}`;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signInPage(page, url, "controller");
    await page.waitForURL(/\/control/, { timeout: UI_MS });
    await expect
      .poll(
        () =>
          page
            .getByRole("status")
            .filter({ hasText: /^Live$/ })
            .count(),
        { timeout: UI_MS, message: "the board saying Live" },
      )
      .toBe(1);
    const seqBefore = server.ops.get(opId)?.state.seq ?? -1;

    await context.setOffline(true);
    await expect
      .poll(() => banner(page).textContent(), { timeout: UI_MS, message: "the offline banner after the network cut" })
      .toMatch(/Connection lost — the board is frozen at \d\d:\d\d:\d\d\./);
    const cookie = await (async () => {
      const res = await fetch(`${url}/api/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "commander", password: "demo" }),
      });
      return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    })();
    const other = io(url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false, forceNew: true });
    try {
      await new Promise<void>((resolve, reject) => {
        other.once("connect", resolve);
        other.once("connect_error", reject);
      });
      for (const n of [1, 2]) {
        const ack = await other.timeout(UI_MS).emitWithAck("alert:send", {
          opId,
          key: `u19-${n}-${Date.now()}`,
          body: { audience: "all", text: `Gates close in ${n} min` },
        });
        expectOk(ack);
      }
    } finally {
      other.close();
    }
    expect((server.ops.get(opId)?.state.seq ?? -1) - seqBefore).toBe(2);

    await context.setOffline(false);
    await expect
      .poll(() => banner(page).textContent(), { timeout: 30_000, message: "the back-live banner after the network returns" })
      .toMatch(/Back live — 2 events caught up/);
    await expect.poll(() => banner(page).count(), { timeout: UI_MS, message: "the back-live banner clearing" }).toBe(0);
  }, 120_000);
});
