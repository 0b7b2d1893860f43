/** The longer side of a photo as it leaves the phone: enough to read a face or a plate, not megabytes. */
export const PHOTO_MAX_PX = 1600;
const JPEG_QUALITY = 0.85;

/** The size to draw at: the longer side at most `max`, never enlarged. */
export function fitWithin(width: number, height: number, max = PHOTO_MAX_PX): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * A camera or gallery image, resized on the phone to at most 1600 px and re-encoded as JPEG, so a
 * 12-megapixel photo is a few hundred kB to keep in the outbox and to send on a weak signal. The
 * camera's rotation is applied here (the server strips the EXIF that says it).
 */
export async function resizePhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  try {
    const size = fitWithin(bitmap.width, bitmap.height);
    const canvas = document.createElement("canvas");
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2D canvas on this phone");
    ctx.drawImage(bitmap, 0, 0, size.width, size.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("the photo could not be encoded"))), "image/jpeg", JPEG_QUALITY),
    );
  } finally {
    bitmap.close();
  }
}
