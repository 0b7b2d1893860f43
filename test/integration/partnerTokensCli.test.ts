import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Bundle, bundleEntry } from "../support/bundle";
import { startServer, type TestServer } from "../support/harness";
import { cameraJpeg, multipart } from "../support/photoUpload";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** `npm run users -- token …` on the database a running server uses (SQLite in WAL: both may write). */
function users(args: string[], dbPath: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [usersCli.file, ...args, "--db", dbPath], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr.on("data", (b: Buffer) => (err += b.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, out, err })));
}

let server: TestServer;
let opId: string;
/** The users CLI in one file (started several times here; far quicker than through tsx). */
let usersCli: Bundle;
beforeAll(async () => {
  usersCli = await bundleEntry("scripts/users.ts");
  server = await startServer();
  opId = await server.openOperation("Partner token CLI test");
});
afterAll(async () => {
  usersCli?.remove();
  await server?.close();
});

async function sendWith(token: string, key: string): Promise<number> {
  const { body, contentType } = multipart([
    { name: "key", body: key },
    { name: "statement", body: "Fare evasion group heading to the stadium" },
    { name: "placeId", body: "post-ow-boxpark" },
    { name: "occurredAt", body: "2026-12-07T19:30:00Z" },
    { name: "submitter", body: "Control room, Wembley Park station" },
    { name: "file", filename: "platform2.jpg", body: await cameraJpeg(640, 480) },
  ]);
  const res = await fetch(`${server.url}/api/operations/${opId}/evidence`, {
    method: "POST",
    headers: { "content-type": contentType, authorization: `Bearer ${token}` },
    body: new Uint8Array(body),
  });
  return res.status;
}

it("H11: npm run users -- token add gives a partner a working token once; token revoke stops it at once; token list shows both; a steward gets none", async () => {
  const added = await users(["token", "add", "--username", "partner", "--label", "Station CCTV"], server.dbPath);
  expect(added.code).toBe(0);
  const token = added.out.match(/cpt_[A-Za-z0-9_-]{43}/)?.[0] ?? "";
  expect(token).not.toBe("");
  expect(await sendWith(token, "cli-token-send-1")).toBe(201);
  const id = added.out.match(/^Token (\d+) for partner/)?.[1] ?? "";
  const revoked = await users(["token", "revoke", "--username", "partner", "--id", id], server.dbPath);
  expect({ code: revoked.code, out: revoked.out.trim() }).toEqual({ code: 0, out: `Token ${id} of partner revoked; it no longer works.` });
  expect(await sendWith(token, "cli-token-send-2")).toBe(401);
  const listed = await users(["token", "list", "--username", "partner"], server.dbPath);
  expect(listed.out).toMatch(new RegExp(`^${id}\\tStation CCTV\\tmade \\S+\\trevoked \\S+$`, "m"));
  expect(listed.out).not.toContain(token);
  const steward = await users(["token", "add", "--username", "steward"], server.dbPath);
  expect({ code: steward.code, err: steward.err }).toMatchObject({
    code: 2,
    err: expect.stringContaining("API tokens are for partner accounts"),
  });
  const again = await users(["token", "revoke", "--username", "partner", "--id", id], server.dbPath);
  expect({ code: again.code, err: again.err.trim() }).toEqual({ code: 3, err: `partner has no live token ${id}.` });
}, 120_000);
