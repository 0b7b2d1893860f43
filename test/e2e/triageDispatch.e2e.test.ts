import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LatLng } from "../../shared/events";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage, UI_MS } from "../support/browser";
import { expectOk, startServer, type TestServer } from "../support/harness";
import { shot } from "../support/screenshots";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FEED = "feed-triage-test";

/** A point of the shipped venue plan, by feature id. */
function planPoint(id: string): LatLng {
  const plan = JSON.parse(fs.readFileSync(path.join(ROOT, "shared/venue/wembley.geojson"), "utf8")) as {
    features: { properties: { id: string }; geometry: { type: string; coordinates: number[] } }[];
  };
  const f = plan.features.find((x) => x.properties.id === id && x.geometry.type === "Point");
  if (!f) throw new Error(`no point ${id} in the plan`);
  const [lng = 0, lat = 0] = f.geometry.coordinates;
  return { lat, lng };
}

/** `metres` north of a point (1° of latitude ≈ 111,320 m). */
const north = (p: LatLng, metres: number): LatLng => ({ lat: p.lat + metres / 111_320, lng: p.lng });

async function controlBoard(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  page.on("pageerror", (e) => console.error("PAGEERROR", e.message, e.stack));
  page.on("console", (m) => m.type() === "error" && console.error("CONSOLE", m.text()));
  await signInPage(page, url, "controller");
  await page.waitForURL(/\/control/, { timeout: UI_MS });
  await shot(page, "triage-board-open").catch(() => undefined);
  await expect
    .poll(() => page.getByText("Live", { exact: true }).count(), { timeout: UI_MS, message: "the control board saying Live" })
    .toBeGreaterThan(0);
  return page;
}

