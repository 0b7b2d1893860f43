import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage, UI_MS } from "../support/browser";
import { expectOk, startServer, type TestClient, type TestServer } from "../support/harness";
import { shot } from "../support/screenshots";

const at = { olympicWay: { lat: 51.5605, lng: -0.2795 }, north: { lat: 51.5572, lng: -0.2797 } };

async function board(browser: Browser, url: string, username: string, width = 1920, height = 1080): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await signInPage(page, url, username);
  await page.waitForURL(/\/control/, { timeout: UI_MS });
  await page.getByText("Live", { exact: true }).first().waitFor({ timeout: UI_MS });
  return page;
}

const queueRows = (page: Page) => page.locator(".queue-rows .queue-row");
/** The map's outline of the sector a Bronze's board is filtered to (client/src/map/ScopeOutline.tsx). */
const OUTLINE = "path.scope-outline";

/** A Bronze's and Gold's boards in Chromium (issue 11 item 1): CR12, CR13. */
describe.skipIf(!hasChromium)("browser: Gold and Bronze boards (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let opId: string;
  let control: TestClient;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    opId = await server.openOperation("Command roles on the board");
    control = await server.connect("controller");
    const steward = await server.connect("steward");
    const steward2 = await server.connect("steward2");
    for (const c of [control, steward, steward2]) expectOk(await c.hello(opId, null));
    const unit = { kind: "serial", agency: "MPS" } as const;
    expectOk(await control.send(opId, "unit:register", { unitId: "psu-12a", callSign: "12A", sector: "olympic-way", ...unit }));
    expectOk(await control.send(opId, "unit:register", { unitId: "psu-n1", callSign: "N1", sector: "stadium-north", ...unit }));
    expectOk(await control.send(opId, "incident:report", { type: "disorder", location: at.olympicWay, description: "Fight by Boxpark" }));
    expectOk(await control.send(opId, "incident:report", { type: "medical", location: at.north, description: "Man down on the steps" }));
    expectOk(await steward.send(opId, "report:submit", { type: "drunk-drugs", postId: "post-ow-boxpark", reporterTime: Date.now() }));
    expectOk(await steward2.send(opId, "report:submit", { type: "medical", postId: "post-ts-entrance-h", reporterTime: Date.now() }));
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("CR12: a Bronze's board is their sector's by default: their Bronze name, queue, triage, the sector outlined, the list to acknowledge; Acknowledge records it", async () => {
    const page = await board(browser, server.url, "bronze");
    await expect.poll(() => page.getByTestId("user-role").textContent(), { timeout: UI_MS }).toBe("Bronze Olympic Way");
    expect(await page.getByTestId("sector-scope").inputValue()).toBe("own");
    await expect.poll(() => queueRows(page).count(), { timeout: UI_MS }).toBe(1);
    expect(await queueRows(page).first().textContent()).toContain("Fight / disorder");
    const triage = page.getByRole("region", { name: "Steward report triage" });
    await expect.poll(() => triage.locator(".report-card").count(), { timeout: UI_MS }).toBe(1);
    // Bronze does not triage: the card has no promote buttons.
    expect(await triage.getByRole("button", { name: "Merge…" }).count()).toBe(0);
    await expect.poll(() => page.getByTestId("bronze-unacked-count").textContent(), { timeout: UI_MS }).toBe("1");
    // Their sector is outlined on the map.
    await expect.poll(() => page.locator(OUTLINE).count(), { timeout: UI_MS }).toBe(1);
    await shot(page, "commandRoles/bronze-1920x1080");

    await page.getByRole("region", { name: "Awaiting your acknowledgement" }).getByRole("button", { name: "Acknowledge" }).click();
    await expect.poll(() => page.getByTestId("bronze-unacked-count").textContent(), { timeout: UI_MS }).toBe("0");
    expect(server.app.ops.get(opId)!.state.incidents["inc-1"]?.bronzeAck?.name).toBe("Insp. Sam Okafor (Bronze Olympic Way)");
    await queueRows(page).first().click();
    await expect.poll(() => page.getByTestId("bronze-ack").textContent(), { timeout: UI_MS }).toContain("Acknowledged by Insp. Sam Okafor");
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot(page, "commandRoles/bronze-1440x900");
    await page.close();
  }, 60_000);

  it("CR12: 'Whole ground' widens the incidents and the triage, says units stay the sector's; the Units tab lists the sector's only", async () => {
    const page = await board(browser, server.url, "bronze");
    await expect.poll(() => queueRows(page).count(), { timeout: UI_MS }).toBe(1);
    await page.getByTestId("sector-scope").selectOption("whole");
    await expect.poll(() => queueRows(page).count(), { timeout: UI_MS }).toBe(2);
    expect(await page.locator(".sector-scope").textContent()).toContain("units: Olympic Way only");
    await expect.poll(() => page.locator(OUTLINE).count(), { timeout: UI_MS }).toBe(0);
    const triage = page.getByRole("region", { name: "Steward report triage" });
    await expect.poll(() => triage.locator(".report-card").count(), { timeout: UI_MS }).toBe(2);
    // Another sector's incident: no Acknowledge and no note for this Bronze.
    await queueRows(page).filter({ hasText: "Medical" }).click();
    await expect
      .poll(() => page.getByTestId("bronze-ack").textContent(), { timeout: UI_MS })
      .toContain("Not yet acknowledged by Bronze Stadium North");
    expect(await page.getByTestId("bronze-ack").getByRole("button").count()).toBe(0);
    await shot(page, "commandRoles/bronze-whole-1920x1080");
    await page.getByRole("tab", { name: "Units" }).click();
    const board_ = page.locator(".tab-panel");
    await expect.poll(() => board_.textContent(), { timeout: UI_MS }).toContain("12A");
    expect(await board_.textContent()).not.toContain("N1");
    await page.close();
  }, 60_000);

  it("CR13: Gold's board says it is read-only and offers no command but decisions", async () => {
    const page = await board(browser, server.url, "gold");
    await page.getByText("Gold: read-only — decisions only").waitFor({ timeout: UI_MS });
    expect(await page.getByTestId("user-role").textContent()).toBe("Gold");
    await expect.poll(() => queueRows(page).count(), { timeout: UI_MS }).toBe(2);
    expect(await page.getByRole("button", { name: /New incident/ }).count()).toBe(0);
    await queueRows(page).filter({ hasText: "Medical" }).click();
    await page.getByTestId("bronze-ack").waitFor({ timeout: UI_MS });
    for (const name of ["I", "Edit", "Release", "Add note", "Acknowledge", /^Resolve/]) {
      expect(
        await page
          .locator(".col-right")
          .getByRole("button", { name, exact: typeof name === "string" })
          .count(),
        String(name),
      ).toBe(0);
    }
    expect(await page.locator(".report-card").first().getByRole("button", { name: "Merge…" }).count()).toBe(0);
    // The keys do not send what the buttons do not offer: a word on the board, no dialog, nothing sent.
    const seqBefore = server.app.ops.get(opId)?.state.seq;
    await page.locator(".col-right").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("c");
    await expect.poll(() => page.locator(".toast").last().textContent(), { timeout: UI_MS }).toContain("Gold's board is read-only");
    expect(await page.getByRole("dialog").count()).toBe(0);
    await page.keyboard.press("i");
    await expect.poll(() => page.locator(".toast").count(), { timeout: UI_MS }).toBeGreaterThanOrEqual(1);
    expect(server.app.ops.get(opId)?.state.seq).toBe(seqBefore);
    await shot(page, "commandRoles/gold-1920x1080");
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot(page, "commandRoles/gold-1440x900");
    await page.close();
  }, 60_000);
});
