import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openIncidents } from "../../client/src/store/selectors";
import { type Incident, initialState } from "../../shared/state";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage, UI_MS } from "../support/browser";
import { startServer, type TestClient, type TestServer } from "../support/harness";
import { shot, takingScreenshots } from "../support/screenshots";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Entrance J as the venue plan has it: where an incident "at Entrance J" must be put. */
const ENTRANCE_J = (() => {
  const plan = JSON.parse(fs.readFileSync(path.join(ROOT, "shared/venue/wembley.geojson"), "utf8")) as {
    features: { properties: { id: string }; geometry: { coordinates: [number, number] } }[];
  };
  const [lng, lat] = plan.features.find((f) => f.properties.id === "entrance-j")?.geometry.coordinates ?? [0, 0];
  return { lat, lng };
})();

/** Screenshots of a state at both sizes the control room uses, in both themes (issue 10). */
async function shoot(page: Page, name: string): Promise<void> {
  if (!takingScreenshots) return;
  for (const [w, h] of [
    [1920, 1080],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    for (const theme of ["dark", "light"]) {
      await page.evaluate((t) => {
        document.documentElement.dataset.theme = t;
      }, theme);
      await shot(page, `incidents/${name}-${w}x${h}-${theme}`);
    }
  }
  await page.evaluate(() => {
    document.documentElement.dataset.theme = localStorage.getItem("cordon.board.theme") ?? "dark";
  });
  await page.setViewportSize({ width: 1920, height: 1080 });
}

async function boardPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await signInPage(page, url, "controller");
  await page.waitForURL(/\/control/, { timeout: UI_MS });
  // Live: the hello was answered (this wait runs in hooks, where expect.poll is not allowed).
  await page.getByText("Live", { exact: true }).first().waitFor({ timeout: UI_MS });
  return page;
}

const incidents = (server: TestServer, opId: string): Incident[] => Object.values(server.app.ops.get(opId)?.state.incidents ?? {});

