import { describe, expect, it } from "vitest";
import { type AttachmentRef, newOutboxEntry, type OutboxEntry, type OutboxStorage } from "../../client/src/outbox/outboxEntry";
import type { UploadPhoto, UploadResult } from "../../client/src/outbox/photoUpload";
import { createOutboxDrain, type OutboxChange } from "../../client/src/sync/outboxDrain";
import type { CommandAck, SendCommand } from "../../client/src/sync/sendCommand";
import { fitWithin } from "../../client/src/views/steward/resizePhoto";
import { sendText } from "../../client/src/views/steward/sendStatus";
import { ErrorCode } from "../../shared/errors";

const hash = (c: string) => c.repeat(64);

/** A phone's outbox in memory, with the photos' bytes beside the entries. */
function photoOutbox(entry: OutboxEntry, blobs: Record<string, Blob>) {
  const entries = new Map([[entry.key, entry]]);
  const storage: OutboxStorage = {
    list: async () => [...entries.values()],
    save: async (e) => void entries.set(e.key, e),
    remove: async (key) => void entries.delete(key),
    markRefused: async (key, failure) => {
      const e = entries.get(key);
      if (e) entries.set(key, { ...e, state: "refused", failure });
    },
    blob: async (key) => blobs[key],
  };
  return { storage, entries };
}

function reportWithPhotos(n: number): { entry: OutboxEntry; blobs: Record<string, Blob> } {
  const blobs: Record<string, Blob> = {};
  const attachments: AttachmentRef[] = [];
  for (let i = 0; i < n; i++) {
    const key = `photo-key-${i}`;
    blobs[key] = new Blob([`jpeg ${i}`], { type: "image/jpeg" });
    attachments.push({ blobKey: key, mime: "image/jpeg", bytes: 6, sha256: null });
  }
  const body = { type: "crowd-surge" as const, postId: "post-ow-boxpark", text: "with photos", reporterTime: 1 };
  const entry = newOutboxEntry({
    key: "report-key-1",
    opId: "op-1",
    opName: "England v Italy",
    userId: "u-1",
    command: "report:submit",
    body,
    madeAt: 1,
    label: "Crowd surge",
    attachments,
  });
  return { entry, blobs };
}

/** The server as the drain sees it: uploads answer from a script, commands from another. */
function fakeServer(uploads: UploadResult[], acks: CommandAck[]) {
  const uploaded: { opId: string; key: string }[] = [];
  const sent: { key: string | undefined; photos: unknown }[] = [];
  const upload: UploadPhoto = async (opId, _blob, key) => {
    uploaded.push({ opId, key });
    return uploads.shift() ?? { ok: false, final: false, error: { code: ErrorCode.Unavailable, message: "no signal" } };
  };
  const send: SendCommand = async (_name, body, options) => {
    sent.push({ key: options?.key, photos: (body as { photos?: unknown }).photos });
    return acks.shift() ?? { ok: false, error: { code: ErrorCode.Unavailable, message: "no signal" } };
  };
  return { upload, send, uploaded, sent };
}

const ok = { ok: true, value: { seq: 1, duplicate: false } } as unknown as CommandAck;