describe.skipIf(!hasChromium)("browser: triage and dispatch from the keyboard (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let opId: string;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer({ FEED_TOKENS: [FEED] });
    opId = await server.openOperation("England v Italy (triage test)");
    browser = await launchChromium();
  }, 240_000); // may build the client first: minutes on a loaded machine

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("U30: a report whose suggestion is right is triaged in two keys (N, M); the next in one (I)", async () => {
    const control = await server.connect("controller");
    const steward = await server.connect("steward2");
    const gateJ = planPoint("entrance-j");
    expectOk(
      await control.send(opId, "incident:report", {
        source: "radio",
        type: "turnstile-failure",
        grade: "S",
        location: gateJ,
        locationText: "Entrance J turnstiles",
        description: "Turnstiles 4-6 down at J",
      }),
    );
    const state = () => server.app.ops.get(opId)?.state;
    const incidentId = Object.values(state()?.incidents ?? {}).find((i) => i.description === "Turnstiles 4-6 down at J")?.id;
    expect(incidentId).toBeTruthy();
    const turnstiles = expectOk(
      await steward.send(opId, "report:submit", {
        type: "turnstile-failure",
        location: north(gateJ, 20),
        text: "Turnstiles down at J",
        reporterTime: Date.now(),
      }),
    );
    const medical = expectOk(
      await steward.send(opId, "report:submit", {
        type: "medical",
        location: north(gateJ, 300),
        text: "Man collapsed",
        reporterTime: Date.now(),
      }),
    );
    expect(turnstiles.seq).toBeLessThan(medical.seq);

    const page = await controlBoard(browser, server.url);
    const triage = page.getByRole("region", { name: "Steward report triage" });
    await expect.poll(() => triage.locator("article").count(), { timeout: UI_MS, message: "two reports in triage" }).toBe(2);
    // Oldest first: the turnstile report is on top.
    expect(await triage.locator("article").first().textContent()).toMatch(/Turnstiles down at J/);

    await page.keyboard.press("n");
    const focused = triage.locator('article[aria-current="true"]');
    await expect
      .poll(() => focused.textContent(), { timeout: UI_MS, message: "N focusing the oldest report" })
      .toMatch(/Turnstiles down at J/);
    expect(await focused.textContent()).toMatch(/Likely the same as/);
    await shot(page, "triage-suggestion");
    await page.keyboard.press("m");

    const first = () => Object.values(state()?.reports ?? {}).find((r) => r.text === "Turnstiles down at J");
    await expect.poll(() => first()?.status, { timeout: UI_MS, message: "M merging the report" }).toBe("merged");
    expect(first()?.incidentId).toBe(incidentId);

    // The next waiting report is in focus: one key promotes it.
    await expect.poll(() => focused.textContent(), { timeout: UI_MS, message: "the medical report in focus" }).toMatch(/Man collapsed/);
    // 300 m away and of another type: nothing is suggested, so M would open the picker, not merge.
    expect(await focused.textContent()).not.toMatch(/Likely the same as/);
    await page.keyboard.press("i");
    const second = () => Object.values(state()?.reports ?? {}).find((r) => r.text === "Man collapsed");
    await expect.poll(() => second()?.status, { timeout: UI_MS, message: "I promoting the report" }).toBe("promoted");
    const promoted = state()?.incidents[second()?.incidentId ?? ""];
    expect(promoted?.grade).toBe("I");
    expect(promoted?.source).toBe("steward");
    control.close();
    steward.close();
    await page.context().close();
  }, 120_000);

  it("U31: dispatch recommends a suitable unit with its reason; A assigns it and the log keeps what was recommended", async () => {
    const control = await server.connect("controller");
    // Said hello, the socket receives every event from here on.
    expectOk(await control.hello(opId, 0));
    const olympicWay: LatLng = { lat: 51.5605, lng: -0.2795 };
    const units = [
      { unitId: "psu-14", callSign: "PSU 14", kind: "psu", agency: "MPS", sector: "wembley-park-station", at: planPoint("wembley-park") },
      { unitId: "las-3", callSign: "LAS 3", kind: "las", agency: "LAS", sector: "olympic-way", at: north(olympicWay, 20) },
      { unitId: "drone-1", callSign: "Drone 1", kind: "drone", agency: "MPS", sector: "olympic-way", at: north(olympicWay, 10) },
      { unitId: "dogs-2", callSign: "Dogs 2", kind: "dogs", agency: "MPS", sector: "olympic-way", at: north(olympicWay, 250) },
    ] as const;
    for (const { at: _at, ...u } of units) expectOk(await control.send(opId, "unit:register", u));
    const fixes = units.map((u) => ({ unitId: u.unitId, lat: u.at.lat, lng: u.at.lng, at: Date.now() }));
    const fed = await fetch(`${server.url}/api/operations/${opId}/positions`, {
      method: "POST",
      headers: { authorization: `Bearer ${FEED}`, "content-type": "application/json" },
      body: JSON.stringify({ fixes }),
    });
    expect(fed.status).toBe(202);
    expectOk(
      await control.send(opId, "incident:report", {
        source: "cctv",
        type: "missile",
        grade: "I",
        location: olympicWay,
        locationText: "Olympic Way, by the ramp",
        description: "Bottle thrown at officers from the crowd",
      }),
    );

    const page = await controlBoard(browser, server.url);
    const queue = page.getByRole("region", { name: "Incident queue" });
    await queue.getByText("Missile thrown").filter({ visible: true }).first().click();
    const pick = page.getByRole("region", { name: "Recommended unit" });
    await expect.poll(() => pick.textContent(), { timeout: UI_MS, message: "the recommended unit" }).toMatch(/PSU 14/);
    const why = (await pick.textContent()) ?? "";
    expect(why).toMatch(/nearest available PSU for a missile/);
    expect(why).toMatch(/min on foot via .*Olympic Way/);
    // Nothing unsuited is offered among the suitable: no ambulance, no drone for a missile.
    const others = (await page.getByRole("list", { name: "Other suitable units" }).textContent()) ?? "";
    expect(others).not.toMatch(/LAS 3|Drone 1/);
    // The map draws the recommended unit's walk, labelled with its time on foot.
    const walk = page.locator(".dispatch-route-label");
    await expect
      .poll(() => walk.textContent(), { timeout: UI_MS, message: "the recommended walk on the map" })
      .toMatch(/PSU 14 · \d+ min on foot/);
    await shot(page, "dispatch-recommended");

    await page.keyboard.press("a");
    const log = () => server.app.ops.get(opId)?.state;
    await expect.poll(() => log()?.units["psu-14"]?.incidentId ?? null, { timeout: UI_MS, message: "A assigning PSU 14" }).not.toBeNull();
    await expect
      .poll(() => control.events.some((e) => e.type === "UnitAssigned"), { timeout: UI_MS, message: "UnitAssigned on the wire" })
      .toBe(true);
    const event = control.events.find((e) => e.type === "UnitAssigned");
    expect(event?.type === "UnitAssigned" && event.payload.unit?.id).toBe("psu-14");
    expect(event?.type === "UnitAssigned" && event.payload.recommended).toMatchObject({ unitId: "psu-14", callSign: "PSU 14" });
    control.close();
    await page.context().close();
  }, 120_000);
});

