import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpSend } from "../../client/src/outbox/httpSend";
import { type AttachmentRef, newOutboxEntry } from "../../client/src/outbox/outboxEntry";
import { httpUploadPhoto } from "../../client/src/outbox/photoUpload";
import { createOutboxDrain, type OutboxChange } from "../../client/src/sync/outboxDrain";
import { ConfigError, loadConfig } from "../../server/config";
import { memoryOutbox } from "../support/faultyTransport";
import { newKey, startServer, type TestServer } from "../support/harness";
import { cameraJpeg, multipart, type Part, uploadPhoto } from "../support/photoUpload";

const PER_MINUTE = 3;
const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The upload budget (UPLOADS_PER_MINUTE): photos and partners' evidence cost an image each, per
 * account, counted before the body is read. A real server, real multipart bodies, real images;
 * the budget's clock is the test's, moved by hand (nothing here waits a minute).
 */
describe("uploads: a budget per account, refused before the body is read", () => {
  let server: TestServer;
  let opId: string;
  const clock = { t: Date.parse("2026-12-07T19:00:00Z") };
  const cookies: Record<string, string> = {};
  const tokens = { a: "", b: "", other: "" };
  let jpeg: Buffer;

  /** Every file under the photo store (bytes, meta and thumbnails). */
  const stored = (): string[] => {
    const dir = `${server.dbPath}.photos`;
    return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).sort() : [];
  };
  const seq = () => server.app.ops.get(opId)?.state.seq;
  /** A distinct real JPEG each time: a resend of the same bytes would store nothing either way. */
  let shade = 0;
  const freshJpeg = () => cameraJpeg(640, 480, `#${(0x203040 + 0x010203 * ++shade).toString(16).slice(-6)}`);

  const evidence = async (auth: { bearer?: string; cookie?: string }, key: string, files: Buffer[]) => {
    const parts: Part[] = [
      ...Object.entries({
        key,
        statement: "Camera 2: crowd building at the barrier",
        submitter: "R. Okafor",
        placeId: "post-ow-boxpark",
        occurredAt: "2026-12-07T18:55:00Z",
      }).map(([name, body]) => ({ name, body })),
      ...files.map((body, i) => ({ name: "file", filename: `cam2-${i}.jpg`, contentType: "image/jpeg", body })),
    ];
    const { body, contentType } = multipart(parts);
    const headers: Record<string, string> = { "content-type": contentType };
    if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`;
    if (auth.cookie) headers.cookie = auth.cookie;
    const res = await fetch(`${server.url}/api/operations/${opId}/evidence`, { method: "POST", headers, body: new Uint8Array(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
  };

  /** The 429 the budget gives: its code, a message saying when, the header saying the same, nothing kept. */
  const expectOverBudget = (got: { status: number; json: Record<string, unknown>; headers: Headers }, retryAfterS: number) => {
    expect(got.status).toBe(429);
    expect(got.headers.get("retry-after")).toBe(String(retryAfterS));
    expect(got.json).toEqual({
      error: {
        code: "rate_limited",
        message: `Too many uploads from your account: at most ${PER_MINUTE} images a minute. Try again in ${retryAfterS} s; nothing was kept.`,
      },
    });
  };

  beforeAll(async () => {
    server = await startServer({ UPLOADS_PER_MINUTE: PER_MINUTE }, { limitClock: () => clock.t });
    opId = await server.openOperation("Upload budget test");
    await server.app.accounts.create({
      username: "partner2",
      name: "Wembley Park CCTV",
      role: "partner",
      sector: null,
      unitId: null,
      post: null,
      operations: [],
      password: "a long enough password 2",
    });
    for (const who of ["steward", "steward2", "controller", "partner"]) cookies[who] = await server.signIn(who);
    const partner = await server.app.accounts.byUsername("partner");
    const partner2 = await server.app.accounts.byUsername("partner2");
    tokens.a = (await server.app.partnerTokens.create(partner?.id ?? "", "Boxpark export A")).token;
    tokens.b = (await server.app.partnerTokens.create(partner?.id ?? "", "Boxpark export B")).token;
    tokens.other = (await server.app.partnerTokens.create(partner2?.id ?? "", "Wembley Park export")).token;
    jpeg = await cameraJpeg(640, 480);
  });
  afterAll(async () => server?.close());

  it("H15: past UPLOADS_PER_MINUTE a steward's upload is 429 with Retry-After, before its body is read, and nothing is kept", async () => {
    for (let i = 0; i < PER_MINUTE; i++)
      expect((await uploadPhoto(server.url, opId, cookies.steward ?? "", await freshJpeg())).status).toBe(201);
    const before = stored();
    clock.t += 15_000;
    expectOverBudget(await uploadPhoto(server.url, opId, cookies.steward ?? "", await freshJpeg()), 45);
    // A body that is not even an image gets the same answer, not 415: it was never read.
    expectOverBudget(await uploadPhoto(server.url, opId, cookies.steward ?? "", Buffer.from("%PDF-1.7\n")), 45);
    expect(stored()).toEqual(before);
  });

  it("H16: meanwhile other accounts upload as usual, each with a budget of its own", async () => {
    for (const who of ["steward2", "controller"]) {
      const got = await uploadPhoto(server.url, opId, cookies[who] ?? "", await freshJpeg());
      expect({ who, status: got.status }).toEqual({ who, status: 201 });
    }
    expect((await uploadPhoto(server.url, opId, cookies.steward ?? "", jpeg)).status).toBe(429);
  });

  it("H17: the budget refills when its minute is over, not before; Retry-After counts down to it", async () => {
    clock.t += 44_000; // 59 s into the window
    expectOverBudget(await uploadPhoto(server.url, opId, cookies.steward ?? "", jpeg), 1);
    clock.t += 1_000;
    const got = await uploadPhoto(server.url, opId, cookies.steward ?? "", jpeg);
    expect(got.status).toBe(201);
    expect(got.headers.get("retry-after")).toBeNull();
  });

  it("H18: evidence costs an image per file, per partner whichever token (or session) it sends with; another partner is unaffected; nothing stored or appended past it", async () => {
    // Two files on token A, then one on token B: the partner's three.
    expect((await evidence({ bearer: tokens.a }, "budget-ev-0001", [await freshJpeg(), await freshJpeg()])).status).toBe(201);
    expect((await evidence({ bearer: tokens.b }, "budget-ev-0002", [await freshJpeg()])).status).toBe(201);
    const before = { files: stored(), seq: seq() };
    // Over: by either token, by the web form's session, with or without files, and as a photo.
    expectOverBudget(await evidence({ bearer: tokens.a }, "budget-ev-0003", [await freshJpeg()]), 60);
    expectOverBudget(await evidence({ bearer: tokens.b }, "budget-ev-0004", []), 60);
    expectOverBudget(await evidence({ cookie: cookies.partner ?? "" }, "budget-ev-0005", [await freshJpeg()]), 60);
    expectOverBudget(await uploadPhoto(server.url, opId, cookies.partner ?? "", await freshJpeg()), 60);
    expect({ files: stored(), seq: seq() }).toEqual(before);
    // Another partner's token still sends.
    expect((await evidence({ bearer: tokens.other }, "budget-ev-0006", [await freshJpeg()])).status).toBe(201);
  });

  it("H18: a submission whose files go past the budget is refused once they are counted, before any is decoded: nothing stored or appended", async () => {
    clock.t += 60_000;
    const files = [await freshJpeg(), await freshJpeg()];
    expect((await evidence({ bearer: tokens.other }, "budget-ev-0007", files)).status).toBe(201);
    const before = { files: stored(), seq: seq() };
    // One point is left: the first is charged before the body, the second after counting: over.
    expectOverBudget(await evidence({ bearer: tokens.other }, "budget-ev-0008", [await freshJpeg(), await freshJpeg()]), 60);
    expect({ files: stored(), seq: seq() }).toEqual(before);
  });
});

/**
 * The steward's phone against the budget: its outbox (the page's and the service worker's drain,
 * client/src/sync/outboxDrain.ts) with the real HTTP upload and send, a real server.
 */
describe("the phone's outbox over its upload budget", () => {
  let server: TestServer;
  const clock = { t: Date.parse("2026-12-07T19:00:00Z") };
  beforeAll(async () => {
    server = await startServer({ UPLOADS_PER_MINUTE: 2 }, { limitClock: () => clock.t });
  });
  afterAll(async () => server?.close());

  it("O19: a photo answered 429 keeps its report pending (never refused) with the server's wait; drained after it, the report goes with all its photos", async () => {
    const opId = await server.openOperation("Outbox over budget");
    const cookie = await server.signIn("steward");
    const steward = await server.app.accounts.byUsername("steward");
    // The page's fetch: same-origin paths, the steward's cookie.
    const phoneFetch = (p: string, init: RequestInit) =>
      fetch(`${server.url}${p}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
    const blobs: Record<string, Blob> = {};
    const attachments: AttachmentRef[] = [];
    for (let i = 0; i < 3; i++) {
      const key = newKey("photo");
      blobs[key] = new Blob([new Uint8Array(await cameraJpeg(320, 240, ["#703050", "#307050", "#305070"][i]))], { type: "image/jpeg" });
      attachments.push({ blobKey: key, mime: "image/jpeg", bytes: blobs[key].size, sha256: null });
    }
    const entry = newOutboxEntry({
      key: newKey("report"),
      opId,
      opName: "Outbox over budget",
      userId: steward?.id ?? "",
      command: "report:submit",
      body: { type: "crowd-surge", postId: "post-ow-boxpark", text: "Three photos of the crush", reporterTime: Date.now() },
      madeAt: 1,
      label: "Crowd surge",
      attachments,
    });
    const { storage: kept, entries } = memoryOutbox([entry]);
    const storage = { ...kept, blob: async (k: string) => blobs[k] };
    const changes: OutboxChange[] = [];
    const drain = () =>
      createOutboxDrain({
        storage,
        send: httpSend(phoneFetch),
        upload: httpUploadPhoto(phoneFetch),
        now: () => 5,
        onChange: (c) => changes.push(c),
      }).drain();

    await (await drain()).done;
    expect(changes.at(-1)).toEqual({ key: entry.key, state: "pending", waiting: true, photoPending: true, retryAfterMs: 60_000 });
    expect(entries.get(entry.key)?.state).toBe("pending");
    expect(entries.get(entry.key)?.attachments.map((a) => a.sha256 !== null)).toEqual([true, true, false]);
    expect(Object.values(server.app.ops.get(opId)?.state.reports ?? {})).toEqual([]);

    clock.t += 60_000;
    await (await drain()).done;
    expect(changes.at(-1)).toMatchObject({ key: entry.key, state: "sent" });
    expect(entries.size).toBe(0);
    const reports = Object.values(server.app.ops.get(opId)?.state.reports ?? {});
    expect(reports.map((r) => r.photos.length)).toEqual([3]);
  });
});