describe("photos in the outbox: uploaded first, then the report names them (O15)", () => {
  it("O15: each photo goes with its own key, then the report with its key naming the hashes in order; it then leaves the outbox", async () => {
    const { entry, blobs } = reportWithPhotos(2);
    const { storage, entries } = photoOutbox(entry, blobs);
    const srv = fakeServer(
      [
        { ok: true, sha256: hash("a") },
        { ok: true, sha256: hash("b") },
      ],
      [ok],
    );
    await (await createOutboxDrain({ storage, send: srv.send, upload: srv.upload, now: () => 5 }).drain()).done;
    expect(srv.uploaded).toEqual([
      { opId: "op-1", key: "photo-key-0" },
      { opId: "op-1", key: "photo-key-1" },
    ]);
    expect(srv.sent).toEqual([{ key: "report-key-1", photos: [hash("a"), hash("b")] }]);
    expect(entries.size).toBe(0);
  });

  it("O15: with no signal for the second photo, the report is not sent, says photo pending, and the first photo is not uploaded again", async () => {
    const { entry, blobs } = reportWithPhotos(2);
    const { storage, entries } = photoOutbox(entry, blobs);
    const srv = fakeServer([{ ok: true, sha256: hash("a") }], []);
    const changes: OutboxChange[] = [];
    const drain = createOutboxDrain({ storage, send: srv.send, upload: srv.upload, now: () => 5, onChange: (c) => changes.push(c) });
    await (await drain.drain()).done;
    expect(srv.sent).toEqual([]);
    expect(changes.at(-1)).toEqual({ key: "report-key-1", state: "pending", waiting: true, photoPending: true });
    expect(entries.get("report-key-1")?.attachments.map((a) => a.sha256)).toEqual([hash("a"), null]);

    const again = fakeServer([{ ok: true, sha256: hash("b") }], [ok]);
    await (await createOutboxDrain({ storage, send: again.send, upload: again.upload, now: () => 6 }).drain()).done;
    expect(again.uploaded.map((u) => u.key)).toEqual(["photo-key-1"]);
    expect(again.sent).toEqual([{ key: "report-key-1", photos: [hash("a"), hash("b")] }]);
  });

  it("O15: photo_pending uploads every photo again and resends the report with the same key", async () => {
    const { entry, blobs } = reportWithPhotos(1);
    const { storage, entries } = photoOutbox(entry, blobs);
    const pending = { ok: false, error: { code: ErrorCode.PhotoPending, message: "photo pending" } } as CommandAck;
    const srv = fakeServer(
      [
        { ok: true, sha256: hash("a") },
        { ok: true, sha256: hash("a") },
      ],
      [pending, ok],
    );
    await (await createOutboxDrain({ storage, send: srv.send, upload: srv.upload, now: () => 5 }).drain()).done;
    expect(srv.uploaded.map((u) => u.key)).toEqual(["photo-key-0", "photo-key-0"]);
    expect(srv.sent).toEqual([
      { key: "report-key-1", photos: [hash("a")] },
      { key: "report-key-1", photos: [hash("a")] },
    ]);
    expect(entries.size).toBe(0);
  });

  it("O15: a photo refused for good (not an image) keeps the report on the phone, refused with the reason, never sent without it", async () => {
    const { entry, blobs } = reportWithPhotos(1);
    const { storage, entries } = photoOutbox(entry, blobs);
    const bad = { code: ErrorCode.BadPhoto, message: "Not a JPEG, PNG or WebP image." };
    const srv = fakeServer([{ ok: false, final: true, error: bad }], [ok]);
    await (await createOutboxDrain({ storage, send: srv.send, upload: srv.upload, now: () => 5 }).drain()).done;
    expect(srv.sent).toEqual([]);
    expect(entries.get("report-key-1")).toMatchObject({ state: "refused", failure: bad });
  });

  it("a photo is brought down to 1600 px on its longer side, never enlarged", () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(1080, 1920)).toEqual({ width: 900, height: 1600 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
  });

  it("the row says 'photo pending' while the photo has not gone, and not once sent", () => {
    const item = {
      key: "k",
      opId: "op-1",
      opName: "",
      command: "report:submit" as const,
      label: "Crowd surge",
      text: "",
      madeAt: 0,
      reporterTime: 0,
      state: "pending" as const,
      waiting: false,
      photoPending: true,
      ackAt: null,
      error: null,
    };
    expect(sendText("saved", item, null)).toBe("Saved on this phone — not yet received — photo pending");
    expect(sendText("sending", item, null)).toBe("Sending… — photo pending");
    expect(sendText("sent", { ...item, state: "sent", photoPending: false, ackAt: 0 }, null)).not.toContain("photo pending");
    // O19: the server asked for a wait (429): said as that, with when it goes again, never "slow connection".
    const held = { ...item, waiting: true, retryAt: new Date(2026, 11, 7, 19, 43).getTime() };
    expect(sendText("sending", held, null)).toBe(
      "Too many photos from your account this minute — sends again by itself at 19:43 — photo pending",
    );
  });
});
