/**
 * The one piece of EXIF a photo keeps (issue 12 item 7): when it was taken. Everything else —
 * GPS, camera serial numbers, owner names — is dropped when the image is re-encoded. This reads
 * DateTimeOriginal (and OffsetTimeOriginal, where the camera wrote one) from the raw EXIF block
 * sharp hands over, without trusting any offset in it.
 */

const EXIF_IFD_POINTER = 0x8769;
const DATE_TIME_ORIGINAL = 0x9003;
const OFFSET_TIME_ORIGINAL = 0x9011;
const ASCII = 2;

interface Tiff {
  buf: Buffer;
  start: number;
  little: boolean;
}

/** `YYYY-MM-DDTHH:MM:SS` (with `±HH:MM` when recorded), or null when absent or malformed. */
export function exifTakenAt(exif: Buffer | undefined): string | null {
  if (!exif) return null;
  const start = exif.subarray(0, 6).toString("latin1") === "Exif\0\0" ? 6 : 0;
  const order = exif.subarray(start, start + 2).toString("latin1");
  if (order !== "II" && order !== "MM") return null;
  const t: Tiff = { buf: exif, start, little: order === "II" };
  const ifd0 = u32(t, 4);
  const exifIfd = ifd0 === null ? null : entry(t, ifd0, EXIF_IFD_POINTER);
  const pointer = exifIfd ? exifIfd.value : null;
  if (pointer === null) return null;
  const date = asciiOf(t, entry(t, pointer, DATE_TIME_ORIGINAL));
  const m = date?.match(/^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/);
  if (!m) return null;
  const offset = asciiOf(t, entry(t, pointer, OFFSET_TIME_ORIGINAL));
  const zone = offset && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : "";
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`;
}

function u16(t: Tiff, at: number): number | null {
  const i = t.start + at;
  if (at < 0 || i + 2 > t.buf.length) return null;
  return t.little ? t.buf.readUInt16LE(i) : t.buf.readUInt16BE(i);
}

function u32(t: Tiff, at: number): number | null {
  const i = t.start + at;
  if (at < 0 || i + 4 > t.buf.length) return null;
  return t.little ? t.buf.readUInt32LE(i) : t.buf.readUInt32BE(i);
}

interface Entry {
  type: number;
  count: number;
  /** The value itself for pointers; for data over 4 bytes, where it is. */
  value: number;
  at: number;
}

/** The entry for `tag` in the IFD at `ifd`, or null. */
function entry(t: Tiff, ifd: number, tag: number): Entry | null {
  const n = u16(t, ifd);
  if (n === null || n > 1000) return null;
  for (let k = 0; k < n; k++) {
    const at = ifd + 2 + k * 12;
    if (u16(t, at) !== tag) continue;
    const type = u16(t, at + 2);
    const count = u32(t, at + 4);
    const value = u32(t, at + 8);
    if (type === null || count === null || value === null) return null;
    return { type, count, value, at: at + 8 };
  }
  return null;
}

function asciiOf(t: Tiff, e: Entry | null): string | null {
  if (!e || e.type !== ASCII || e.count === 0 || e.count > 64) return null;
  const from = t.start + (e.count <= 4 ? e.at : e.value);
  if (from + e.count > t.buf.length) return null;
  return t.buf
    .subarray(from, from + e.count)
    .toString("latin1")
    .replace(/\0+$/, "");
}
