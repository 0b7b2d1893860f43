import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/** What the server keeps about a photo besides its bytes (always a JPEG once processed). */
export interface PhotoMeta {
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  /** The camera's EXIF DateTimeOriginal (its own clock, `YYYY-MM-DDTHH:MM:SS[±HH:MM]`), or null. */
  takenAt: string | null;
}

export interface StoredPhoto {
  meta: PhotoMeta;
  body: Buffer;
}

/**
 * Where photos live (issue 12 item 7): content-addressed by the SHA-256 of the stored JPEG, per
 * operation, so a report can name only a photo uploaded to its own operation. `put` of a photo
 * already there changes nothing (idempotent by content). A PostgreSQL deployment uses the same
 * directory implementation on PHOTO_DIR (a shared mount when there are several processes).
 */
export interface PhotoStore {
  put(opId: string, photo: StoredPhoto): Promise<void>;
  get(opId: string, sha256: string): Promise<StoredPhoto | null>;
  has(opId: string, sha256: string): Promise<PhotoMeta | null>;
  /** The ~320 px thumbnail, made by `make` on first ask and kept beside the photo. */
  thumb(opId: string, sha256: string, make: (full: Buffer) => Promise<Buffer>): Promise<Buffer | null>;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
const SAFE_OP = /^[A-Za-z0-9_.-]{1,64}$/;

/** `<dir>/<opId>/<sha256>.jpg`, with `<sha256>.json` (meta) and `<sha256>.thumb.jpg` beside it. */
export class DirectoryPhotoStore implements PhotoStore {
  constructor(private readonly dir: string) {}

  async put(opId: string, photo: StoredPhoto): Promise<void> {
    const base = this.base(opId, photo.meta.sha256);
    if (await this.has(opId, photo.meta.sha256)) return;
    await fs.mkdir(path.dirname(base), { recursive: true });
    // The bytes first, the meta last: `has` reads the meta, so a crash between leaves no photo.
    await writeAtomically(`${base}.jpg`, photo.body);
    await writeAtomically(`${base}.json`, Buffer.from(JSON.stringify(photo.meta)));
  }

  async has(opId: string, sha256: string): Promise<PhotoMeta | null> {
    const text = await readOrNull(`${this.base(opId, sha256)}.json`);
    return text ? (JSON.parse(text.toString("utf8")) as PhotoMeta) : null;
  }

  async get(opId: string, sha256: string): Promise<StoredPhoto | null> {
    const meta = await this.has(opId, sha256);
    const body = meta ? await readOrNull(`${this.base(opId, sha256)}.jpg`) : null;
    return meta && body ? { meta, body } : null;
  }

  async thumb(opId: string, sha256: string, make: (full: Buffer) => Promise<Buffer>): Promise<Buffer | null> {
    const file = `${this.base(opId, sha256)}.thumb.jpg`;
    const cached = await readOrNull(file);
    if (cached) return cached;
    const full = await this.get(opId, sha256);
    if (!full) return null;
    const made = await make(full.body);
    await writeAtomically(file, made);
    return made;
  }

  private base(opId: string, sha256: string): string {
    // Both are checked by the routes; checked again here because they become a path.
    if (!SAFE_OP.test(opId) || !SHA256_HEX.test(sha256)) throw new Error(`not a photo name: ${opId}/${sha256}`);
    return path.join(this.dir, opId, sha256);
  }
}

async function readOrNull(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** Written to a temporary name and renamed, so a reader never sees half a file. */
async function writeAtomically(file: string, body: Buffer): Promise<void> {
  // Unique per write: two uploads of the same photo at once each rename a whole file of their own.
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  await fs.writeFile(tmp, body);
  await fs.rename(tmp, file);
}
