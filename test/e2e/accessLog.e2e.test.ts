import fs from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage } from "../support/browser";
import { expectOk, startServer, type TestServer } from "../support/harness";
import { shot } from "../support/screenshots";

/** The access log from the browser (issue 8 item 7): what the views write, and the admin's page. */
describe.skipIf(!hasChromium)("browser: the access log (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let opId: string;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    opId = await server.openOperation("England v Italy (access log test)");
    const control = await server.connect("controller");
    expectOk(
      await control.send(opId, "incident:report", {
        type: "disorder",
        location: { lat: 51.561, lng: -0.2795 },
        description: "Fight at Boxpark",
      }),
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const actions = async (username: string) => {
    const user = (await server.app.accounts.byUsername(username))!;
    const rows = server.app.storage.sqlite!.prepare("SELECT action, target FROM access_log WHERE user_id = ? ORDER BY id").all(user.id) as {
      action: string;
      target: string | null;
    }[];
    return rows.map((r) => `${r.action} ${r.target ?? ""}`.trim());
  };

  it("E6: opening an incident's detail on the board, printing the replay's debrief and opening the printable report are each logged", {
    timeout: 90_000,
  }, async () => {
    const board = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signInPage(board, server.url, "commander");
    await board.getByText("Fight / disorder").filter({ visible: true }).first().click(); // not the type filter's option
    await expect.poll(() => actions("commander"), { timeout: 20_000 }).toContain("incident.open inc-1");
    await board.close();

    const replay = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signInPage(replay, server.url, "analyst");
    await replay.waitForURL(/\/replay/);
    await expect.poll(() => actions("analyst"), { timeout: 20_000 }).toContain("replay.open");
    await replay.getByRole("tab", { name: "Debrief" }).click();
    // window.print() is replaced so the test sees that it runs, and only after the log has the print.
    await replay.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await replay.getByRole("button", { name: "Print debrief" }).click();
    await expect.poll(() => replay.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    expect(await actions("analyst")).toContain("replay.print debrief");

    await replay.getByRole("tab", { name: "Exports" }).click();
    await replay.getByPlaceholder("e.g. Post-match debrief").fill("Browser test of the report");
    await replay.getByPlaceholder("e.g. Event review panel").fill("Test suite");
    const popup = replay.waitForEvent("popup");
    await replay.getByRole("button", { name: "Printable debrief report" }).click();
    const report = await popup;
    await expect.poll(() => report.url(), { timeout: 10_000 }).toMatch(/^blob:/);
    await expect.poll(() => report.textContent("body")).toContain("OFFICIAL-SENSITIVE");
    expect((await actions("analyst")).some((a) => a.startsWith("export.report.html cordon-report-"))).toBe(true);
    await replay.close();
  });

  it("E7: an admin searches the access log at /admin/access and exports it as CSV", { timeout: 90_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    await signInPage(page, server.url, "admin");
    await page.waitForURL(/\/admin$/);
    await page.getByRole("button", { name: "Access log" }).click();
    await page.waitForURL(/\/admin\/access$/);
    await page.getByText("incident.open").first().waitFor();
    await page.getByLabel("Action").selectOption("replay.print");
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => page.locator(".access-log-table tbody tr").count()).toBe(1);
    await expect.poll(() => page.locator(".access-log-table tbody").textContent()).toContain("Mark Ellis (Debrief)");
    await shot(page, "access-log");

    await page.getByPlaceholder("e.g. Quarterly audit").fill("Quarterly audit");
    await page.getByPlaceholder("e.g. Data Protection Officer").fill("DPO");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^cordon-access-log-\d{4}-\d\d-\d\d\.csv$/);
    const csv = fs
      .readFileSync((await file.path())!, "utf8")
      .trim()
      .split("\r\n");
    expect(csv.slice(1).map((l) => l.split('","')[7])).toEqual(["replay.print"]);
    expect(csv.slice(1).every((l) => l.startsWith('"OFFICIAL-SENSITIVE"'))).toBe(true);
    expect(await actions("admin")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^access-log\.search/), expect.stringMatching(/^access-log\.export/)]),
    );
    await page.close();
  });
});