describe.skipIf(!hasChromium)("browser: the control room's incidents (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let opId: string;

  beforeAll(async () => {
    ensureClientBuilt();
    // U5 sends 500 commands at once: lift the per-session command budget for this server.
    server = await startServer({ COMMAND_RATE_PER_SEC: 10_000, COMMAND_BURST: 10_000 });
    opId = await server.openOperation("England v Italy (incidents)");
    const control = await server.connect("controller");
    await control.send(opId, "unit:register", {
      unitId: "psu-12a",
      callSign: "12A",
      kind: "serial",
      agency: "MPS",
      sector: "stadium-west",
    });
    control.close();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    page = await boardPage(context, server.url);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("U1: a controller creates an incident from a 999 call with the keyboard only; it is selected in the queue with source 999 at the named place", async () => {
    await page.keyboard.press("c");
    const dialog = page.getByRole("dialog", { name: "New incident" });
    await dialog.waitFor({ timeout: UI_MS });
    // Source has the focus: type, Tab, type … as on a call.
    expect(await page.evaluate(() => document.activeElement?.closest("label")?.textContent)).toMatch(/Source/);
    await page.keyboard.type("999");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Fight");
    await page.keyboard.press("Tab");
    await page.keyboard.type("I");
    await page.keyboard.press("Tab");
    await page.keyboard.type("entrance j");
    await expect
      .poll(() => dialog.getByRole("listbox").textContent(), { timeout: UI_MS, message: "place suggestions" })
      .toMatch(/^Entrance J/);
    await page.keyboard.press("Enter"); // chooses the highlighted place; does not submit
    expect(await dialog.isVisible()).toBe(true);
    await page.keyboard.press("Tab");
    await page.keyboard.type("Caller reports 6 men fighting by the turnstiles, one with a bottle");
    await shoot(page, "create-dialog");
    await page.keyboard.press("Enter");

    await dialog.waitFor({ state: "detached", timeout: UI_MS });
    const made = incidents(server, opId).find((i) => i.description.startsWith("Caller reports 6 men"));
    expect(made).toMatchObject({ source: "999", type: "disorder", grade: "I", locationText: "Entrance J", location: ENTRANCE_J });
    const queue = page.getByRole("region", { name: "Incident queue" });
    const row = queue.locator(`[data-incident="${made?.id}"]`);
    await expect.poll(() => row.getAttribute("aria-pressed"), { timeout: UI_MS, message: "the new incident selected" }).toBe("true");
    expect(await row.textContent()).toMatch(/999 call/);
    const detail = page.locator(".detail");
    expect(await detail.textContent()).toMatch(/Entrance J/);
    expect(await detail.textContent()).toMatch(/999 call/);
  }, 120_000);

  it("U2: correcting fields (one picked on the map) sends only those changes and the timeline shows the correction with its reason", async () => {
    const made = incidents(server, opId).find((i) => i.description.startsWith("Caller reports 6 men"));
    expect(made).toBeDefined();
    await page.locator(`[data-incident="${made?.id}"]`).click();
    await page.getByRole("button", { name: /Edit/ }).click();
    const form = page.getByRole("form", { name: /^Correct / });
    await form.getByLabel("Type").selectOption({ label: "Missile thrown" });
    // The point, picked on the map: pick mode, then one click on the map.
    await form.getByRole("button", { name: /Pick on map/ }).click();
    await page.locator(".board-map .leaflet-container").click({ position: { x: 420, y: 380 } });
    await expect
      .poll(() => form.textContent(), { timeout: UI_MS, message: "the picked point in the form" })
      .toMatch(/Will correct: type, location/);
    await form.getByLabel(/Reason for the correction/).fill("caller rang back: a bottle was thrown");
    await shoot(page, "edit-form");
    await form.getByLabel(/Reason for the correction/).press("Enter");
    await form.waitFor({ state: "detached", timeout: UI_MS });

    const timeline = page.locator(".timeline");
    await expect
      .poll(() => timeline.textContent(), { timeout: UI_MS, message: "the correction in the timeline" })
      .toMatch(/Corrected type: Fight \/ disorder → Missile thrown.*caller rang back: a bottle was thrown/);
    const corrected = (await server.app.store.readAfter(opId, 0)).find((e) => e.type === "IncidentCorrected");
    const changed = corrected?.type === "IncidentCorrected" ? Object.keys(corrected.payload.changes) : [];
    expect(changed).toEqual(expect.arrayContaining(["type", "location"]));
    // The sector follows a new point; nothing the operator left alone is in the correction.
    expect(changed.filter((k) => k !== "sector").sort()).toEqual(["location", "type"]);
  }, 120_000);

  it("U3: close asks for a result and a confirmation; the incident leaves the open queue, is found with the Closed filter, and reopens with a reason", async () => {
    const made = incidents(server, opId).find((i) => i.description.startsWith("Caller reports 6 men"));
    const ref = made?.ref ?? "";
    await page.locator(`[data-incident="${made?.id}"]`).click();
    await page.getByRole("button", { name: "Close incident…" }).click();
    const closeForm = page.getByRole("form", { name: "Close incident" });
    expect(await closeForm.getByRole("button", { name: "Close…" }).isDisabled()).toBe(true);
    await closeForm.getByLabel("Result").selectOption({ label: "Arrest made" });
    await closeForm.getByLabel(/Note/).fill("2 arrested, taken to Wembley custody suite");
    await closeForm.getByRole("button", { name: "Close…" }).click();
    const question = closeForm.getByRole("alertdialog");
    expect(await question.textContent()).toContain(`Close ${ref} as ‘Arrest made’?`);
    await shoot(page, "close-confirmation");
    expect(incidents(server, opId).find((i) => i.id === made?.id)?.status).not.toBe("closed");
    await question.getByRole("button", { name: "Confirm close" }).click();

    const queue = page.getByRole("region", { name: "Incident queue" });
    const row = queue.locator(`[data-incident="${made?.id}"]`);
    await row.waitFor({ state: "detached", timeout: UI_MS });
    expect(incidents(server, opId).find((i) => i.id === made?.id)).toMatchObject({ status: "closed", closeResult: "arrest" });

    await page.keyboard.press("/");
    await page.keyboard.type(ref.replace(/^CAD /, ""));
    expect(await queue.textContent()).toMatch(/No incident matches/);
    await queue.getByLabel("Incident status").selectOption("closed");
    await row.waitFor({ timeout: UI_MS });
    await row.click();
    await shoot(page, "search-closed");
    const detail = page.locator(".detail");
    expect(await detail.textContent()).toMatch(/Arrest made/);
    // Closed: read-only but for correction and reopening.
    expect(await detail.getByRole("button", { name: "Assign" }).count()).toBe(0);
    expect(await detail.getByRole("button", { name: "I", exact: true }).count()).toBe(0);

    await detail.getByRole("button", { name: /Reopen/ }).click();
    const reopen = page.getByRole("form", { name: /^Reopen / });
    await reopen.getByLabel(/Reason/).fill("suspect returned to Entrance J");
    await reopen.getByLabel(/Reason/).press("Enter");
    await expect
      .poll(() => page.locator(".timeline").textContent(), { timeout: UI_MS, message: "the reopening in the timeline" })
      .toMatch(/Reopened.*suspect returned to Entrance J/);
    expect(incidents(server, opId).find((i) => i.id === made?.id)?.status).not.toBe("closed");
  }, 120_000);

  it("U5: with 500 more open incidents the queue keeps only the rows in view in the page, and scrolling to the end shows the last one in queue order", async () => {
    const control = await server.connect("controller");
    try {
      for (let n = 0; n < 500; n += 50) {
        const batch = Array.from({ length: 50 }, (_, k) =>
          control.send(opId, "incident:report", {
            source: "cctv",
            type: "ticket-touting",
            location: ENTRANCE_J,
            locationText: `Touting spot ${n + k}`,
            description: `Tout seen on camera ${n + k}`,
          }),
        );
        for (const ack of await Promise.all(batch)) expect(ack.ok).toBe(true);
      }
    } finally {
      control.close();
    }
    const open = openIncidents(server.app.ops.get(opId)?.state ?? initialState);
    expect(open.length).toBeGreaterThan(500);
    const queue = page.getByRole("region", { name: "Incident queue" });
    await queue.getByRole("button", { name: "Clear search" }).click(); // U3 left the Closed filter on
    await expect.poll(() => queue.textContent(), { timeout: UI_MS, message: "the queue's count" }).toContain(`${open.length} open`);
    expect(await queue.locator(".queue-row").count()).toBeLessThan(80);

    await queue.locator(".queue-rows").evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    const last = open.at(-1);
    await queue.locator(`[data-incident="${last?.id}"]`).waitFor({ timeout: UI_MS });
    expect(await queue.locator(".queue-row").count()).toBeLessThan(80);
  }, 120_000);
});

describe.skipIf(!hasChromium)("browser: attendance alarms on the control board (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let opId: string;
  let control: TestClient;

  beforeAll(async () => {
    ensureClientBuilt();
    // Grade I must have a unit assigned within 1 s; the watcher looks every 100 ms (1 s in the app).
    server = await startServer({ ATTENDANCE_TARGETS: { I: { assign: 1_000 } }, ALARM_WATCH_MS: 100 });
    opId = await server.openOperation("England v Italy (alarms)");
    control = await server.connect("controller");
    await control.hello(opId, null); // joins control's room: the alarms arrive live
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    control?.close();
    await browser?.close();
    await server?.close();
  });

  /** A grade I incident nobody is sent to, and the server's alarm for it. */
  async function unresourcedGradeI(description: string): Promise<string> {
    const ack = await control.send(opId, "incident:report", {
      source: "radio",
      type: "crowd-surge",
      grade: "I",
      location: ENTRANCE_J,
      locationText: "Entrance J",
      description,
    });
    if (!ack.ok) throw new Error(ack.error.message);
    const reported = await control.waitFor((e) => e.seq === ack.data.seq);
    const incidentId = reported.type === "IncidentReported" ? reported.payload.incidentId : "";
    await control.waitFor((e) => e.type === "AttendanceTargetMissed" && e.payload.incidentId === incidentId, 15_000, "the missed target");
    return incidentId;
  }

  const sounds = (page: Page) => page.evaluate(() => window.cordonAlarmSounds ?? 0);
  const breachesSeen = (page: Page) => page.evaluate(() => Number(document.documentElement.dataset.alarmBreachesSeen ?? 0));

  it("U4: a missed attendance target shows a banner and a flashing row and sounds once; muted, the next one is silent; acknowledging hides it on this screen only", async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await boardPage(context, server.url);
    const banner = page.getByRole("alert", { name: "Attendance alarms" });

    const first = await unresourcedGradeI("Crush at the Entrance J turnstiles, fans going down");
    const ref = incidents(server, opId).find((i) => i.id === first)?.ref ?? "";
    await expect
      .poll(() => banner.textContent().catch(() => ""), { timeout: UI_MS, message: "the alarm banner" })
      .toContain(`${ref} — grade I, no unit assigned within 1 s`);
    const row = page.locator(`[data-incident="${first}"]`);
    expect(await row.getAttribute("class")).toContain("row-flash");
    expect(await row.textContent()).toMatch(/⚠ Target missed: no unit assigned in time/);
    await expect.poll(() => sounds(page), { timeout: UI_MS, message: "one alarm sound" }).toBe(1);

    await banner.getByRole("button", { name: /Alarm sound on/ }).click();
    const second = await unresourcedGradeI("Second crush report, Entrance H side");
    await expect.poll(() => breachesSeen(page), { timeout: UI_MS, message: "the second breach taken in" }).toBe(2);
    expect(await sounds(page)).toBe(1);
    expect(await banner.locator("[data-breach]").count()).toBe(2);
    // Unresourced grade I sorts first, above everything.
    expect(await page.locator(".queue-row").first().getAttribute("data-incident")).toMatch(new RegExp(`^(${first}|${second})$`));
    await shoot(page, "alarm-banner");
    // The row flashes; with reduced motion asked for, it does not, and carries a heavy marker instead.
    const animation = () => row.evaluate((el) => getComputedStyle(el).animationName);
    expect(await animation()).toBe("row-flash");
    await page.emulateMedia({ reducedMotion: "reduce" });
    expect(await animation()).toBe("none");
    expect(await row.evaluate((el) => getComputedStyle(el).boxShadow)).toMatch(/inset/);
    await shot(page, "incidents/alarm-banner-reduced-motion-1920x1080-dark");
    await page.emulateMedia({ reducedMotion: "no-preference" });

    await banner.getByRole("button", { name: "Acknowledge all" }).click();
    await banner.waitFor({ state: "detached", timeout: UI_MS });
    expect(await row.getAttribute("class")).not.toContain("row-flash");
    expect(await row.textContent()).toMatch(/Target missed/);
    expect(incidents(server, opId).find((i) => i.id === first)?.targetsMissed).toBeDefined();

    // Acknowledged and muted on this screen, remembered across a reload; loaded alarms are silent.
    await page.reload();
    await page.getByText("Live", { exact: true }).first().waitFor({ timeout: UI_MS });
    await expect.poll(() => breachesSeen(page), { timeout: UI_MS, message: "the breaches loaded" }).toBe(2);
    expect(await banner.count()).toBe(0);
    expect(await page.getByRole("button", { name: /Alarm sound off/ }).count()).toBe(1);

    // Another screen has not acknowledged them: it shows both, and makes no sound for alarms it loaded.
    const other = await boardPage(await browser.newContext({ viewport: { width: 1440, height: 900 } }), server.url);
    await expect.poll(() => breachesSeen(other), { timeout: UI_MS, message: "the other screen's breaches" }).toBe(2);
    expect(await other.getByRole("alert", { name: "Attendance alarms" }).locator("[data-breach]").count()).toBe(2);
    expect(await sounds(other)).toBe(0);
  }, 120_000);
});
