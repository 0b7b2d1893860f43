import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountsServer, startAccountsServer } from "../support/accountsServer";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage } from "../support/browser";
import { expectOk, WAIT_MS } from "../support/harness";
import { shot } from "../support/screenshots";

describe.skipIf(!hasChromium)("the admin page in Chromium", () => {
  let server: AccountsServer;
  let browser: Browser;
  beforeAll(async () => {
    ensureClientBuilt();
    server = await startAccountsServer();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("E5: an admin creates an account and moves a steward to another sector; the steward's open socket closes at once", async () => {
    const opId = await server.openOperation("England v Italy");
    const steward = await server.socket(await server.signIn("steward"), "steward");
    expectOk(await steward.hello(opId));

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signInPage(page, server.url, "admin");
    await page.waitForURL(/\/admin$/, { timeout: WAIT_MS });
    const table = page.getByRole("table");
    await table.getByRole("row", { name: /steward2/ }).waitFor({ timeout: WAIT_MS });
    await shot(page, "admin-list");

    // A new steward account, through the form.
    await page.getByRole("button", { name: "New account" }).click();
    const form = page.getByRole("region", { name: "New account" });
    await form.getByLabel("Username").fill("s3091");
    await form.getByLabel("Name shown to others").fill("Steward 3091 — Ade Okafor");
    await form.getByLabel("Sector").selectOption({ label: "Olympic Way" });
    await form.getByLabel("New password (12+ characters)").fill("a long first password");
    await form.getByLabel("Again").fill("a long first password");
    await form.getByRole("button", { name: "Create account" }).click();
    await table.getByRole("row", { name: /s3091/ }).waitFor({ timeout: WAIT_MS });
    await server.signIn("s3091", "a long first password");

    // Move the connected steward: their idle socket is closed by the server.
    await table.getByRole("row", { name: /Steward 1182/ }).click();
    const editor = page.getByRole("region", { name: "Account steward" });
    await editor.getByLabel("Sector").selectOption({ label: "Stadium West" });
    await shot(page, "admin-edit");
    await editor.getByRole("button", { name: "Save changes" }).click();
    expect((await steward.ended()).reason).toMatch(/sign in again/);
    await table.getByRole("row", { name: /Steward 1182.*Stadium West/ }).waitFor({ timeout: WAIT_MS });
    expect((await server.app.accounts.byUsername("steward"))?.sector).toBe("stadium-west");
    await page.close();
  }, 120_000);
});
