import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientBuilt, hasChromium, launchChromium, signInPage } from "../support/browser";
import { startServer, type TestServer } from "../support/harness";

/**
 * A page that speaks an older protocol than the server (as after an update): the page's
 * socket frames are rewritten on the way out so its hello says protocol 0.
 */
describe.skipIf(!hasChromium)("browser: a page of an older protocol version (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    await server.openOperation("Protocol test");
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("C12: the board shows one 'Cordon was updated: reload the page' and says hello once, also across a reconnect", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const hellos: string[] = [];
    const connects: string[] = [];
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((m) => {
        const text = typeof m === "string" ? m : m.toString();
        if (text.startsWith("40")) connects.push(text);
        if (text.includes('"sync:hello"')) {
          hellos.push(text);
          upstream.send(text.replace('"protocol":1', '"protocol":0'));
        } else upstream.send(m);
      });
      upstream.onMessage((m) => ws.send(m));
    });
    await signInPage(page, server.url, "controller");
    await page.waitForURL(/\/control/);
    const notice = page.getByRole("alert").filter({ hasText: "Cordon was updated: reload the page" });
    await expect.poll(() => notice.count(), { timeout: 20_000, message: "the reload notice never showed" }).toBe(1);
    expect(hellos, "one hello, with the page's own version").toHaveLength(1);
    expect(hellos[0]).toContain('"protocol":1');

    // The server drops the socket; the page reconnects (a second socket.io connect) and must not say hello again.
    server.app.io.disconnectSockets();
    await expect.poll(() => connects.length, { timeout: 20_000, message: "the page never reconnected" }).toBe(2);
    await expect
      .poll(() => server.app.io.sockets.sockets.size, { timeout: 20_000, message: "the server never saw the new socket" })
      .toBe(1);
    expect(hellos).toHaveLength(1);
    expect(await notice.count()).toBe(1);
  }, 90_000);
});
