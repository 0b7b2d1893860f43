import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/harness";

/** What the control board's client learns at sign-in (issue 10 item 2): status timers and attendance targets. */

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const MIN = 60_000;

async function session(s: TestServer, username: string): Promise<{ signedIn: unknown; current: unknown }> {
  const res = await fetch(`${s.url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "demo" }),
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const signedIn = await res.json();
  const current = await (await fetch(`${s.url}/api/session`, { headers: { cookie } })).json();
  return { signedIn, current };
}

describe("board settings in the session reply (M3)", () => {
  it("M3: control learns the status timers and attendance targets in ms at sign-in and from GET /api/session; stewards and officers get null", async () => {
    server = await startServer();
    for (const username of ["controller", "commander"]) {
      const { signedIn, current } = await session(server, username);
      expect(current).toEqual(signedIn);
      expect((signedIn as { boardSettings: unknown }).boardSettings).toEqual({
        statusTimersMs: { "en-route": 10 * MIN, "on-scene": 45 * MIN, committed: 60 * MIN, refreshment: 45 * MIN, returning: 15 * MIN },
        attendanceTargetsMs: { I: { assign: 2 * MIN, arrive: 15 * MIN }, S: { assign: 10 * MIN } },
      });
    }
    for (const username of ["steward", "officer"]) {
      const { signedIn, current } = await session(server, username);
      expect((signedIn as { boardSettings: unknown }).boardSettings, username).toBeNull();
      expect((current as { boardSettings: unknown }).boardSettings, username).toBeNull();
    }
  });

  it("M3: the configured values are what control is told; `none` is an empty object", async () => {
    server = await startServer({
      STATUS_TIMERS: { "en-route": 5 * MIN },
      ATTENDANCE_TARGETS: {},
    });
    const { current } = await session(server, "controller");
    expect((current as { boardSettings: unknown }).boardSettings).toEqual({
      statusTimersMs: { "en-route": 5 * MIN },
      attendanceTargetsMs: {},
    });
  });
});
