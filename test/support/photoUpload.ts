import sharp from "sharp";

/** A real JPEG made by sharp, with EXIF a phone would write: capture time, camera, GPS. */
export function cameraJpeg(width = 2400, height = 1200, colour = "#3a7a5a"): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .withExif({
      IFD0: { Make: "TestCam", Model: "Phone 9", Artist: "Jo Pike" },
      IFD2: { DateTimeOriginal: "2026:12:07 19:42:10", OffsetTimeOriginal: "+00:00" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 33/1 24/1", GPSLongitudeRef: "W", GPSLongitude: "0/1 16/1 48/1" },
    })
    .jpeg()
    .toBuffer();
}

/** A real PNG made by sharp (with transparency, which the stored JPEG flattens). */
export function png(width = 500, height = 300): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.6 } } })
    .png()
    .toBuffer();
}

export interface Part {
  name: string;
  /** A file part when given; else a text field. */
  filename?: string;
  contentType?: string;
  body: Buffer | string;
}

/** A multipart/form-data body built by hand, byte for byte, as a browser sends one. */
export function multipart(parts: readonly Part[]): { body: Buffer; contentType: string } {
  const boundary = `----cordon-test-${parts.length}-boundary-7d3f`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = p.filename === undefined ? `form-data; name="${p.name}"` : `form-data; name="${p.name}"; filename="${p.filename}"`;
    const head = [`--${boundary}`, `Content-Disposition: ${disposition}`];
    if (p.contentType) head.push(`Content-Type: ${p.contentType}`);
    chunks.push(Buffer.from(`${head.join("\r\n")}\r\n\r\n`), Buffer.from(p.body), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POSTs one photo as `photo` to an operation, with the session cookie given (or none). */
export async function uploadPhoto(
  url: string,
  opId: string,
  cookie: string | null,
  file: Buffer,
  opts: { filename?: string; contentType?: string; field?: string; key?: string } = {},
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const { body, contentType } = multipart([
    { name: opts.field ?? "photo", filename: opts.filename ?? "photo.jpg", contentType: opts.contentType ?? "image/jpeg", body: file },
  ]);
  const headers: Record<string, string> = { "content-type": contentType };
  if (cookie) headers.cookie = cookie;
  if (opts.key) headers["idempotency-key"] = opts.key;
  const res = await fetch(`${url}/api/operations/${opId}/photos`, { method: "POST", headers, body: new Uint8Array(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}
