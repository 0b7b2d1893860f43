import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { io } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { ensureClientBuilt } from "../support/browser";
import { startServer, type TestServer } from "../support/harness";

/** A raw HTTP request, so that Host and X-Forwarded-For are exactly what an attacker sends. */
function raw(
  url: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: unknown },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { port } = new URL(url);
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: opts.method ?? "GET",
        path: opts.path,
        headers: { ...(body ? { "content-type": "application/json" } : {}), ...opts.headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          text += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const handshake = (url: string, headers: Record<string, string>) =>
  new Promise<string>((resolve) => {
    const socket = io(url, { transports: ["websocket"], extraHeaders: headers, reconnection: false, forceNew: true });
    socket.once("connect", () => {
      socket.close();
      resolve("connected");
    });
    socket.once("connect_error", (err) => {
      socket.close();
      resolve(`refused: ${err.message}`);
    });
  });

const signInAs = (url: string, username: string, password: string, headers: Record<string, string> = {}) =>
  raw(url, { method: "POST", path: "/api/session", headers, body: { username, password } });

/** Runs `n` tasks, `width` at a time. */
async function inBatches<T>(n: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += width)
    out.push(...(await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, j) => task(i + j)))));
  return out;
}

describe("the web edge (issue 8 item 6)", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("A16: a spoofed Host (DNS rebinding) is refused on REST (421) and at the socket handshake; the server's own names pass", {
    timeout: 90_000,
  }, async () => {
    server = await startServer({ ALLOWED_HOSTS: ["cordon.example.police.uk"] });
    const { port } = new URL(server.url);
    const cookie = await server.signIn("commander");
    for (const host of ["evil.example", `evil.example:${port}`, "127.0.0.1:1", "localhost"]) {
      const res = await raw(server.url, { path: "/api/session", headers: { host, cookie } });
      expect(res.status, host).toBe(421);
      expect((await raw(server.url, { path: "/healthz", headers: { host } })).status, host).toBe(421);
      expect(await handshake(server.url, { host, cookie })).toMatch(/^refused/);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, "cordon.example.police.uk"]) {
      expect((await raw(server.url, { path: "/api/session", headers: { host, cookie } })).status, host).toBe(200);
    }
    expect(await handshake(server.url, { host: `localhost:${port}`, cookie })).toBe("connected");
    // An allowed Host with a page of another origin is still refused by the Origin check.
    expect(await handshake(server.url, { cookie, origin: `http://127.0.0.1:${Number(port) + 1}` })).toMatch(/^refused/);
  });

  it("A17: the cross-port export is refused and logs nothing; the GET export is gone; exports, opens and sign-in need an allowed Origin", {
    timeout: 90_000,
  }, async () => {
    server = await startServer();
    const opId = await server.openOperation("Cross-port test");
    const cookie = await server.signIn("commander");
    const { port } = new URL(server.url);
    const evil = `http://127.0.0.1:${Number(port) + 1}`; // another port of the same host: the same site
    const entries = () => server!.app.storage.sqlite!.prepare("SELECT COUNT(*) AS n FROM access_log").get() as { n: number };
    const before = entries().n;
    const body = { reason: "Debrief of ingress", recipient: "Event review panel" };

    // Yesterday's attack: a GET with side effects. The route no longer exists as a GET.
    const asGet = await raw(server.url, {
      path: `/api/operations/${opId}/export/incidents.csv?reason=Debrief&recipient=Panel`,
      headers: { cookie },
    });
    expect(asGet.status).toBe(404);
    for (const route of ["/export/incidents.csv", "/export/events.ndjson", "/replay/open", "/replay/print", "/access-log"]) {
      const res = await raw(server.url, {
        method: "POST",
        path: `/api/operations/${opId}${route}`,
        headers: { cookie, origin: evil },
        body,
      });
      expect(res.status, route).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe("forbidden");
    }
    // A browser that sends only Sec-Fetch-Site is judged by it.
    const crossSite = await raw(server.url, {
      method: "POST",
      path: `/api/operations/${opId}/export/incidents.csv`,
      headers: { cookie, "sec-fetch-site": "same-site" },
      body,
    });
    expect(crossSite.status).toBe(403);
    expect((await signInAs(server.url, "commander", "demo", { origin: evil })).status).toBe(403);
    expect(entries().n).toBe(before);

    // The same request from the board's own origin goes through, and is logged.
    const own = await raw(server.url, {
      method: "POST",
      path: `/api/operations/${opId}/export/incidents.csv`,
      headers: { cookie, origin: server.url },
      body,
    });
    expect(own.status).toBe(200);
    expect(entries().n).toBe(before + 1);
  });

  it("A18: every /api answer, success or refusal, and every export is Cache-Control: no-store", async () => {
    server = await startServer();
    const opId = await server.openOperation("No-store test");
    const cookie = await server.signIn("analyst");
    const answers = [
      await raw(server.url, { path: "/api/session" }),
      await raw(server.url, { path: "/api/session", headers: { cookie } }),
      await raw(server.url, { path: "/api/operations", headers: { cookie } }),
      await raw(server.url, { path: "/api/no-such-route", headers: { cookie } }),
      await raw(server.url, { path: `/api/operations/${opId}/replay/state?at=0&basis=record`, headers: { cookie } }),
      await raw(server.url, { method: "POST", path: `/api/operations/${opId}/replay/open`, headers: { cookie } }),
      await raw(server.url, { method: "POST", path: "/api/session", body: { username: "analyst", password: "wrong" } }),
      await raw(server.url, {
        method: "POST",
        path: `/api/operations/${opId}/export/events.ndjson`,
        headers: { cookie },
        body: { reason: "Debrief", recipient: "Panel" },
      }),
    ];
    for (const a of answers) expect(a.headers["cache-control"], `${a.status} ${a.body.slice(0, 60)}`).toBe("no-store");
    expect(answers.map((a) => a.status)).toEqual([401, 200, 200, 404, 200, 200, 401, 200]);
  });

  it("A19: the production build has no source maps, and the server serves no *.map", { timeout: 240_000 }, async () => {
    ensureClientBuilt();
    const dist = path.resolve(import.meta.dirname, "../../dist/client");
    const files = fs.readdirSync(dist, { recursive: true, encoding: "utf8" });
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    const scripts = files.filter((f) => f.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    for (const f of scripts) expect(fs.readFileSync(path.join(dist, f), "utf8"), f).not.toMatch(/sourceMappingURL=(?!data:)/);
    server = await startServer();
    for (const f of [...scripts.slice(0, 3), "sw.js", "assets/index.js"]) {
      const res = await raw(server.url, { path: `/${f}.map` });
      expect(res.status, f).toBe(404);
      expect(res.body).not.toMatch(/"mappings"|<html/i);
    }
  });

  it("A20: /metrics is not public: 404 with nothing configured, 401 without the token, or only on its own listener", {
    timeout: 90_000,
  }, async () => {
    server = await startServer();
    expect((await raw(server.url, { path: "/metrics" })).status).toBe(404);
    await server.close();

    const token = "metrics-token-for-the-test-0123";
    server = await startServer({ METRICS_TOKEN: token });
    expect((await raw(server.url, { path: "/metrics" })).status).toBe(401);
    expect((await raw(server.url, { path: "/metrics", headers: { authorization: `Bearer ${token}x` } })).status).toBe(401);
    const ok = await raw(server.url, { path: "/metrics", headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatch(/^# HELP /m);
    await server.close();

    server = await startServer({ METRICS_PORT: 0 });
    expect((await raw(server.url, { path: "/metrics" })).status).toBe(404);
    const own = server.app.metricsServer!;
    await new Promise<void>((resolve) => own.listen(0, "127.0.0.1", resolve));
    const ownUrl = `http://127.0.0.1:${(own.address() as AddressInfo).port}`;
    expect((await raw(ownUrl, { path: "/metrics" })).status).toBe(200);
    expect((await raw(ownUrl, { path: "/api/session" })).status).toBe(404);
  });

  it("A21: a spray of 40 usernames from one address is throttled at SIGNIN_MAX_PER_ADDRESS, and 10,001 more names do not reset it", {
    timeout: 120_000,
  }, async () => {
    server = await startServer();
    const statuses = [];
    for (let i = 0; i < 40; i++) statuses.push((await signInAs(server.url, `user${i}`, "password1")).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // Yesterday 10,001 names emptied the limiter's table. Now the address's further names are refused
    // before anything is counted, and even 10,001 other names counted (as from a botnet) reset nothing.
    const spray = await inBatches(1000, 50, (i) => signInAs(server!.url, `spray-${i}`, "x").then((r) => r.status));
    expect(spray.filter((s) => s !== 429)).toEqual([]);
    const throttle = server.app.signInThrottle;
    for (let i = 0; i <= 10_000; i++) await throttle.failed(`198.51.${i >> 8}.${i & 255}`, `name-${i}`);
    const retry = await signInAs(server.url, "commander", "demo");
    expect(retry.status).toBe(429);
    expect(Number(retry.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("A22: X-Forwarded-For from a peer that is not a configured proxy is ignored; from a configured proxy it names the client", {
    timeout: 90_000,
  }, async () => {
    server = await startServer();
    // Each attempt claims another client address; all are counted against the real peer.
    const spoofed = [];
    for (let i = 0; i < 21; i++) {
      spoofed.push((await signInAs(server.url, `u${i}`, "x", { "x-forwarded-for": `203.0.113.${i}` })).status);
    }
    expect(spoofed.at(-1)).toBe(429);
    await server.close();

    server = await startServer({ TRUST_PROXY: ["127.0.0.1"] });
    const viaProxy = [];
    for (let i = 0; i < 21; i++) viaProxy.push((await signInAs(server.url, `u${i}`, "x", { "x-forwarded-for": "203.0.113.7" })).status);
    expect(viaProxy.at(-1)).toBe(429);
    // Another client behind the same proxy is its own address.
    expect((await signInAs(server.url, "steward", "demo", { "x-forwarded-for": "198.51.100.4" })).status).toBe(200);
  });

  it("A23: an account locked by wrong passwords takes the right one after the cooldown; the lockout is not permanent", async () => {
    // A short window, and few failures to fill it, so the lock is reached well inside the window on a slow machine.
    server = await startServer({ SIGNIN_WINDOW_MS: 2000, SIGNIN_MAX_PER_ACCOUNT: 3 });
    for (let i = 0; i < 3; i++) expect((await signInAs(server.url, "controller", "wrong")).status).toBe(401);
    expect((await signInAs(server.url, "controller", "demo")).status).toBe(429);
    // From another address the account is locked too (its own count, whoever sent the failures).
    expect(await server.app.signInThrottle.check("198.51.100.9", "controller")).not.toBeNull();
    expect(await server.app.signInThrottle.check("198.51.100.9", "steward")).toBeNull();
    // Attempts while locked do not count, so they cannot keep the lock on.
    for (let i = 0; i < 5; i++) expect((await signInAs(server.url, "controller", "wrong")).status).toBe(429);
    await server.app.signInThrottle.whenFree("127.0.0.1", "controller");
    expect((await signInAs(server.url, "controller", "demo")).status).toBe(200);
  });
});
