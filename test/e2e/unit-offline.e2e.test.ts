import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, serviceWorkerReady, signInPage, UI_MS } from "../support/browser";
import { expectOk, startServer, type TestClient, type TestServer } from "../support/harness";
import { shot, takingScreenshots } from "../support/screenshots";

/** The officer stands at the Boxpark checkpoint; the job is up Olympic Way. */
const BOXPARK = { latitude: 51.558562, longitude: -0.279441 };
const JOB = { lat: 51.5605, lng: -0.2795 };
const PHONE = { width: 390, height: 844 };
const SMALL = { width: 360, height: 640 };

/** Counts the phone's vibrations and the tones it starts: the test cannot feel or hear them. */
const SPY = `
  window.__vibrations = [];
  const vibrate = navigator.vibrate ? navigator.vibrate.bind(navigator) : null;
  navigator.vibrate = (p) => { window.__vibrations.push(p); return vibrate ? vibrate(p) : true; };
  window.__tones = 0;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...a) { window.__tones++; return start.apply(this, a); };
`;

/** Whether the phone's kept picture holds 12A's acknowledgement of its job (read in the page). */
/** How many alerts the phone's kept unit picture holds (0 when none is kept). */
const KEPT_ALERTS = () =>
  new Promise<number>((resolve) => {
    const open = indexedDB.open("cordon-unit");
    open.onerror = () => resolve(0);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains("pictures")) return resolve(0);
      const all = db.transaction("pictures").objectStore("pictures").getAll();
      all.onsuccess = () => resolve(Math.max(0, ...(all.result as { alerts?: unknown[] }[]).map((p) => p.alerts?.length ?? 0)));
    };
  });

const KEPT_ACK = () =>
  new Promise<boolean>((resolve) => {
    const open = indexedDB.open("cordon-unit");
    open.onerror = () => resolve(false);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains("pictures")) return resolve(false);
      const all = db.transaction("pictures").objectStore("pictures").getAll();
      all.onsuccess = () =>
        resolve(
          (
            all.result as { unit: { incidentId: string | null }; incidents: { id: string; acknowledged?: Record<string, number> }[] }[]
          ).some((p) => p.incidents.some((i) => i.id === p.unit.incidentId && i.acknowledged?.["psu-12a"] !== undefined)),
        );
      all.onerror = () => resolve(false);
    };
  });

function logged(dbPath: string, opId: string, type: string): { body: string }[] {
  // A second connection: what it reads is what the server committed.
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare("SELECT body FROM events WHERE op_id = ? AND type = ?").all(opId, type) as { body: string }[];
  } finally {
    db.close();
  }
}

/** A screenshot at both phone sizes, ending at the usual one. */
async function shots(page: Page, name: string): Promise<void> {
  if (!takingScreenshots) return;
  await page.setViewportSize(SMALL);
  await shot(page, `unit/${name}-360x640`);
  await page.setViewportSize(PHONE);
  await shot(page, `unit/${name}-390x844`);
}

