import type { PhotoStore } from "./photoStore";

/**
 * The photos a command names that this operation's store holds, with their capture times: what
 * `decide` (pure) is told, so it can refuse a report whose photo is still on the phone
 * (`photo_pending`) and put each photo's hash and time into the event.
 */
export async function knownPhotos(
  store: PhotoStore,
  opId: string,
  body: unknown,
): Promise<ReadonlyMap<string, { takenAt: string | null }>> {
  const named = photosNamed(body);
  const found = new Map<string, { takenAt: string | null }>();
  for (const sha256 of named) {
    const meta = await store.has(opId, sha256);
    if (meta) found.set(sha256, { takenAt: meta.takenAt });
  }
  return found;
}

/** The hashes in a parsed command body's `photos`, if it has any. */
function photosNamed(body: unknown): string[] {
  const photos = (body as { photos?: unknown } | null)?.photos;
  return Array.isArray(photos) ? photos.filter((p): p is string => typeof p === "string") : [];
}
