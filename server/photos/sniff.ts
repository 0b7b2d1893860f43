/**
 * The image types a photo may be, told by their first bytes (magic numbers): never by the file
 * name or the content type the client sends, which it chooses.
 */
export type ImageKind = "jpeg" | "png" | "webp";

const startsWith = (b: Buffer, bytes: readonly number[], at = 0) => bytes.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The kind of image `head` begins, or null (text, PDF, video, HEIC, …). Needs the first 12 bytes. */
export function sniffImage(head: Buffer): ImageKind | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) return "webp";
  return null;
}