describe.skipIf(!hasChromium)("browser: unit board search and CAD status timers (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let opId: string;
  /** The server's clock, moved by the test: status timers count in minutes. */
  let offsetMs = 0;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer(
      { STATUS_TIMERS: { "en-route": 10 * 60_000, "on-scene": 45 * 60_000 } },
      { now: () => Date.now() + offsetMs },
    );
    opId = await server.openOperation("England v Italy (status timers)");
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("U32: a unit en route past its timer is flagged on the unit board; search and filters narrow the list", async () => {
    const control = await server.connect("controller");
    const register = (unitId: string, callSign: string, kind: "serial" | "dogs", sector: string) =>
      control.send(opId, "unit:register", { unitId, callSign, kind, agency: "MPS", sector });
    expectOk(await register("psu-12a", "12A", "serial", "olympic-way"));
    expectOk(await register("psu-12b", "12B", "serial", "olympic-way"));
    expectOk(await register("dogs-4", "Dogs 4", "dogs", "stadium-south"));
    expectOk(await control.send(opId, "unit:status", { unitId: "psu-12a", status: "en-route" }));
    expectOk(await control.send(opId, "unit:status", { unitId: "psu-12b", status: "en-route" }));
    offsetMs = 8 * 60_000;
    expectOk(await control.send(opId, "unit:status", { unitId: "psu-12b", status: "on-scene" }));
    // 12A has been en route for 12 minutes (timer 10); 12B changed status 4 minutes ago.
    offsetMs = 12 * 60_000;

    const page = await controlBoard(browser, server.url);
    await page.keyboard.press("u");
    const board = page.locator(".unit-board");
    await expect.poll(() => board.textContent(), { timeout: UI_MS, message: "one unit overdue" }).toMatch(/1 overdue/);
    const row12a = board.getByRole("button", { name: /^12A/ });
    expect(await row12a.getAttribute("class")).toMatch(/unit-overdue/);
    expect(await board.getByRole("button", { name: /^12B/ }).getAttribute("class")).not.toMatch(/unit-overdue/);
    await shot(page, "unit-board-overdue");

    // U focused the search: typing narrows by call sign; the kind filter narrows by kind.
    await page.keyboard.type("12");
    await expect.poll(() => board.textContent(), { timeout: UI_MS, message: "two units matching 12" }).toMatch(/2 of 3 units/);
    await page.getByLabel("Unit kind").selectOption("dogs");
    await expect.poll(() => board.textContent(), { timeout: UI_MS, message: "no serial is a dog unit" }).toMatch(/No unit matches/);
    await page.getByLabel("Search units by call sign").fill("");
    await expect.poll(() => board.textContent(), { timeout: UI_MS, message: "the dog unit alone" }).toMatch(/1 of 3 units/);
    expect(await board.textContent()).toMatch(/Dogs 4/);
    control.close();
    await page.context().close();
  }, 120_000);
});