describe.skipIf(!hasChromium)("browser: the officer in the field (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let control: TestClient;
  let opId: string;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    opId = await server.openOperation("England v Italy (officer test)");
    control = await server.connect("controller");
    expectOk(await control.hello(opId, null));
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
        type: "missile",
        grade: "S",
        location: { lat: 51.5596, lng: -0.2797 },
        locationText: "Olympic Way, by the Boxpark steps",
        description: "Bottle thrown towards the steps",
      }),
    );
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The job Q2 makes: 12A on inc-2, acknowledged. Made here when Q1 runs alone (`-t Q1`). */
  async function ensureAcknowledgedJob(): Promise<void> {
    const state = () => server.app.ops.get(opId)?.state;
    if (!state()?.incidents["inc-2"]) {
      expectOk(
        await control.send(opId, "incident:report", {
          type: "disorder",
          grade: "I",
          location: JOB,
          description: "Fight between two groups, 10+ involved",
        }),
      );
      expectOk(await control.send(opId, "incident:assign", { incidentId: "inc-2", unitId: "psu-12a" }));
    }
    if (state()?.incidents["inc-2"]?.acknowledged?.["psu-12a"] === undefined) {
      const officer = await server.connect("officer");
      expectOk(await officer.send(opId, "incident:acknowledge", { incidentId: "inc-2" }));
      officer.close();
    }
  }

  async function officerPhone(): Promise<{ phone: BrowserContext; page: Page }> {
    const phone = await browser.newContext({
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      geolocation: { ...BOXPARK, accuracy: 8 },
      permissions: ["geolocation"],
    });
    await phone.addInitScript(SPY);
    const page = await phone.newPage();
    await signInPage(page, server.url, "officer");
    await page.waitForURL(/\/unit/, { timeout: UI_MS });
    await serviceWorkerReady(page, 60_000);
    if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) await page.reload();
    await expect
      .poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), {
        timeout: UI_MS,
        message: "the service worker controlling the page",
      })
      .toBe(true);
    return { phone, page };
  }

  it("Q2, Q3: a new assignment vibrates, sounds and shows Acknowledge on a 360×640 screen; the walk and the map; Acknowledge is logged and shown to control", async () => {
    const { page } = await officerPhone();
    const sector = page.getByRole("region", { name: "Incidents in my sector" });
    await expect.poll(() => sector.textContent(), { timeout: UI_MS, message: "the sector's incident on the phone" }).toContain("Missile");
    // The switch's label takes the tap, as a thumb would.
    await page.locator(".share .toggle-label").click();
    await page.getByText(/Sent at \d\d:\d\d:\d\d/).waitFor({ timeout: UI_MS });
    await shots(page, "1-online");

    expectOk(
      await control.send(opId, "incident:report", {
        type: "disorder",
        grade: "I",
        location: JOB,
        locationText: "Olympic Way, north end",
        description: "Fight between two groups, 10+ involved",
      }),
    );
    expectOk(await control.send(opId, "incident:assign", { incidentId: "inc-2", unitId: "psu-12a" }));
    const job = page.getByRole("region", { name: "Current assignment" });
    await job.getByText("New assignment").waitFor({ timeout: UI_MS });
    await expect
      .poll(() => page.evaluate(() => window.cordonAssignmentAlerts ?? 0), { timeout: UI_MS, message: "one assignment alert" })
      .toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __vibrations: unknown[] }).__vibrations)).toEqual([[400, 150, 400, 150, 400]]);
    expect(await page.evaluate(() => (window as unknown as { __tones: number }).__tones)).toBe(4);
    // Q3: the walk from the phone's own fix, and the map with the job, the unit and the route.
    await expect
      .poll(() => job.getByLabel("Walk").textContent(), { timeout: UI_MS, message: "the walk's words" })
      .toMatch(/^\d+ min on foot via .*Olympic Way/);
    const map = job.getByRole("img", { name: /Map: CAD \S+ and 12A/ });
    await map.locator(".map-incident").waitFor({ state: "attached", timeout: UI_MS }); // a zero-size anchor: never "visible"
    expect(await map.locator(".unit-map-tag").allTextContents()).toEqual(expect.arrayContaining(["12A (you)"]));
    expect(await job.textContent()).not.toContain("See map");
    // At 360×640 the alert's Acknowledge button is on screen without scrolling.
    await page.setViewportSize(SMALL);
    await page.evaluate(() => window.scrollTo(0, 0));
    const ack = job.getByRole("button", { name: "Acknowledge" });
    const box = await ack.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= SMALL.height).toBe(true);
    await page.setViewportSize(PHONE);
    await shots(page, "2-assignment");
    await job.scrollIntoViewIfNeeded();

    await ack.click();
    await job.getByText(/✓ Acknowledged \d\d:\d\d/).waitFor({ timeout: UI_MS });
    const acks = logged(server.dbPath, opId, "UnitAcknowledged");
    expect(acks).toHaveLength(1);
    expect(JSON.parse(acks[0]?.body ?? "{}")).toMatchObject({ payload: { incidentId: "inc-2", unit: { id: "psu-12a", callSign: "12A" } } });
    await shots(page, "3-acknowledged");
    await map.scrollIntoViewIfNeeded();
    if (takingScreenshots) {
      await shot(page, "unit/4-map-390x844");
      await page.setViewportSize(SMALL);
      await map.scrollIntoViewIfNeeded();
      await shot(page, "unit/4-map-360x640");
      await page.setViewportSize(PHONE);
    }

    // Control's board: the incident's assigned units say when 12A acknowledged.
    const board = await (await browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
    await signInPage(board, server.url, "controller");
    await board.waitForURL(/\/control/, { timeout: UI_MS });
    await board.locator('[data-incident="inc-2"]').first().click();
    await board
      .locator(".unit-ack")
      .filter({ hasText: /^acknowledged \d\d:\d\d$/ })
      .waitFor({ timeout: UI_MS });
    await shot(board, "unit/5-control-acknowledged");
    await page.context().close();
  }, 180_000);

  it("Q1, Q7: a status tapped offline survives a reload with no signal, beside the kept assignment and incidents with their age, and arrives exactly once; sign-out asks first while it is unsent", async () => {
    await ensureAcknowledgedJob();
    const told = "Hold the ramp at Olympic Way until PSU 14 arrives.";
    expectOk(await control.send(opId, "alert:send", { audience: "units", priority: "warning", text: told }));
    const { phone, page } = await officerPhone();
    const job = page.getByRole("region", { name: "Current assignment" });
    await job.getByText(/✓ Acknowledged \d\d:\d\d/).waitFor({ timeout: UI_MS });
    await page.getByText(told).first().waitFor({ timeout: UI_MS });
    // The picture is kept on the phone (at most a second after it changes), acknowledgement and alerts included.
    await expect
      .poll(() => page.evaluate(KEPT_ACK), { timeout: UI_MS, message: "the unit picture kept with the acknowledgement" })
      .toBe(true);
    await expect
      .poll(() => page.evaluate(KEPT_ALERTS), { timeout: UI_MS, message: "the unit picture kept with its alert" })
      .toBeGreaterThan(0);

    await phone.setOffline(true);
    await page.getByRole("status").filter({ hasText: "No signal." }).waitFor({ timeout: UI_MS });
    await page.getByRole("button", { name: "Returning", exact: true }).click();
    const status = page.getByRole("region", { name: "My status" });
    await status.getByText("Returning saved on this phone, not yet received", { exact: false }).waitFor({ timeout: UI_MS });

    await page.reload();
    await job.waitFor({ timeout: UI_MS });
    expect(await job.textContent()).toContain("Fight between two groups");
    const sector = page.getByRole("region", { name: "Incidents in my sector" });
    const sectorText = (await sector.textContent()) ?? "";
    expect(sectorText).toMatch(/as of \d\d:\d\d \((<1|\d+) min ago\)/);
    expect(sectorText).toContain("Missile");
    expect(sectorText).not.toContain("No open incidents");
    // What the officer was told stays in front of them after the reload with no signal.
    await page.getByText(told).first().waitFor({ timeout: UI_MS });
    await status.getByText("Returning saved on this phone, not yet received", { exact: false }).waitFor({ timeout: UI_MS });
    expect(
      await page
        .getByRole("status")
        .filter({ hasText: /Showing what this phone knew at \d\d:\d\d/ })
        .count(),
    ).toBe(1);
    expect(logged(server.dbPath, opId, "UnitStatusChanged").filter((e) => e.body.includes('"returning"'))).toHaveLength(0);
    await shots(page, "6-offline-reloaded");

    // Q7: signing out with the status unsent asks first; staying keeps it for the signal.
    await page.getByRole("button", { name: "Sign out" }).click();
    const ask = page.getByRole("alertdialog", { name: "1 status, note or acknowledgement is not yet with control" });
    await ask.waitFor({ timeout: UI_MS });
    await shots(page, "8-signout-unsent");
    await ask.getByRole("button", { name: "Stay signed in until sent" }).click();
    await ask.waitFor({ state: "detached", timeout: UI_MS });

    await phone.setOffline(false);
    const sent = page.getByRole("region", { name: "Sent from this phone" });
    await sent
      .getByText(/Sent ✓ — with control at \d\d:\d\d/)
      .first()
      .waitFor({ timeout: 30_000 });
    await expect
      .poll(() => server.app.ops.get(opId)?.state.units["psu-12a"]?.status, { timeout: UI_MS, message: "12A returning on the server" })
      .toBe("returning");
    await expect
      .poll(() => status.getByRole("button", { name: "Returning", pressed: true }).count(), {
        timeout: UI_MS,
        message: "Returning lit from the board",
      })
      .toBe(1);
    // A second drain (the socket's live again after the network's return) must not send it twice.
    await page.reload();
    await status.getByRole("button", { name: "Returning", pressed: true }).waitFor({ timeout: UI_MS });
    expect(logged(server.dbPath, opId, "UnitStatusChanged").filter((e) => e.body.includes('"returning"'))).toHaveLength(1);
    await shots(page, "7-back-online");
  }, 180_000);
});