describe("UPLOADS_PER_MINUTE is checked at start-up", () => {
  it("H19: a malformed value is refused with its name and why; unset or empty, it is 30", () => {
    for (const bad of ["lots", "0", "2.5", "-3", "100001"]) expect(() => loadConfig({ UPLOADS_PER_MINUTE: bad }), bad).toThrow(ConfigError);
    expect(() => loadConfig({ UPLOADS_PER_MINUTE: "lots" })).toThrow(/UPLOADS_PER_MINUTE="lots": .*number/);
    expect(() => loadConfig({ UPLOADS_PER_MINUTE: "0" })).toThrow(/UPLOADS_PER_MINUTE="0": .*>=1/);
    expect(loadConfig({}).UPLOADS_PER_MINUTE).toBe(30);
    expect(loadConfig({ UPLOADS_PER_MINUTE: "" }).UPLOADS_PER_MINUTE).toBe(30);
    expect(loadConfig({ UPLOADS_PER_MINUTE: "120" }).UPLOADS_PER_MINUTE).toBe(120);
  });

  it("H19: the real entry point does not start with one: exit 2, the variable named", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server/main.ts")], {
      cwd: ROOT,
      env: { ...process.env, UPLOADS_PER_MINUTE: "lots", PORT: "0", DATABASE_PATH: path.join(ROOT, "tmp", "never-opened.db") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(output).toContain('UPLOADS_PER_MINUTE="lots"');
  }, 60_000);
});
