import { createHash } from "node:crypto";
import sharp, { type OutputInfo } from "sharp";
import { exifTakenAt } from "./exifTime";
import type { StoredPhoto } from "./photoStore";
import { type ImageKind, sniffImage } from "./sniff";

/** The longest side a stored photo may have; larger ones are scaled down (issue 12 item 7). */
export const MAX_SIDE = 1600;
export const THUMB_SIDE = 320;
/** libvips decodes at most this many pixels: a small file that claims to be 100k × 100k is refused. */
const MAX_INPUT_PIXELS = 80_000_000;

export class PhotoRejected extends Error {}

/**
 * Turns uploaded bytes into the photo the server keeps: the type told by the bytes, decoded in
 * full (a truncated or corrupt file fails here), turned upright, scaled to at most 1600 px, and
 * re-encoded as a JPEG with no metadata at all; the capture time is kept as a field instead.
 * The same input gives the same output, so the same photo sent twice has the same SHA-256.
 */
export async function processPhoto(input: Buffer): Promise<StoredPhoto & { kind: ImageKind }> {
  const kind = sniffImage(input);
  if (!kind) throw new PhotoRejected("Not a JPEG, PNG or WebP image (judged by its content, not its name).");
  // failOn "truncated"... "warning" would also refuse some camera quirks; a short file must fail.
  const image = sharp(input, { failOn: "warning", limitInputPixels: MAX_INPUT_PIXELS });
  let takenAt: string | null;
  let body: Buffer;
  let info: OutputInfo;
  try {
    takenAt = exifTakenAt((await image.metadata()).exif);
    ({ data: body, info } = await image
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 82, mozjpeg: false })
      .toBuffer({ resolveWithObject: true }));
  } catch (err) {
    throw new PhotoRejected(`The ${kind.toUpperCase()} could not be read in full (${firstLine(err)}): it may be cut short or damaged.`);
  }
  const sha256 = createHash("sha256").update(body).digest("hex");
  return { kind, body, meta: { sha256, bytes: body.length, width: info.width, height: info.height, takenAt } };
}

/** A ~320 px JPEG of a stored photo, for the report card. */
export function thumbnailOf(full: Buffer): Promise<Buffer> {
  return sharp(full).resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: "inside" }).jpeg({ quality: 75 }).toBuffer();
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split("\n")[0] ?? "unknown error";
}
