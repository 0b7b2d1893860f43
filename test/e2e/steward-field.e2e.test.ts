import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, UI_MS } from "../support/browser";
import { expectOk, startServer, type TestServer } from "../support/harness";
import { openStewardApp, shootPhoneSizes, stewardPhone, syncUntil, waitStewardLive } from "../support/stewardPhone";

async function report(page: Page, type: string, text: string): Promise<void> {
  await page.getByRole("button", { name: type, exact: true }).click();
  await page.getByLabel("Details").fill(text);
  await page.getByRole("button", { name: /^Send/ }).click();
}

/** Whether the element is wholly on screen, with no scrolling. */
async function inViewport(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const vp = page.viewportSize();
  if (!box || !vp) return false;
  return box.y >= 0 && box.x >= 0 && box.y + box.height <= vp.height && box.x + box.width <= vp.width;
}

describe.skipIf(!hasChromium)("browser: the steward in the field (Chromium, phone sizes)", () => {
  let server: TestServer;
  let browser: Browser;
  let first: string;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    first = await server.openOperation("England v Italy");
    // Three alerts: an urgent one first, then two lower ones that must not push it (or Send) away.
    const controller = await server.connect("controller");
    const alert = (priority: "urgent" | "warning" | "info", text: string) =>
      controller.send(first, "alert:send", { audience: "stewards", sector: null, priority, text });
    expectOk(await alert("urgent", "Close gate C now: crush risk at the turnstiles. Hold everyone at the barrier."));
    expectOk(await alert("warning", "Queue building at the Boxpark entrance; open lanes 4 and 5."));
    expectOk(await alert("info", "Half-time: expect the concourse to fill from 20:45."));
    controller.close();
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("O8: at 360×640 with three alerts, the urgent one on top, Send and 'Sent ✓ — with control at HH:MM' on screen without scrolling", async () => {
    const context = await stewardPhone(browser);
    const page = await context.newPage();
    await openStewardApp(page, server.url);
    const strip = page.getByRole("region", { name: "Alerts from control" });
    await expect.poll(() => strip.textContent(), { timeout: UI_MS, message: "the alert strip" }).toContain("+2 more");
    expect(await strip.getByRole("alert").textContent()).toContain("Close gate C now");
    const header = page.getByRole("banner");
    expect(await header.textContent()).toContain("England v Italy");
    expect(await header.textContent()).toContain((await server.app.accounts.byUsername("steward"))?.name);
    const signOut = page.getByRole("button", { name: "Sign out" });
    const box = await signOut.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(44);
    expect(box?.height).toBeGreaterThanOrEqual(44);
    await shootPhoneSizes(page, "steward/01-online-ready");

    // Where: the phone's GPS, with its accuracy and age on the button.
    await page.getByRole("button", { name: "Use my GPS" }).click();
    const gps = page.getByRole("button", { name: /^GPS ±12 m · / });
    await gps.waitFor({ timeout: UI_MS });
    expect(await gps.textContent()).toMatch(/^GPS ±12 m · (now|\d+ s ago)$/);
    await page.getByRole("button", { name: "Crowd surge", exact: true }).click();
    // The picker sits under the fixed Send bar at 360×640: bring it to the middle for the picture.
    await gps.evaluate((el) => el.scrollIntoView({ block: "center" }));
    await shootPhoneSizes(page, "steward/01b-online-gps-chosen");
    // The submit button: "Send: Crowd surge" now, "Choose what is happening" again once sent.
    const send = page.getByRole("form", { name: "Report an incident" }).locator("button[type=submit]");
    expect(await send.textContent()).toMatch(/^Send: Crowd surge/);
    expect(await inViewport(page, send), "Send on screen at 360×640 with three alerts").toBe(true);
    await page.getByLabel("Details").fill("Pushing at the Boxpark barrier");
    await send.click();
    const last = page.getByRole("status", { name: "Last report" });
    await expect
      .poll(() => last.textContent(), { timeout: UI_MS, message: "the Send bar saying Sent ✓" })
      .toMatch(/Sent ✓ — with control at \d\d:\d\d/);
    expect(await inViewport(page, last), "the confirmation on screen").toBe(true);
    expect(await inViewport(page, send), "Send still on screen").toBe(true);
    await shootPhoneSizes(page, "steward/02-online-sent");

    await strip.getByRole("button", { name: /more/ }).click();
    expect(await strip.textContent()).toContain("Queue building");
    await shootPhoneSizes(page, "steward/03-alerts-open");
    await context.close();
  }, 120_000);

  it("O12: a slow ack while online says 'Sending…', never 'no signal', until it comes", async () => {
    const context = await stewardPhone(browser);
    const page = await context.newPage();
    await openStewardApp(page, server.url);
    // The newest operation's log holds its answers until the test lets them go.
    const log = server.app.ops.all().at(-1);
    if (!log) throw new Error("no operation");
    const real = log.execute.bind(log);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    log.execute = async (...args: Parameters<typeof real>) => {
      await held;
      return real(...args);
    };
    try {
      await report(page, "Gate breach", "Slow server, good signal");
      const last = page.getByRole("status", { name: "Last report" });
      // Past the 5 s ack deadline the send is tried again: still "Sending…", with why.
      await expect
        .poll(() => last.textContent(), { timeout: UI_MS, message: "the slow ack said as slow" })
        .toContain("Sending… (slow connection, still trying)");
      expect(await last.textContent()).not.toMatch(/signal|Saved on this phone/);
      await shootPhoneSizes(page, "steward/02b-online-slow-ack");
    } finally {
      log.execute = real;
      release();
    }
    await expect
      .poll(() => page.getByRole("status", { name: "Last report" }).textContent(), { timeout: UI_MS, message: "Sent once the ack came" })
      .toMatch(/Sent ✓ — with control at \d\d:\d\d/);
    expect(Object.values(log.state.reports).filter((r) => r.text === "Slow server, good signal")).toHaveLength(1);
    await context.close();
  }, 120_000);

  it("O2: a report made offline goes to the operation it was made in, after a newer operation has opened", async () => {
    const context = await stewardPhone(browser);
    const page = await context.newPage();
    await openStewardApp(page, server.url);
    await context.setOffline(true);
    await report(page, "Medical", "Made in the first match, offline");
    const last = page.getByRole("status", { name: "Last report" });
    await expect
      .poll(() => last.textContent(), { timeout: UI_MS, message: "saved on the phone" })
      .toContain("Saved on this phone — not yet received");
    expect(await last.textContent()).toMatch(/Keep Cordon open until this says Sent|even if you close Cordon/);
    await shootPhoneSizes(page, "steward/04-offline-saved");
    await page.getByRole("region", { name: "My reports" }).scrollIntoViewIfNeeded();
    await shootPhoneSizes(page, "steward/05-offline-my-reports");

    // Control opens a newer operation; the phone, back in signal, opens it (the newest). The
    // service worker's HTTP sends are held off, so it is the reopened page, on the newer
    // operation, that delivers the report (O10 covers the worker).
    const second = await server.openOperation("England v Italy — replay night");
    await page.close();
    await context.route("**/api/operations/*/commands/*", (route) => route.abort());
    await context.setOffline(false);
    const again = await context.newPage();
    await again.goto(`${server.url}/steward`);
    await waitStewardLive(again);
    await expect
      .poll(() => again.getByRole("banner").textContent(), { timeout: UI_MS, message: "the header naming the newer operation" })
      .toContain("replay night");
    const inFirst = () =>
      Object.values(server.app.ops.get(first)?.state.reports ?? {}).filter((r) => r.text === "Made in the first match, offline");
    await expect.poll(() => inFirst().length, { timeout: 30_000, message: "the report in the first operation" }).toBe(1);
    expect(Object.values(server.app.ops.get(second)?.state.reports ?? {})).toHaveLength(0);
    const mine = again.getByRole("region", { name: "Sent from this phone" });
    await expect
      .poll(() => mine.textContent(), { timeout: UI_MS, message: "the phone saying where it went and Sent" })
      .toMatch(/For: England v Italy.*Sent ✓ — with control at \d\d:\d\d/);
    expect(await again.getByText(/not yet received/).count()).toBe(0);
    await shootPhoneSizes(again, "steward/06-online-newer-operation");
    await mine.scrollIntoViewIfNeeded();
    await shootPhoneSizes(again, "steward/06b-online-newer-operation-my-reports");
    await context.close();
  }, 120_000);

  it("O10: Background Sync: a report saved offline is sent by the service worker when the signal returns with the app closed", async () => {
    const context = await stewardPhone(browser);
    const page = await context.newPage();
    await openStewardApp(page, server.url);
    await context.setOffline(true);
    await report(page, "Pyrotechnics", "Flare thrown, block 112, app closed");
    const last = page.getByRole("status", { name: "Last report" });
    // The app says it may be closed only because the browser accepted the sync registration.
    await expect.poll(() => last.textContent(), { timeout: UI_MS, message: "the honest hint" }).toContain("even if you close Cordon");
    await page.close();
    // No Cordon page open; a blank tab gives the test a DevTools session.
    const blank = await context.newPage();
    await context.setOffline(false);
    // Chromium fires the sync by itself when the network returns, but when is its own business
    // (with a back-off of minutes after a failed try): the test fires the registered tag through
    // DevTools, as the browser would, so the worker's handler is what is tested.
    // In whichever operation the phone was on (the newest, after O2 has opened a second one).
    const arrived = () =>
      server.app.ops
        .all()
        .flatMap((log) => Object.values(log.state.reports))
        .filter((r) => r.text === "Flare thrown, block 112, app closed").length;
    await syncUntil(context, blank, server.url, () => arrived() > 0, "the report sent by the service worker, no page open");
    expect(arrived()).toBe(1);
    expect(context.pages().map((p) => p.url())).toEqual([blank.url()]);
    await context.close();
  }, 120_000);

  it("O3: an entry whose operation the server does not have is kept on the phone, marked refused with the reason, and not sent again", async () => {
    const context = await stewardPhone(browser);
    const page = await context.newPage();
    await openStewardApp(page, server.url);
    const steward = await server.app.accounts.byUsername("steward");
    // As a phone would hold it after its operation was closed and removed: written straight to the outbox's store.
    await page.evaluate(async (userId) => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const open = indexedDB.open("cordon-outbox");
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction("entries", "readwrite");
      tx.objectStore("entries").put({
        key: "closed-op-entry-0001",
        opId: "op-closed-last-week",
        opName: "Cup final (closed)",
        userId,
        command: "report:submit",
        body: { type: "medical", postId: "post-ow-boxpark", text: "Made before the operation closed", reporterTime: Date.now() },
        madeAt: Date.now(),
        state: "pending",
        failure: null,
        label: "Medical · Olympic Way checkpoint Boxpark",
        attachments: [],
      });
      await new Promise((resolve) => {
        tx.oncomplete = resolve;
      });
    }, steward?.id ?? "");
    await page.reload();
    await waitStewardLive(page);
    const mine = page.getByRole("region", { name: "Sent from this phone" });
    await expect
      .poll(() => mine.textContent(), { timeout: UI_MS, message: "the refused entry with its reason" })
      .toMatch(/For: Cup final \(closed\).*Not accepted by control: No operation op-closed-last-week/);
    expect(await mine.textContent()).toContain("Kept on this phone so it is not lost");
    await mine.scrollIntoViewIfNeeded();
    await shootPhoneSizes(page, "steward/10-online-refused-closed-operation");
    // Reopened: still there, still refused, not sent again.
    await page.reload();
    await waitStewardLive(page);
    await expect
      .poll(() => mine.textContent(), { timeout: UI_MS, message: "still kept after a reload" })
      .toContain("Not accepted by control");
    expect(
      server.app.ops
        .all()
        .flatMap((l) => Object.values(l.state.reports))
        .some((r) => r.text === "Made before the operation closed"),
    ).toBe(false);
    await context.close();
  }, 120_000);

  it("O9: signing out with a report unsent and no signal warns first; the phone is cleared at once; the server session ends when back online (old cookie: 401)", async () => {
    const context = await stewardPhone(browser);
    const page = await context.newPage();
    await openStewardApp(page, server.url);
    const cookie = (await context.cookies()).find((c) => c.name === "cordon_sid");
    expect(cookie).toBeDefined();
    await context.setOffline(true);
    await report(page, "Lost child", "Boy, 6, red shirt, by the north steps");
    await page.getByRole("button", { name: "Sign out" }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.waitFor({ timeout: UI_MS });
    expect(await dialog.textContent()).toContain("1 report is not yet with control");
    await shootPhoneSizes(page, "steward/07-offline-signout-warning");
    await dialog.getByRole("button", { name: /Stay signed in/ }).click();
    expect(await page.getByRole("button", { name: "Crowd surge", exact: true }).isVisible()).toBe(true);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page
      .getByRole("alertdialog")
      .getByRole("button", { name: /Sign out, leave them/ })
      .click();
    await page.getByLabel("Username").waitFor({ timeout: UI_MS });
    expect(await page.evaluate(() => localStorage.getItem("cordon.lastUser"))).toBeNull();
    expect(await page.textContent("body")).toContain("Signed out on this phone. No signal: the server is told as soon as there is.");
    await shootPhoneSizes(page, "steward/08-offline-signed-out");
    // Reopened with no signal: the sign-in page, not the last steward's app.
    await page.reload();
    await page.getByLabel("Username").waitFor({ timeout: UI_MS });
    // The server still has the session until the phone has signal again.
    const withOldCookie = () =>
      fetch(`${server.url}/api/session`, { headers: { cookie: `cordon_sid=${cookie?.value}` } }).then((r) => r.status);
    expect(await withOldCookie()).toBe(200);

    await context.setOffline(false);
    await page.reload();
    await page.getByLabel("Username").waitFor({ timeout: UI_MS });
    await expect.poll(withOldCookie, { timeout: UI_MS, message: "the old session refused once the phone is online" }).toBe(401);
    expect(await page.getByRole("button", { name: "Crowd surge", exact: true }).count()).toBe(0);
    await shootPhoneSizes(page, "steward/09-online-signed-out");
    await context.close();
  }, 120_000);
});
