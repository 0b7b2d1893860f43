import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventPayload } from "../../shared/events";
import { expectOk, startServer, type TestClient, type TestServer } from "../support/harness";
import { cameraJpeg, png, uploadPhoto } from "../support/photoUpload";

const LIMIT = 200_000;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Photos on reports (issue 12 item 7) over a real server, real multipart bodies and real images. */
describe("photos: upload, reference from a report, read back", () => {
  let server: TestServer;
  let opId: string;
  let olderOp: string;
  let steward: TestClient;
  const cookies: Record<string, string> = {};

  /** Every file under the photo store, by path (bytes, meta and thumbnails). */
  const stored = (): string[] => {
    const dir = `${server.dbPath}.photos`;
    return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.includes(".")).sort() : [];
  };

  beforeAll(async () => {
    server = await startServer({ PHOTO_MAX_BYTES: LIMIT });
    olderOp = await server.openOperation("Last week's match");
    opId = await server.openOperation("Photo test");
    for (const who of ["commander", "controller", "analyst", "steward", "steward2"]) cookies[who] = await server.signIn(who);
    await server.app.accounts.create({
      username: "steward-elsewhere",
      name: "Steward 3001 — of another operation",
      role: "steward",
      sector: "olympic-way",
      unitId: null,
      post: null,
      operations: [olderOp],
      password: "a long enough password 1",
    });
    steward = await server.connect("steward");
    expectOk(await steward.hello(opId, null));
  });
  afterAll(async () => server?.close());

  it("H1: a JPEG from the camera is stored re-encoded, at most 1600 px, with no metadata but its capture time", async () => {
    const original = await cameraJpeg(2400, 1200);
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const { status, json } = await uploadPhoto(server.url, opId, cookies.steward ?? "", original, { key: "photo-key-0001" });
    expect(status).toBe(201);
    expect(json).toMatchObject({ width: 1600, height: 800, takenAt: "2026-12-07T19:42:10+00:00", key: "photo-key-0001" });
    const file = path.join(`${server.dbPath}.photos`, opId, `${json.sha256}.jpg`);
    const kept = fs.readFileSync(file);
    expect(sha(kept)).toBe(json.sha256);
    expect(kept.length).toBe(json.bytes);
    const meta = await sharp(kept).metadata();
    expect({ format: meta.format, exif: meta.exif, xmp: meta.xmp, icc: meta.icc, iptc: meta.iptc }).toEqual({
      format: "jpeg",
      exif: undefined,
      xmp: undefined,
      icc: undefined,
      iptc: undefined,
    });
  });

  it("H2: the same photo sent again is the same SHA-256 and stores nothing more; a PNG is kept as a JPEG", async () => {
    const original = await cameraJpeg(2400, 1200);
    const first = await uploadPhoto(server.url, opId, cookies.steward ?? "", original, { key: "photo-key-0002" });
    const files = stored();
    const again = await uploadPhoto(server.url, opId, cookies.steward ?? "", original, { key: "photo-key-0003" });
    expect(again.status).toBe(201);
    expect(again.json.sha256).toBe(first.json.sha256);
    expect(stored()).toEqual(files);
    const fromPng = await uploadPhoto(server.url, opId, cookies.controller ?? "", await png(500, 300), {
      filename: "still.png",
      contentType: "image/png",
    });
    expect(fromPng.status).toBe(201);
    expect(fromPng.json).toMatchObject({ width: 500, height: 300, takenAt: null });
    expect((await sharp(fs.readFileSync(path.join(`${server.dbPath}.photos`, opId, `${fromPng.json.sha256}.jpg`))).metadata()).format).toBe(
      "jpeg",
    );
  });

  describe("H3: each bad upload gets a clear error and stores nothing", () => {
    const refused = async (
      upload: () => Promise<{ status: number; json: Record<string, unknown> }>,
      status: number,
      code: string,
      says: RegExp,
    ) => {
      const before = stored();
      const { status: got, json } = await upload();
      expect({ status: got, code: (json.error as { code: string }).code }).toEqual({ status, code });
      expect((json.error as { message: string }).message).toMatch(says);
      expect(stored()).toEqual(before);
    };

    it("a PDF (wrong type)", () =>
      refused(
        () =>
          uploadPhoto(server.url, opId, cookies.steward ?? "", Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"), {
            filename: "x.pdf",
          }),
        415,
        "bad_photo",
        /Not a JPEG, PNG or WebP image/,
      ));

    it("a text file named .jpg and sent as image/jpeg", () =>
      refused(
        () =>
          uploadPhoto(server.url, opId, cookies.steward ?? "", Buffer.from("this is not a photo, only text\n"), {
            filename: "evidence.jpg",
          }),
        415,
        "bad_photo",
        /judged by its content, not its name/,
      ));

    it("a photo over PHOTO_MAX_BYTES", async () => {
      const noise = await sharp(Buffer.from(Array.from({ length: 400 * 400 * 3 }, (_, i) => (i * 7919) % 251)), {
        raw: { width: 400, height: 400, channels: 3 },
      })
        .png({ compressionLevel: 0 })
        .toBuffer();
      expect(noise.length).toBeGreaterThan(LIMIT);
      await refused(() => uploadPhoto(server.url, opId, cookies.steward ?? "", noise), 413, "payload_too_large", /at most 200000 bytes/);
    });

    it("a JPEG cut short", async () => {
      const whole = await cameraJpeg(1200, 900, "#884422");
      await refused(
        () => uploadPhoto(server.url, opId, cookies.steward ?? "", whole.subarray(0, Math.floor(whole.length / 2))),
        415,
        "bad_photo",
        /could not be read in full.*cut short or damaged/,
      );
    });

    it("no session", async () =>
      refused(async () => uploadPhoto(server.url, opId, null, await cameraJpeg()), 401, "unauthenticated", /Sign in/));

    it("a steward of another operation, and a steward on an operation their app does not open", async () => {
      const res = await fetch(`${server.url}/api/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "steward-elsewhere", password: "a long enough password 1" }),
      });
      expect(res.status).toBe(200);
      const elsewhere = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      await refused(
        async () => uploadPhoto(server.url, opId, elsewhere, await cameraJpeg()),
        403,
        "forbidden",
        /may not use this operation/,
      );
      await refused(
        async () => uploadPhoto(server.url, olderOp, cookies.steward ?? "", await cameraJpeg()),
        403,
        "forbidden",
        /may not use/,
      );
    });

    it("an analyst (no uploads), a file in another field, and a body that is not multipart", async () => {
      await refused(
        async () => uploadPhoto(server.url, opId, cookies.analyst ?? "", await cameraJpeg()),
        403,
        "forbidden",
        /analyst may not/,
      );
      await refused(
        async () => uploadPhoto(server.url, opId, cookies.steward ?? "", await cameraJpeg(), { field: "file" }),
        400,
        "bad_request",
        /field `photo`/,
      );
      await refused(
        async () => {
          const res = await fetch(`${server.url}/api/operations/${opId}/photos`, {
            method: "POST",
            headers: { cookie: cookies.steward ?? "", "content-type": "application/json" },
            body: JSON.stringify({ photo: "base64?" }),
          });
          return { status: res.status, json: (await res.json()) as Record<string, unknown> };
        },
        400,
        "bad_request",
        /multipart\/form-data/,
      );
    });
  });

  it("H4: a report names its uploaded photos, and the event carries each hash and capture time", async () => {
    const up = await uploadPhoto(server.url, opId, cookies.steward ?? "", await cameraJpeg(2000, 1500, "#224488"));
    const photo = String(up.json.sha256);
    const ack = expectOk(
      await steward.send(opId, "report:submit", {
        type: "disorder",
        postId: "post-ow-boxpark",
        text: "Fight, photo attached",
        reporterTime: 1,
        photos: [photo],
      }),
    );
    const event = await steward.waitFor((e) => e.seq === ack.seq);
    expect((event.payload as EventPayload<"StewardReportSubmitted">).photos).toEqual([
      { sha256: photo, takenAt: "2026-12-07T19:42:10+00:00" },
    ]);
    const report = Object.values(server.app.ops.get(opId)?.state.reports ?? {}).find((r) => r.text === "Fight, photo attached");
    expect(report?.photos).toEqual([{ sha256: photo, takenAt: "2026-12-07T19:42:10+00:00" }]);
  });

  it("H5: a report naming a photo not uploaded yet is refused photo_pending and appends nothing", async () => {
    const seq = server.app.ops.get(opId)?.state.seq;
    const missing = sha(Buffer.from("never uploaded"));
    const ack = await steward.send(opId, "report:submit", {
      type: "disorder",
      postId: "post-ow-boxpark",
      reporterTime: 1,
      photos: [missing],
    });
    expect(ack.ok ? null : ack.error.code).toBe("photo_pending");
    expect(ack.ok ? "" : ack.error.message).toMatch(/not reached the server yet \(photo pending\)/);
    // A photo uploaded to another operation does not count either.
    const elsewhere = await uploadPhoto(server.url, olderOp, cookies.controller ?? "", await png(64, 64));
    const other = await steward.send(opId, "report:submit", {
      type: "disorder",
      postId: "post-ow-boxpark",
      reporterTime: 1,
      photos: [String(elsewhere.json.sha256)],
    });
    expect(other.ok ? null : other.error.code).toBe("photo_pending");
    expect(server.app.ops.get(opId)?.state.seq).toBe(seq);
  });

  it("H4: the HTTP command route (the service worker's) decides a report with photos the same way: uploaded, taken; not yet, photo_pending", async () => {
    const up = await uploadPhoto(server.url, opId, cookies.steward ?? "", await cameraJpeg(900, 600, "#335577"));
    const post = (photos: string[], key: string) =>
      fetch(`${server.url}/api/operations/${opId}/commands/report:submit`, {
        method: "POST",
        headers: { cookie: cookies.steward ?? "", "content-type": "application/json" },
        body: JSON.stringify({ key, body: { type: "disorder", postId: "post-ow-boxpark", reporterTime: 1, photos } }),
      }).then(async (r) => ({ status: r.status, ack: (await r.json()) as { ok: boolean; error?: { code: string } } }));
    expect((await post([String(up.json.sha256)], "http-photo-report-1")).ack.ok).toBe(true);
    const pending = await post([sha(Buffer.from("still on the phone"))], "http-photo-report-2");
    expect(pending.ack.error?.code).toBe("photo_pending");
  });

  it("H6: control and analysts read a photo and its thumbnail; a steward only their own report's; every read is logged", async () => {
    const up = await uploadPhoto(server.url, opId, cookies.steward ?? "", await cameraJpeg(1800, 1200, "#aa3311"));
    const photo = String(up.json.sha256);
    expectOk(await steward.send(opId, "report:submit", { type: "medical", postId: "post-ow-boxpark", reporterTime: 1, photos: [photo] }));
    const get = (who: string, thumb = false) =>
      fetch(`${server.url}/api/operations/${opId}/photos/${photo}${thumb ? "?thumb=1" : ""}`, { headers: { cookie: cookies[who] ?? "" } });
    for (const who of ["controller", "analyst", "steward"]) {
      const res = await get(who);
      expect({ who, status: res.status, type: res.headers.get("content-type") }).toEqual({ who, status: 200, type: "image/jpeg" });
      expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(photo);
    }
    const thumb = await get("controller", true);
    const dims = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(Math.max(dims.width ?? 0, dims.height ?? 0)).toBe(320);
    expect(stored()).toContain(path.join(opId, `${photo}.thumb.jpg`));
    expect((await get("steward2")).status).toBe(404);
    expect((await fetch(`${server.url}/api/operations/${opId}/photos/${photo}`)).status).toBe(401);
    const log = server.app.storage.sqlite?.prepare("SELECT action, user_id FROM access_log WHERE target = ? ORDER BY id").all(photo);
    expect(log?.map((r) => (r as { action: string }).action)).toEqual(["photo.view", "photo.view", "photo.view", "photo.thumbnail"]);
  });
});
